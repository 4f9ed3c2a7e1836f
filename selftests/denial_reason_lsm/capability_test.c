// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by capability checks: which capability, in which
 * user namespace, and whether the caller lacks it or holds it where it
 * does not count (root in a user namespace acting on the host's).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/prctl.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

FIXTURE(cap) {
	__u64 init_ns;
};

FIXTURE_SETUP(cap)
{
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to drop to a test user");
	self->init_ns = userns_ino();
	ASSERT_NE(0, self->init_ns);
}

FIXTURE_TEARDOWN(cap)
{
}

/*
 * An ordinary user: CAP_SYS_ADMIN is not permitted, but in the bounding
 * set, so that a program with file capabilities could give it.
 */
TEST_F(cap, not_permitted)
{
	struct denial_reason r;

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(-1, sethostname("denied", 6));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EPERM, r.error);
	EXPECT_EQ(__NR_sethostname, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, r.source);
	EXPECT_EQ(DENIAL_CAP_NOT_PERMITTED, r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_CAPABILITY |
		  DENIAL_FIELD_USERNS, r.fields);
	EXPECT_EQ(USER_ID, r.uid);
	EXPECT_EQ(USER_ID, r.gid);
	EXPECT_EQ(CAP_SYS_ADMIN, r.capability);
	EXPECT_EQ(self->init_ns, r.userns_ino);
	EXPECT_EQ(0, r.userns_owner);
}

/* Root without the capability in its effective set: it may raise it. */
TEST_F(cap, root_dropped_it)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	struct denial_reason r;

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, syscall(__NR_capget, &hdr, data));
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &=
		~CAP_TO_MASK(CAP_SYS_ADMIN);
	ASSERT_EQ(0, syscall(__NR_capset, &hdr, data));
	ASSERT_EQ(-1, sethostname("denied", 6));
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, r.source);
	EXPECT_EQ(DENIAL_CAP_NOT_EFFECTIVE, r.reason);
	EXPECT_EQ(0, r.uid);
	EXPECT_EQ(CAP_SYS_ADMIN, r.capability);
}

/*
 * The container case: root of a new user namespace has every
 * capability there, but the host's UTS namespace belongs to the initial
 * user namespace, where they do not count.
 */
TEST_F(cap, wrong_userns)
{
	struct denial_reason r;

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(0, unshare(CLONE_NEWUSER));
	ASSERT_NE(self->init_ns, userns_ino());
	ASSERT_EQ(-1, sethostname("denied", 6));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, r.source);
	EXPECT_EQ(DENIAL_CAP_USERNS, r.reason);
	EXPECT_EQ(CAP_SYS_ADMIN, r.capability);
	EXPECT_EQ(self->init_ns, r.userns_ino);
	/* Ids with no mapping in the reader's namespace read as overflow. */
	EXPECT_EQ(65534, r.userns_owner);
	EXPECT_EQ(65534, r.uid);

	/* In its own UTS namespace, the same call works. */
	ASSERT_EQ(0, unshare(CLONE_NEWUTS));
	ASSERT_EQ(0, sethostname("allowed", 7));
}

/*
 * Root of a user namespace that maps none of the host's ids holds
 * CAP_DAC_READ_SEARCH there, but it does not reach a file of the host's
 * root: the record gives no capability, and says why.
 */
TEST_F(cap, unmapped_file_ids)
{
	const char *path = "/tmp/fe_cap_unmapped";
	struct denial_reason r;

	ASSERT_EQ(0, create_text(path, "x\n"));
	ASSERT_EQ(0, chmod(path, 0600));
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(0, unshare(CLONE_NEWUSER));
	ASSERT_EQ(-1, open(path, O_RDONLY));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_DAC, r.source);
	EXPECT_EQ(DENIAL_DAC_OTHER, r.reason);
	EXPECT_EQ(0, r.fields & DENIAL_FIELD_CAPABILITY);
	EXPECT_TRUE(r.flags & DENIAL_REASON_IDS_UNMAPPED);
}

/*
 * A process group whose members all refuse the signal: the record names
 * the first member refused.  The kernel tries the newest member first:
 * the one of user 1001 that joined root's group leader.
 */
TEST_F(cap, kill_process_group)
{
	struct denial_reason r;
	int status, pipefd[2], ready[2];
	pid_t leader, member;
	char c;

	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ready));
	leader = fork();
	ASSERT_LE(0, leader);
	if (leader == 0) {
		close(pipefd[1]);
		close(ready[0]);
		close(ready[1]);
		setpgid(0, 0);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	ASSERT_EQ(0, setpgid(leader, leader));
	member = fork();
	ASSERT_LE(0, member);
	if (member == 0) {
		close(pipefd[1]);
		close(ready[0]);
		if (setpgid(0, leader) || setresgid(1001, 1001, 1001) ||
		    setresuid(1001, 1001, 1001))
			_exit(2);
		/* Its ids are changed: the test may signal the group. */
		close(ready[1]);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	ASSERT_EQ(0, setpgid(member, leader));
	close(pipefd[0]);
	close(ready[1]);
	ASSERT_EQ(0, read(ready[0], &c, 1));
	close(ready[0]);
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(-1, kill(-leader, SIGTERM));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_SIGNAL, r.source);
	EXPECT_EQ(DENIAL_SIGNAL_IDS, r.reason);
	EXPECT_EQ(1001, r.obj_uid);
	EXPECT_EQ(SIGTERM, r.value);
	close(pipefd[1]);
	ASSERT_EQ(leader, waitpid(leader, &status, 0));
	ASSERT_EQ(member, waitpid(member, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * kill() of another user's process: the uids do not match, so the
 * sender would need CAP_KILL in the target's user namespace.  The
 * record names both users and the signal, not only the capability.
 */
TEST_F(cap, kill_other_user)
{
	struct denial_reason r;
	int status, pipefd[2];
	pid_t child;
	__u64 seq;
	char c;

	ASSERT_EQ(0, pipe(pipefd));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		/* Root's process: wait until the test closes the pipe. */
		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	close(pipefd[0]);
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(-1, kill(child, SIGTERM));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EPERM, r.error);
	EXPECT_EQ(__NR_kill, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_SIGNAL, r.source);
	EXPECT_EQ(DENIAL_SIGNAL_IDS, r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_OBJECT |
		  DENIAL_FIELD_VALUE | DENIAL_FIELD_CAPABILITY |
		  DENIAL_FIELD_USERNS, r.fields);
	EXPECT_EQ(USER_ID, r.uid);
	EXPECT_EQ(USER_ID, r.gid);
	EXPECT_EQ(0, r.obj_uid);
	EXPECT_EQ(0, r.obj_gid);
	EXPECT_EQ(0, r.obj_mode);
	EXPECT_EQ(SIGTERM, r.value);
	EXPECT_EQ(CAP_KILL, r.capability);
	EXPECT_EQ(self->init_ns, r.userns_ino);
	EXPECT_EQ(0, r.userns_owner);

	/*
	 * SIGCONT within the caller's session is allowed after the failed
	 * CAP_KILL check: the call succeeds and publishes nothing.
	 */
	seq = r.seq;
	ASSERT_EQ(0, kill(child, SIGCONT));
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(seq, r.seq);
	EXPECT_EQ(DENIAL_SOURCE_SIGNAL, r.source);

	/* The signal was not sent: the child exits only on end of file. */
	close(pipefd[1]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/*
 * hidepid=invisible hides other users' processes: a denied signal or
 * ptrace attach says that the target is another user's, and no more.
 * In a pid namespace of its own, so that the rest of the tests, in the
 * initial one, are not affected.
 */
TEST_F(cap, hidepid_hides_target)
{
	struct denial_reason *r;
	int status, pipefd[2];
	pid_t init, target;
	char c;

	r = mmap(NULL, 2 * sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r);
	memset(r, 0, 2 * sizeof(*r));
	ASSERT_EQ(0, unshare(CLONE_NEWPID | CLONE_NEWNS));
	init = fork();
	ASSERT_LE(0, init);
	if (init == 0) {
		/* pid 1 of the namespace: its proc hides others' tasks. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(1);
		mkdir("/tmp/fe_hidepid", 0755);
		if (mount("proc", "/tmp/fe_hidepid", "proc", 0,
			  "hidepid=invisible"))
			_exit(2);
		if (pipe(pipefd))
			_exit(3);
		target = fork();
		if (target == 0) {
			close(pipefd[1]);
			_exit(read(pipefd[0], &c, 1));
		}
		close(pipefd[0]);
		if (target < 0 || opt_in() || drop_to_user())
			_exit(4);
		if (kill(target, SIGTERM) != -1 || errno != EPERM ||
		    get_reason(&r[0]))
			_exit(5);
		if (ptrace(PTRACE_ATTACH, target, 0, 0) != -1 ||
		    errno != EPERM || get_reason(&r[1]))
			_exit(6);
		close(pipefd[1]);
		_exit(waitpid(target, &status, 0) == target ? 0 : 7);
	}
	ASSERT_EQ(init, waitpid(init, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	EXPECT_EQ(DENIAL_SOURCE_SIGNAL, r[0].source);
	EXPECT_EQ(DENIAL_SIGNAL_IDS, r[0].reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE |
		  DENIAL_FIELD_CAPABILITY, r[0].fields);
	EXPECT_EQ(DENIAL_REASON_TASK_HIDDEN, r[0].flags);
	EXPECT_EQ(USER_ID, r[0].uid);
	EXPECT_EQ(CAP_KILL, r[0].capability);
	EXPECT_EQ(0, r[0].userns_ino);

	EXPECT_EQ(DENIAL_SOURCE_PTRACE, r[1].source);
	EXPECT_EQ(DENIAL_PTRACE_IDS, r[1].reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_CAPABILITY,
		  r[1].fields);
	EXPECT_EQ(DENIAL_REASON_TASK_HIDDEN, r[1].flags);
	EXPECT_EQ(CAP_SYS_PTRACE, r[1].capability);
}

/* A failed override capability does not hide the mode bits' reason. */
TEST_F(cap, dac_wins)
{
	struct denial_reason r;

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());
	ASSERT_EQ(-1, open("/root", O_RDONLY | O_DIRECTORY));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_DAC, r.source);
	EXPECT_EQ(CAP_DAC_READ_SEARCH, r.capability);
}

static long do_lower_nice(void *arg)
{
	return setpriority(PRIO_PROCESS, 0, -1);
}

static long do_msg_stat(void *arg)
{
	struct msqid_ds ds;

	return msgctl(*(int *)arg, IPC_STAT, &ds);
}

static long do_setlease(void *arg)
{
	int fd = open(arg, O_RDONLY);

	if (fd < 0)
		return -2;
	return fcntl(fd, F_SETLEASE, F_RDLCK);
}

/* A capability check whose caller fails with EACCES: @op as the user. */
static void check_eacces(struct __test_metadata *_metadata,
			 long (*op)(void *), void *arg, int nr, int cap)
{
	struct outcome *o;

	o = as_user(op, arg);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EACCES, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EACCES, o->r.error);
	EXPECT_EQ(nr, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(DENIAL_CAP_NOT_PERMITTED, o->r.reason);
	EXPECT_EQ(cap, o->r.capability);
	EXPECT_EQ(USER_ID, o->r.uid);
}

/* setpriority(2) lowering the nice value needs CAP_SYS_NICE. */
TEST_F(cap, nice_eacces)
{
	check_eacces(_metadata, do_lower_nice, NULL, __NR_setpriority,
		     CAP_SYS_NICE);
}

/* A System V message queue of mode 0600: CAP_IPC_OWNER overrides it. */
TEST_F(cap, ipc_eacces)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);

	ASSERT_LE(0, id);
	check_eacces(_metadata, do_msg_stat, &id, __NR_msgctl,
		     CAP_IPC_OWNER);
	msgctl(id, IPC_RMID, NULL);
}

/* A lease on another user's file needs CAP_LEASE. */
TEST_F(cap, lease_eacces)
{
	const char *path = "/tmp/fe_cap_lease";

	ASSERT_EQ(0, create_text(path, "x\n"));
	ASSERT_EQ(0, chmod(path, 0644));
	check_eacces(_metadata, do_setlease, (void *)path, __NR_fcntl,
		     CAP_LEASE);
	unlink(path);
}

static long do_set_mark(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int value = 7;	/* a priority of 0 to 6 needs no capability */

	if (fd < 0)
		return -2;
	return setsockopt(fd, SOL_SOCKET, *(int *)arg, &value, sizeof(value));
}

static long do_grow_pipe(void *arg)
{
	int fds[2];

	if (pipe(fds))
		return -2;
	return fcntl(fds[0], F_SETPIPE_SZ, 16 * getpagesize());
}

/*
 * A check that falls back to a broader capability names the narrow one,
 * the one to grant: @o's call failed with EPERM for the lack of @cap.
 */
static void check_narrow(struct __test_metadata *_metadata,
			 struct outcome *o, int nr, int cap)
{
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(nr, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(DENIAL_CAP_NOT_PERMITTED, o->r.reason);
	EXPECT_EQ(cap, o->r.capability);
}

/* SO_MARK: CAP_NET_RAW, or CAP_NET_ADMIN that implies it. */
TEST_F(cap, narrow_so_mark)
{
	int opt = SO_MARK;

	check_narrow(_metadata, as_user(do_set_mark, &opt), __NR_setsockopt,
		     CAP_NET_RAW);
}

/* SO_PRIORITY above 6: the same two. */
TEST_F(cap, narrow_so_priority)
{
	int opt = SO_PRIORITY;

	check_narrow(_metadata, as_user(do_set_mark, &opt), __NR_setsockopt,
		     CAP_NET_RAW);
}

/*
 * Over fs.pipe-user-pages-soft, a pipe grows only with CAP_SYS_RESOURCE
 * or CAP_SYS_ADMIN (pipe_is_unprivileged_user()).
 */
TEST_F(cap, narrow_pipe_pages)
{
	const char *soft = "/proc/sys/fs/pipe-user-pages-soft";
	struct outcome *o;
	char saved[32];

	ASSERT_EQ(0, read_text(soft, saved, sizeof(saved)));
	ASSERT_EQ(0, write_text(soft, "1"));
	o = as_user(do_grow_pipe, NULL);
	ASSERT_EQ(0, write_text(soft, saved));
	check_narrow(_metadata, o, __NR_fcntl, CAP_SYS_RESOURCE);
}

/*
 * Set @flag of @cap in the calling thread's sets to @value, with libcap,
 * keeping the rest as they are.
 */
static int set_cap(cap_flag_t flag, cap_value_t cap, cap_flag_value_t value)
{
	cap_t caps = cap_get_proc();
	int ret;

	if (!caps)
		return -1;
	ret = cap_set_flag(caps, flag, 1, &cap, value) ?: cap_set_proc(caps);
	cap_free(caps);
	return ret;
}

/* Root with CAP_SYS_ADMIN neither effective nor permitted. */
static int lose_sys_admin(void)
{
	return set_cap(CAP_EFFECTIVE, CAP_SYS_ADMIN, CAP_CLEAR) ?:
	       set_cap(CAP_PERMITTED, CAP_SYS_ADMIN, CAP_CLEAR);
}

/* As capsh --drop=cap_sys_admin: out of the bounding set as well. */
static int drop_sys_admin(void)
{
	return prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) ?:
	       lose_sys_admin();
}

static long do_sethostname(void *arg)
{
	return sethostname("denied", 6);
}

/* The record of @o: @reason about @cap. */
static void check_cap_rule(struct __test_metadata *_metadata,
			   const struct outcome *o, int reason, int cap)
{
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(reason, o->r.reason);
	EXPECT_EQ(cap, o->r.capability);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_CAPABILITY);
}

/* Root that lost CAP_SYS_ADMIN from its permitted set. */
TEST_F(cap, root_not_permitted)
{
	struct outcome *o = in_child(lose_sys_admin, do_sethostname, NULL);

	check_cap_rule(_metadata, o, DENIAL_CAP_NOT_PERMITTED, CAP_SYS_ADMIN);
}

/* Dropped from the bounding set too: gone for good. */
TEST_F(cap, not_in_bounding_set)
{
	struct outcome *o = in_child(drop_sys_admin, do_sethostname, NULL);

	check_cap_rule(_metadata, o, DENIAL_CAP_NOT_BOUNDING, CAP_SYS_ADMIN);
	EXPECT_EQ(__NR_sethostname, o->r.syscall_nr);
	EXPECT_EQ(0, o->r.uid);
}

/* Raise ((int *)@arg)[1] in the set ((int *)@arg)[0]. */
static long do_raise(void *arg)
{
	return set_cap(((int *)arg)[0], ((int *)arg)[1], CAP_SET);
}

/* capset(): the permitted set only shrinks. */
TEST_F(cap, capset_permitted)
{
	int raise[] = { CAP_PERMITTED, CAP_SYS_ADMIN };
	struct outcome *o = as_user(do_raise, raise);

	check_cap_rule(_metadata, o, DENIAL_CAP_SET_PERMITTED, CAP_SYS_ADMIN);
	EXPECT_EQ(__NR_capset, o->r.syscall_nr);
	EXPECT_EQ(USER_ID, o->r.uid);
}

/* capset(): an effective capability must be permitted. */
static long do_effective_not_permitted(void *arg)
{
	cap_value_t cap = CAP_SYS_ADMIN;
	cap_t caps = cap_get_proc();

	if (!caps || cap_set_flag(caps, CAP_PERMITTED, 1, &cap, CAP_CLEAR) ||
	    cap_set_flag(caps, CAP_EFFECTIVE, 1, &cap, CAP_SET))
		return -2;
	return cap_set_proc(caps);
}

TEST_F(cap, capset_effective)
{
	struct outcome *o = as_root(do_effective_not_permitted, NULL);

	check_cap_rule(_metadata, o, DENIAL_CAP_SET_EFFECTIVE, CAP_SYS_ADMIN);
}

/* Without CAP_SETPCAP, only a permitted capability becomes inheritable. */
static int lose_sys_admin_and_setpcap(void)
{
	return lose_sys_admin() ?:
	       set_cap(CAP_EFFECTIVE, CAP_SETPCAP, CAP_CLEAR);
}

TEST_F(cap, capset_inheritable)
{
	int raise[] = { CAP_INHERITABLE, CAP_SYS_ADMIN };
	struct outcome *o = in_child(lose_sys_admin_and_setpcap, do_raise,
				     raise);

	check_cap_rule(_metadata, o, DENIAL_CAP_SET_INHERITABLE,
		       CAP_SYS_ADMIN);
}

/* With CAP_SETPCAP, any but one outside the bounding set. */
TEST_F(cap, capset_bounding)
{
	int raise[] = { CAP_INHERITABLE, CAP_SYS_ADMIN };
	struct outcome *o = in_child(drop_sys_admin, do_raise, raise);

	check_cap_rule(_metadata, o, DENIAL_CAP_SET_BOUNDING, CAP_SYS_ADMIN);
}

static long do_ambient_raise(void *arg)
{
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, *(int *)arg, 0, 0);
}

/* An ambient capability must be permitted and inheritable. */
TEST_F(cap, ambient_not_permitted)
{
	int cap = CAP_NET_RAW;
	struct outcome *o = as_user(do_ambient_raise, &cap);

	check_cap_rule(_metadata, o, DENIAL_CAP_AMBIENT_PERMITTED, cap);
	EXPECT_EQ(__NR_prctl, o->r.syscall_nr);
}

TEST_F(cap, ambient_not_inheritable)
{
	int cap = CAP_NET_RAW;
	struct outcome *o = as_root(do_ambient_raise, &cap);

	check_cap_rule(_metadata, o, DENIAL_CAP_AMBIENT_INHERITABLE, cap);
}

/* SECBIT_NO_CAP_AMBIENT_RAISE, with CAP_NET_RAW permitted and inheritable. */
static int lock_ambient(void)
{
	return set_cap(CAP_INHERITABLE, CAP_NET_RAW, CAP_SET) ?:
	       prctl(PR_SET_SECUREBITS, SECBIT_NO_CAP_AMBIENT_RAISE, 0, 0, 0);
}

TEST_F(cap, ambient_locked)
{
	int cap = CAP_NET_RAW;
	struct outcome *o = in_child(lock_ambient, do_ambient_raise, &cap);

	check_cap_rule(_metadata, o, DENIAL_CAP_AMBIENT_LOCKED, cap);
}

TEST_HARNESS_MAIN
