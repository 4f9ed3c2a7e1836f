// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons: the push area.  A thread that opted in registers an
 * area; the kernel writes the record there when a system call fails with
 * EPERM or EACCES, and tells the area when the record stops explaining
 * errno (a signal handler's return, an error a tracer set).
 *
 * Opts in and registers with the raw system call, so that the C library
 * (which registers an area of its own when it sees the opt-in) stays out.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/io_uring.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <net/if.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#ifndef AT_DENIAL_REASON
#define AT_DENIAL_REASON 0x44454e59
#endif

#define USER_UID	1000
#define USER_GID	1000
#define EXEC_ENV	"DENIAL_REASON_AREA_EXEC"

static struct denial_reason_area area __attribute__((aligned(8)));

static long raw_prctl(unsigned long op, unsigned long a3, unsigned long a4)
{
	return syscall(__NR_prctl, PR_DENIAL_REASON, op, a3, a4, 0);
}

static long opt_in(void)
{
	return raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_ON, 0);
}

static long set_area(void *addr, unsigned long size)
{
	return raw_prctl(PR_DENIAL_REASON_AREA, (unsigned long)addr, size);
}

/* The record in the area explains the latest failure. */
static bool area_current(void)
{
	return area.record_seq && area.record_seq == area.seq;
}

/* Hard links to directories: a failure no check notes (EPERM). */
static int fail_unknown(void)
{
	return syscall(__NR_linkat, AT_FDCWD, "/tmp", AT_FDCWD,
		       "/tmp/denial_reason_area_link", 0);
}

/* Another user's process environment: a failure with a reason. */
static int fail_eacces(void)
{
	return syscall(__NR_openat, AT_FDCWD, "/proc/1/environ", O_RDONLY);
}

static void drop_to_user(struct __test_metadata *_metadata)
{
	gid_t groups[] = { USER_GID };

	ASSERT_EQ(0, setgroups(1, groups));
	ASSERT_EQ(0, setresgid(USER_GID, USER_GID, USER_GID));
	ASSERT_EQ(0, setresuid(USER_UID, USER_UID, USER_UID));
}

#define REQUIRE_AREA()							\
	do {								\
		if (opt_in() && errno == EINVAL)			\
			SKIP(return, "kernel without denial reasons"); \
		if (set_area(NULL, 0))					\
			SKIP(return, "kernel without the push area");	\
	} while (0)

/* Exec'ed: report what the auxiliary vector says, then exit. */
static void __attribute__((constructor)) exec_helper(void)
{
	const char *mode = getenv(EXEC_ENV);

	if (!mode)
		return;
	errno = 0;
	_exit(getauxval(AT_DENIAL_REASON) == (unsigned long)atoi(mode) ? 0 : 1);
}

TEST(bad_arguments)
{
	long page = sysconf(_SC_PAGESIZE);
	void *ro;

	REQUIRE_AREA();
	/* Only a thread that opted in has an area. */
	ASSERT_EQ(0, raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_OFF, 0));
	ASSERT_EQ(-1, set_area(&area, sizeof(area)));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, opt_in());

	ASSERT_EQ(-1, set_area(&area, DENIAL_REASON_AREA_SIZE_VER0 - 8));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_area(&area, page + 8));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_area((char *)&area + 4, sizeof(area)));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_area(NULL, sizeof(area)));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, set_area((void *)8, sizeof(area)));
	ASSERT_EQ(EFAULT, errno);
	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(-1, set_area(ro, sizeof(area)));
	ASSERT_EQ(EFAULT, errno);

	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	ASSERT_EQ(-1, set_area(&area, sizeof(area)));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, set_area(NULL, 0));
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
}

TEST(push)
{
	struct denial_reason first;
	__u64 seq;

	REQUIRE_AREA();
	memset(&area, 0xa5, sizeof(area));
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	ASSERT_EQ(sizeof(area), area.size);
	ASSERT_EQ(0, area.flags);
	ASSERT_NE(0, area.seq);
	ASSERT_EQ(0, area.record_seq);
	ASSERT_FALSE(area_current());
	seq = area.seq;

	ASSERT_EQ(-1, fail_unknown());
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(seq + 1, area.seq);
	ASSERT_TRUE(area_current());
	ASSERT_EQ(sizeof(area.record), area.record.size);
	ASSERT_EQ(EPERM, area.record.error);
	ASSERT_EQ(__NR_linkat, area.record.syscall_nr);
	ASSERT_EQ(DENIAL_SOURCE_UNKNOWN, area.record.source);

	drop_to_user(_metadata);
	ASSERT_EQ(-1, fail_eacces());
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(seq + 2, area.seq);
	ASSERT_TRUE(area_current());
	ASSERT_EQ(EACCES, area.record.error);
	ASSERT_NE(DENIAL_SOURCE_UNKNOWN, area.record.source);
	ASSERT_EQ(USER_UID, area.record.uid);
	first = area.record;

	/* Successes and other errors leave the record current. */
	ASSERT_LT(0, syscall(__NR_getpid));
	ASSERT_EQ(-1, open("/nonexistent/denial_reason", O_RDONLY));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(seq + 2, area.seq);
	ASSERT_TRUE(area_current());
	ASSERT_EQ(0, memcmp(&first, &area.record, sizeof(first)));
}

/* Registered, then unmapped: the thread loses its area, nothing else. */
TEST(unmapped_area)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	REQUIRE_AREA();
	p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, set_area(p, page));
	ASSERT_EQ(0, munmap(p, page));
	ASSERT_EQ(-1, fail_unknown());
	ASSERT_EQ(EPERM, errno);
	/* Dropped: a new area can be registered. */
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
}

static volatile sig_atomic_t handled;

static void empty_handler(int sig)
{
	handled = 1;
}

static void failing_handler(int sig)
{
	int saved = errno;

	fail_unknown();
	errno = saved;
	handled = 1;
}

/* After a signal handler, the record no longer explains errno. */
TEST(signal_handler)
{
	void (*handlers[])(int) = { empty_handler, failing_handler };

	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	drop_to_user(_metadata);
	for (int i = 0; i < 2; i++) {
		struct denial_reason before;

		ASSERT_NE(SIG_ERR, signal(SIGUSR1, handlers[i]));
		ASSERT_EQ(-1, fail_eacces());
		ASSERT_TRUE(area_current());
		before = area.record;
		handled = 0;
		ASSERT_EQ(0, syscall(__NR_kill, getpid(), SIGUSR1));
		ASSERT_TRUE(handled);
		TH_LOG("handler %d: seq %llu, record_seq %llu", i,
		       area.seq, area.record_seq);
		ASSERT_FALSE(area_current());
		if (i == 0)
			ASSERT_EQ(0, memcmp(&before, &area.record,
					    sizeof(before)));
	}
}

static void *thread_fails(void *arg)
{
	return (void *)(long)fail_unknown();
}

/* A thread has an area of its own, or none: never its creator's. */
TEST(new_thread)
{
	__u64 seq;
	pthread_t t;
	void *ret;

	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	seq = area.seq;
	ASSERT_EQ(0, pthread_create(&t, NULL, thread_fails, NULL));
	ASSERT_EQ(0, pthread_join(t, &ret));
	ASSERT_EQ(-1, (long)ret);
	ASSERT_EQ(seq, area.seq);
	ASSERT_EQ(0, area.record_seq);
}

/* A forked child writes to its own copy of the area. */
TEST(forked_child)
{
	int status;
	__u64 seq;
	pid_t pid;

	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	seq = area.seq;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (fail_unknown() != -1)
			_exit(1);
		_exit(area.seq == seq + 1 && area_current() &&
		      area.record.error == EPERM ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(seq, area.seq);
	/* And the registration came along: a second one is refused. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(set_area(&area, sizeof(area)) == -1 && errno == EBUSY ?
		      0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

static int run_exec(const char *mode)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *argv[] = { "/proc/self/exe", NULL };

		setenv(EXEC_ENV, mode, 1);
		execv(argv[0], argv);
		_exit(3);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The auxiliary vector tells a new program whether it starts opted in. */
TEST(auxv)
{
	REQUIRE_AREA();
	ASSERT_EQ(0, run_exec("1"));
	ASSERT_EQ(0, raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_OFF, 0));
	ASSERT_EQ(0, run_exec("0"));
}

/*
 * Opting out, or unregistering, tells the area, which its owner may
 * still read.
 */
TEST(opt_out)
{
	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	ASSERT_EQ(-1, fail_unknown());
	ASSERT_TRUE(area_current());
	ASSERT_EQ(0, set_area(NULL, 0));
	ASSERT_FALSE(area_current());

	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	ASSERT_EQ(-1, fail_unknown());
	ASSERT_TRUE(area_current());
	ASSERT_EQ(0, raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_OFF, 0));
	ASSERT_FALSE(area_current());
}

/*
 * Ask rtnetlink to take the loopback device down, and return the error
 * of its acknowledgement: the system calls themselves succeed.
 */
static int rtnetlink_set_lo_down(void)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh.nlmsg_len = sizeof(req),
		.nh.nlmsg_type = RTM_NEWLINK,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.ifi.ifi_family = AF_UNSPEC,
		.ifi.ifi_index = (int)if_nametoindex("lo"),
		.ifi.ifi_change = IFF_UP,
	};
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr err;
	} ack;
	int fd, ret = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return 2;
	if (send(fd, &req, sizeof(req), 0) == sizeof(req) &&
	    recv(fd, &ack, sizeof(ack), 0) >= (ssize_t)sizeof(ack) &&
	    ack.nh.nlmsg_type == NLMSG_ERROR)
		ret = ack.err.error;
	close(fd);
	return ret;
}

/*
 * An area of the first size, as a C library built before the record grew
 * registers it: the kernel writes the record it knew then, and nothing
 * past the area.
 */
TEST(first_size)
{
	REQUIRE_AREA();
	memset(&area, 0xa5, sizeof(area));
	ASSERT_EQ(0, set_area(&area, DENIAL_REASON_AREA_SIZE_VER0));
	ASSERT_EQ(DENIAL_REASON_AREA_SIZE_VER0, area.size);
	drop_to_user(_metadata);
	ASSERT_EQ(-1, fail_eacces());
	ASSERT_EQ(EACCES, errno);
	ASSERT_TRUE(area_current());
	EXPECT_EQ(DENIAL_REASON_SIZE_VER1, area.record.size);
	EXPECT_EQ(EACCES, area.record.error);
	EXPECT_EQ((char)0xa5, area.record.lsm_class[0]);
	EXPECT_EQ((char)0xa5,
		  area.record.lsm_perms[sizeof(area.record.lsm_perms) - 1]);
}

/*
 * A netlink request refused in its acknowledgement: errno comes from
 * the message, not from a failed system call.  The send that carried it
 * pushes the refusal's record, which replaces the older one, and the
 * receive that reads the acknowledgement leaves it.
 */
TEST(netlink_ack)
{
	__u64 seq;

	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	/* Whatever happens, not to the host's loopback device. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	drop_to_user(_metadata);
	ASSERT_EQ(-1, syscall(__NR_kill, 1, 0));
	ASSERT_EQ(EPERM, errno);
	ASSERT_TRUE(area_current());
	seq = area.seq;
	ASSERT_EQ(-EPERM, rtnetlink_set_lo_down());
	ASSERT_TRUE(area_current());
	EXPECT_LT(seq, area.seq);
	EXPECT_EQ(EPERM, area.record.error);
	EXPECT_EQ(__NR_sendto, area.record.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, area.record.source);
	EXPECT_EQ(CAP_NET_ADMIN, area.record.capability);
}

/*
 * Open @path with one io_uring request, run inline or, with @async, by an
 * io_uring worker; return the completion's result.
 */
static int uring_openat(struct __test_metadata *_metadata, const char *path,
			bool async)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned int *tail, *head, mask;
	size_t sq_size, cq_size;
	void *sq, *cq;
	int fd, res;

	fd = syscall(__NR_io_uring_setup, 1, &p);
	if (fd < 0)
		return fd;
	sq_size = p.sq_off.array + p.sq_entries * sizeof(__u32);
	cq_size = p.cq_off.cqes + p.cq_entries * sizeof(*cqe);
	sq = mmap(NULL, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, IORING_OFF_SQES);
	ASSERT_NE(MAP_FAILED, sq);
	ASSERT_NE(MAP_FAILED, cq);
	ASSERT_NE(MAP_FAILED, sqes);

	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_OPENAT;
	sqes[0].fd = AT_FDCWD;
	sqes[0].addr = (unsigned long)path;
	sqes[0].open_flags = O_RDONLY;
	sqes[0].flags = async ? IOSQE_ASYNC : 0;
	((__u32 *)((char *)sq + p.sq_off.array))[0] = 0;
	tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);

	ASSERT_EQ(1, syscall(__NR_io_uring_enter, fd, 1, 1,
			     IORING_ENTER_GETEVENTS, NULL, 0));
	head = (unsigned int *)((char *)cq + p.cq_off.head);
	tail = (unsigned int *)((char *)cq + p.cq_off.tail);
	ASSERT_NE(*head, __atomic_load_n(tail, __ATOMIC_ACQUIRE));
	mask = *(unsigned int *)((char *)cq + p.cq_off.ring_mask);
	cqe = (struct io_uring_cqe *)((char *)cq + p.cq_off.cqes) +
	      (*head & mask);
	res = cqe->res;
	if (res >= 0)
		close(res);
	munmap(sqes, p.sq_entries * sizeof(*sqes));
	munmap(cq, cq_size);
	munmap(sq, sq_size);
	close(fd);
	return res;
}

/*
 * An io_uring request refused: errno comes from its completion, whether
 * it ran in the thread's io_uring_enter(2) or in a worker, so an older
 * record with the same errno must not look current.
 */
static void check_uring(struct __test_metadata *_metadata, bool async)
{
	int res;

	REQUIRE_AREA();
	ASSERT_EQ(0, set_area(&area, sizeof(area)));
	drop_to_user(_metadata);
	ASSERT_EQ(-1, fail_eacces());
	ASSERT_EQ(EACCES, errno);
	ASSERT_TRUE(area_current());
	res = uring_openat(_metadata, "/proc/1/environ", async);
	if (res == -1 && (errno == ENOSYS || errno == EPERM))
		SKIP(return, "io_uring not available");
	ASSERT_EQ(-EACCES, res);
	ASSERT_FALSE(area_current());
}

TEST(io_uring_inline)
{
	check_uring(_metadata, false);
}

TEST(io_uring_worker)
{
	check_uring(_metadata, true);
}

/*
 * A tracer that sets the error: at the syscall-exit stop, or for a call
 * PTRACE_SYSEMU skipped.  What the tracee finds is "no reason known",
 * never the older record.
 */
static void tracee(void)
{
	if (opt_in() || set_area(&area, sizeof(area)))
		_exit(10);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(11);
	if (fail_unknown() != -1 || !area_current())
		_exit(12);
	/* Drop to a user for a reasoned failure, then stop for the tracer. */
	if (setresgid(USER_GID, USER_GID, USER_GID) ||
	    setresuid(USER_UID, USER_UID, USER_UID))
		_exit(13);
	if (fail_eacces() != -1 || !area_current() ||
	    area.record.source == DENIAL_SOURCE_UNKNOWN)
		_exit(14);
	syscall(__NR_kill, getpid(), SIGSTOP);
	errno = 0;
	if (syscall(__NR_getppid) != -1 || errno != EACCES)
		_exit(15);
	if (area_current() && (area.record.error != EACCES ||
			       area.record.source != DENIAL_SOURCE_UNKNOWN ||
			       area.record.syscall_nr != __NR_getppid))
		_exit(16);
	_exit(0);
}

static void run_tracer(struct __test_metadata *_metadata, bool sysemu)
{
	struct __ptrace_syscall_info info;
	bool entered = false;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		tracee();

	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSTOPPED(status));
	ASSERT_EQ(SIGSTOP, WSTOPSIG(status));
	ASSERT_EQ(0, ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrace(sysemu ? PTRACE_SYSEMU : PTRACE_SYSCALL, pid,
			    0, 0));
	for (;;) {
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (WIFEXITED(status))
			break;
		ASSERT_TRUE(WIFSTOPPED(status));
		ASSERT_EQ(SIGTRAP | 0x80, WSTOPSIG(status));
		ASSERT_LT(0, ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				    sizeof(info), &info));
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			ASSERT_EQ(__NR_getppid, info.entry.nr);
			entered = true;
			if (sysemu) {
				ASSERT_EQ(0, ptrace(PTRACE_POKEUSER, pid,
					offsetof(struct user_regs_struct, rax),
					(void *)(long)-EACCES));
				ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, 0, 0));
				continue;
			}
		} else {
			ASSERT_EQ(PTRACE_SYSCALL_INFO_EXIT, info.op);
			ASSERT_TRUE(entered);
			ASSERT_EQ(0, ptrace(PTRACE_POKEUSER, pid,
				offsetof(struct user_regs_struct, rax),
				(void *)(long)-EACCES));
			ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, 0, 0));
			continue;
		}
		ASSERT_EQ(0, ptrace(PTRACE_SYSCALL, pid, 0, 0));
	}
	ASSERT_TRUE(entered);
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST(tracer_sets_error)
{
	REQUIRE_AREA();
	run_tracer(_metadata, false);
}

TEST(sysemu_sets_error)
{
	REQUIRE_AREA();
	run_tracer(_metadata, true);
}

TEST_HARNESS_MAIN
