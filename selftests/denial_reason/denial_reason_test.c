// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons: opt-in, lifecycle, the read syscall and DAC reasons.
 *
 * Runs as root: fixtures create files as root, tests then drop to an
 * unprivileged user where the denial needs one.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/denial_reason.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define USER_UID	1000
#define USER_GID	1000
#define OTHER_GID	1001

#define SYSCTL_PATH	"/proc/sys/kernel/denial_reason"
#define EXEC_ENV	"DENIAL_REASON_TEST_EXEC"

static long get_reason_sized(void *buf, size_t size, unsigned int flags)
{
	return syscall(__NR_get_denial_reason, buf, size, flags);
}

static long get_reason(struct denial_reason *r)
{
	memset(r, 0xa5, sizeof(*r));
	return get_reason_sized(r, sizeof(*r), 0);
}

static int set_opt_in(unsigned long on)
{
	return prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET, on, 0, 0);
}

static int get_opt_in(void)
{
	return prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_GET, 0, 0, 0);
}

static bool have_denial_reason(void)
{
	return get_reason_sized(NULL, 0, 0) != -1 || errno != ENOSYS;
}

#define REQUIRE_DENIAL_REASON()						\
	do {								\
		if (!have_denial_reason())				\
			SKIP(return, "kernel without get_denial_reason()"); \
	} while (0)

static void drop_to_user(struct __test_metadata *_metadata, gid_t group)
{
	gid_t groups[] = { group };

	ASSERT_EQ(0, setgroups(1, groups));
	ASSERT_EQ(0, setresgid(USER_GID, USER_GID, USER_GID));
	ASSERT_EQ(0, setresuid(USER_UID, USER_UID, USER_UID));
}

static int write_sysctl(int value)
{
	char buf[8];
	int fd, len, ret;

	fd = open(SYSCTL_PATH, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d\n", value);
	ret = write(fd, buf, len) == len ? 0 : -1;
	close(fd);
	return ret;
}

/*
 * A denial no check notes: hard links to directories are not allowed.
 * Calls linkat directly so that the syscall number is known.
 */
static int fail_without_reason(void)
{
	return syscall(__NR_linkat, AT_FDCWD, "/tmp", AT_FDCWD,
		       "/tmp/denial_reason_link", 0);
}

/* Exec'ed test program: report the opt-in and the record, then exit. */
static void __attribute__((constructor)) exec_helper(void)
{
	struct denial_reason r;
	const char *mode = getenv(EXEC_ENV);

	if (!mode)
		return;
	/* Exit 0 when the state after exec is the one the mode expects. */
	if (!strcmp(mode, "kept"))
		_exit(get_opt_in() == 1 && get_reason(&r) == -1 &&
		      errno == ENODATA ? 0 : 1);
	if (!strcmp(mode, "dropped"))
		_exit(get_opt_in() == 0 ? 0 : 1);
	_exit(2);
}

TEST(default_off)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, get_opt_in());
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(ENODATA, errno);
	/* Not opted in: a failure publishes nothing. */
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(ENODATA, errno);
}

TEST(opt_in_and_out)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(1, get_opt_in());
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(1, get_opt_in());
	/* Nothing failed yet. */
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(ENODATA, errno);

	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&r));

	/* Opting out drops the record with the state. */
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_OFF));
	ASSERT_EQ(0, get_opt_in());
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(ENODATA, errno);
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_OFF));
}

TEST(prctl_bad_arguments)
{
	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(-1, set_opt_in(2));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, prctl(PR_DENIAL_REASON, 2, 0, 0, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_GET, 1, 0, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
			    PR_DENIAL_REASON_ON, 1, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
			    PR_DENIAL_REASON_ON, 0, 1));
	ASSERT_EQ(EINVAL, errno);
	/* None of these changed the opt-in. */
	ASSERT_EQ(0, get_opt_in());
}

TEST(read_bad_arguments)
{
	long page = sysconf(_SC_PAGESIZE);
	struct denial_reason r;
	unsigned char *buf;
	void *ro;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());

	ASSERT_EQ(-1, get_reason_sized(&r, sizeof(r), 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, get_reason_sized(&r, 0, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, get_reason_sized(&r, DENIAL_REASON_SIZE_VER0 - 1, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, get_reason_sized(&r, page + 1, 0));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_EQ(-1, get_reason_sized(NULL, sizeof(r), 0));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, get_reason_sized((void *)1, sizeof(r), 0));
	ASSERT_EQ(EFAULT, errno);

	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(-1, get_reason_sized(ro, sizeof(r), 0));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(0, munmap(ro, page));

	/* A newer, bigger struct: the kernel zeroes what it does not know. */
	buf = mmap(NULL, page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	memset(buf, 0xff, page);
	ASSERT_EQ(0, get_reason_sized(buf, page, 0));
	memcpy(&r, buf, sizeof(r));
	ASSERT_EQ(sizeof(r), r.size);
	ASSERT_EQ(EPERM, r.error);
	for (long i = sizeof(r); i < page; i++)
		ASSERT_EQ(0, buf[i]);
	ASSERT_EQ(0, munmap(buf, page));

	ASSERT_EQ(0, get_reason_sized(&r, DENIAL_REASON_SIZE_VER0, 0));
	ASSERT_EQ(DENIAL_REASON_SIZE_VER0, r.size);
}

/*
 * A reader of the first size does not get the inode, directory and
 * mount members, nor their bits in fields.
 */
TEST(first_size_fields)
{
	const __u64 later = DENIAL_FIELD_INODE | DENIAL_FIELD_DIR |
			    DENIAL_FIELD_MOUNT;
	const char *path = "/tmp/denial_reason_first_size";
	int fd, flags = FS_IMMUTABLE_FL;
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	unlink(path);
	fd = open(path, O_RDONLY | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags)) {
		close(fd);
		SKIP(return, "no immutable files in /tmp: %s", strerror(errno));
	}
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, open(path, O_WRONLY));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	flags = 0;
	ioctl(fd, FS_IOC_SETFLAGS, &flags);
	close(fd);
	unlink(path);
	ASSERT_EQ(DENIAL_SOURCE_FILE_ATTR, r.source);
	ASSERT_NE(0, r.fields & DENIAL_FIELD_INODE);
	ASSERT_EQ(0, get_reason_sized(&r, DENIAL_REASON_SIZE_VER0, 0));
	ASSERT_EQ(DENIAL_REASON_SIZE_VER0, r.size);
	EXPECT_EQ(0, r.fields & later);
	EXPECT_NE(0, r.fields & DENIAL_FIELD_OBJECT);
}

TEST(freshness)
{
	struct denial_reason first, r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	drop_to_user(_metadata, USER_GID);

	ASSERT_EQ(-1, open("/proc/1/environ", O_RDONLY));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&first));
	ASSERT_EQ(1, first.seq);
	ASSERT_EQ(EACCES, first.error);

	/* Reading does not change the record. */
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(0, memcmp(&first, &r, sizeof(r)));

	/* Success after failure: the record stays. */
	ASSERT_LT(0, syscall(__NR_getpid));
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(0, memcmp(&first, &r, sizeof(r)));

	/* Another errno after failure: the record stays. */
	ASSERT_EQ(-1, open("/nonexistent/denial_reason", O_RDONLY));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(0, memcmp(&first, &r, sizeof(r)));

	/* A failure with no reason replaces the old reason with none. */
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(2, r.seq);
	ASSERT_EQ(EPERM, r.error);
	ASSERT_EQ(__NR_linkat, r.syscall_nr);
	ASSERT_EQ(DENIAL_SOURCE_UNKNOWN, r.source);
	ASSERT_EQ(0, r.reason);
	ASSERT_EQ(0, r.fields);
}

static void *thread_fails(void *arg)
{
	struct denial_reason *r = arg;

	if (get_opt_in() != 1)
		return (void *)1;
	if (get_reason(r) != -1 || errno != ENODATA)
		return (void *)2;
	if (fail_without_reason() != -1)
		return (void *)3;
	if (get_reason(r))
		return (void *)4;
	return NULL;
}

static void *thread_opt_in(void *arg)
{
	return (void *)(long)get_opt_in();
}

TEST(threads)
{
	struct denial_reason mine, before, theirs;
	pthread_t thread;
	void *ret;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	drop_to_user(_metadata, USER_GID);
	ASSERT_EQ(-1, open("/proc/1/environ", O_RDONLY));
	ASSERT_EQ(0, get_reason(&before));

	/* The thread inherits the opt-in, not the record. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, thread_fails, &theirs));
	ASSERT_EQ(0, pthread_join(thread, &ret));
	ASSERT_EQ(NULL, ret);
	ASSERT_EQ(1, theirs.seq);
	ASSERT_EQ(EPERM, theirs.error);

	/* Its failure did not touch this thread's record. */
	ASSERT_EQ(0, get_reason(&mine));
	ASSERT_EQ(0, memcmp(&before, &mine, sizeof(mine)));

	/* The opt-in is per thread. */
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_OFF));
	ASSERT_EQ(0, pthread_create(&thread, NULL, thread_opt_in, NULL));
	ASSERT_EQ(0, pthread_join(thread, &ret));
	ASSERT_EQ(0, (long)ret);
}

TEST(fork_inherits)
{
	struct denial_reason before, r;
	int status;
	pid_t pid;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&before));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (get_opt_in() != 1)
			_exit(1);
		if (get_reason(&r) != -1 || errno != ENODATA)
			_exit(2);
		if (fail_without_reason() != -1)
			_exit(3);
		if (get_reason(&r) || r.seq != 1)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(0, memcmp(&before, &r, sizeof(r)));
}

static int run_exec(const char *path, const char *mode)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };

		/* Something the new program must not see. */
		fail_without_reason();
		setenv(EXEC_ENV, mode, 1);
		execv(path, argv);
		_exit(3);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(exec_keeps_opt_in)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&r));
	/* Opted in after exec, and the old program's record is gone. */
	ASSERT_EQ(0, run_exec("/proc/self/exe", "kept"));
}

FIXTURE(setuid) {
	char dir[64];
	char prog[80];
};

/* A copy of this program, owned by root, run by the test user. */
FIXTURE_VARIANT(setuid) {
	mode_t mode;
	const char *expect;	/* the exec_helper() mode */
};

FIXTURE_VARIANT_ADD(setuid, plain_exec_keeps) {
	.mode = 0755,
	.expect = "kept",
};

FIXTURE_VARIANT_ADD(setuid, setuid_exec_drops) {
	.mode = 04755,
	.expect = "dropped",
};

FIXTURE_VARIANT_ADD(setuid, setgid_exec_drops) {
	.mode = 02755,
	.expect = "dropped",
};

FIXTURE_SETUP(setuid)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	strcpy(self->dir, "/tmp/denial_reason.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, chmod(self->dir, 0755));
	snprintf(self->prog, sizeof(self->prog), "%s/prog", self->dir);

	in = open("/proc/self/exe", O_RDONLY);
	ASSERT_LE(0, in);
	out = open(self->prog, O_WRONLY | O_CREAT | O_EXCL, 0700);
	ASSERT_LE(0, out);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ASSERT_EQ(n, write(out, buf, n));
	ASSERT_EQ(0, n);
	close(in);
	close(out);
	ASSERT_EQ(0, chown(self->prog, 0, 0));
}

FIXTURE_TEARDOWN_PARENT(setuid)
{
	unlink(self->prog);
	rmdir(self->dir);
}

TEST_F(setuid, exec)
{
	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, chmod(self->prog, variant->mode));
	drop_to_user(_metadata, USER_GID);
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(0, run_exec(self->prog, variant->expect));
}

FIXTURE(sysctl) {
	int dummy;
};

FIXTURE_SETUP(sysctl)
{
}

FIXTURE_TEARDOWN_PARENT(sysctl)
{
	/* Whatever the test did, leave the feature on. */
	if (have_denial_reason())
		EXPECT_EQ(0, write_sysctl(1));
}

TEST_F(sysctl, off)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(1, r.seq);

	ASSERT_EQ(0, write_sysctl(0));
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(EOPNOTSUPP, errno);
	/* The thread stays opted in, but nobody can opt in now. */
	ASSERT_EQ(1, get_opt_in());
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_OFF));
	ASSERT_EQ(-1, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(0, get_opt_in());

	ASSERT_EQ(0, write_sysctl(1));
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&r));

	/* Failures while off publish nothing... */
	ASSERT_EQ(0, write_sysctl(0));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, write_sysctl(1));
	/* ...and what was published before is not shown for them. */
	ASSERT_EQ(-1, get_reason(&r));
	ASSERT_EQ(ENODATA, errno);

	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(2, r.seq);
}

TEST_F(sysctl, bad_values)
{
	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(-1, write_sysctl(3));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, write_sysctl(-1));
	ASSERT_EQ(EINVAL, errno);
	drop_to_user(_metadata, USER_GID);
	ASSERT_EQ(-1, write_sysctl(0));
	ASSERT_EQ(EACCES, errno);
}

/* Files owned by root and the test user, one per class of mode bits. */
FIXTURE(dac) {
	char dir[64];
};

static void make_file(struct __test_metadata *_metadata, const char *dir,
		      const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, chown(path, uid, gid));
	ASSERT_EQ(0, chmod(path, mode));
}

FIXTURE_SETUP(dac)
{
	strcpy(self->dir, "/tmp/denial_reason.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, chmod(self->dir, 0755));
	ASSERT_EQ(0, chdir(self->dir));

	make_file(_metadata, ".", "owner", USER_UID, USER_GID, 0077);
	make_file(_metadata, ".", "group", 0, OTHER_GID, 0604);
	make_file(_metadata, ".", "other", 0, 0, 0640);
	make_file(_metadata, ".", "readonly", 0, 0, 0644);
	make_file(_metadata, ".", "noexec", 0, 0, 0644);
	make_file(_metadata, ".", "acl", 0, 0, 0644);
	make_file(_metadata, ".", "secret", 0, 0, 0000);
	ASSERT_EQ(0, mkdir("private", 0700));
	make_file(_metadata, "private", "file", 0, 0, 0644);
}

FIXTURE_TEARDOWN_PARENT(dac)
{
	static const char * const names[] = {
		"owner", "group", "other", "readonly", "noexec", "acl",
		"secret", "private/file", "hardlink",
	};
	char path[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", self->dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/private", self->dir);
	rmdir(path);
	rmdir(self->dir);
}

/* Fail as the test user and read what the kernel says. */
static void expect_dac(struct __test_metadata *_metadata,
		       const struct denial_reason *r, unsigned int source,
		       unsigned int reason, uid_t obj_uid, gid_t obj_gid,
		       mode_t obj_mode, unsigned int access)
{
	ASSERT_EQ(EACCES, r->error);
	ASSERT_EQ(source, r->source);
	ASSERT_EQ(reason, r->reason);
	ASSERT_EQ(sizeof(*r), r->size);
	ASSERT_EQ(0, r->flags);
#ifdef __x86_64__
	ASSERT_EQ(AUDIT_ARCH_X86_64, r->arch);
#endif
	ASSERT_TRUE(r->fields & DENIAL_FIELD_SUBJECT);
	ASSERT_TRUE(r->fields & DENIAL_FIELD_OBJECT);
	ASSERT_TRUE(r->fields & DENIAL_FIELD_ACCESS);
	ASSERT_EQ(USER_UID, r->uid);
	ASSERT_EQ(USER_GID, r->gid);
	ASSERT_EQ(obj_uid, r->obj_uid);
	ASSERT_EQ(obj_gid, r->obj_gid);
	ASSERT_EQ(obj_mode, r->obj_mode);
	ASSERT_EQ(access, r->access);
	/* The check ran in the initial user namespace, owned by root. */
	ASSERT_TRUE(r->fields & DENIAL_FIELD_USERNS);
	ASSERT_EQ(0, r->userns_owner);
	ASSERT_NE(0, r->userns_ino);
	ASSERT_EQ(0, r->subj_label[0]);
	ASSERT_EQ(0, r->obj_label[0]);
}

static void open_denied(struct __test_metadata *_metadata, const char *path,
			int flags, struct denial_reason *r)
{
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, open(path, flags));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(r));
	ASSERT_EQ(__NR_openat, r->syscall_nr);
}

TEST_F(dac, owner)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "owner", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OWNER,
		   USER_UID, USER_GID, S_IFREG | 0077, DENIAL_ACCESS_READ);
	ASSERT_TRUE(r.fields & DENIAL_FIELD_CAPABILITY);
	ASSERT_EQ(CAP_DAC_READ_SEARCH, r.capability);
}

TEST_F(dac, group)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, OTHER_GID);
	open_denied(_metadata, "group", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_GROUP,
		   0, OTHER_GID, S_IFREG | 0604, DENIAL_ACCESS_READ);
	ASSERT_EQ(CAP_DAC_READ_SEARCH, r.capability);
}

TEST_F(dac, other)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "other", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OTHER,
		   0, 0, S_IFREG | 0640, DENIAL_ACCESS_READ);
	ASSERT_EQ(CAP_DAC_READ_SEARCH, r.capability);
}

TEST_F(dac, write)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "readonly", O_RDWR, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OTHER,
		   0, 0, S_IFREG | 0644,
		   DENIAL_ACCESS_READ | DENIAL_ACCESS_WRITE);
	ASSERT_EQ(CAP_DAC_OVERRIDE, r.capability);
}

TEST_F(dac, search)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "private/file", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OTHER,
		   0, 0, S_IFDIR | 0700, DENIAL_ACCESS_EXEC);
	ASSERT_EQ(CAP_DAC_READ_SEARCH, r.capability);
}

TEST_F(dac, exec_without_x_bits)
{
	char *argv[] = { "noexec", NULL };
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, execv("noexec", argv));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(__NR_execve, r.syscall_nr);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OTHER,
		   0, 0, S_IFREG | 0644, DENIAL_ACCESS_EXEC);
	/* Not even root may run a file without x bits. */
	ASSERT_FALSE(r.fields & DENIAL_FIELD_CAPABILITY);
}

TEST_F(dac, touch)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	drop_to_user(_metadata, USER_GID);
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	/* Not the owner: setting the times to now needs write access. */
	ASSERT_EQ(-1, utimensat(AT_FDCWD, "readonly", NULL, 0));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(__NR_utimensat, r.syscall_nr);
	expect_dac(_metadata, &r, DENIAL_SOURCE_DAC, DENIAL_DAC_OTHER,
		   0, 0, S_IFREG | 0644, DENIAL_ACCESS_WRITE);
}

/* struct posix_acl_xattr_header and _entry, from <linux/posix_acl_xattr.h> */
struct acl_entry {
	uint16_t tag;
	uint16_t perm;
	uint32_t id;
};

TEST_F(dac, acl)
{
	struct {
		uint32_t version;
		struct acl_entry e[5];
	} acl = {
		.version = 2,
		.e = {
			{ 0x01, 6, -1 },	/* user::rw- */
			{ 0x02, 0, USER_UID },	/* user:1000:--- */
			{ 0x04, 4, -1 },	/* group::r-- */
			{ 0x10, 4, -1 },	/* mask::r-- */
			{ 0x20, 4, -1 },	/* other::r-- */
		},
	};
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	if (setxattr("acl", "system.posix_acl_access", &acl, sizeof(acl), 0))
		SKIP(return, "no POSIX ACLs here: %s", strerror(errno));
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "acl", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_ACL, DENIAL_ACL_USER,
		   0, 0, S_IFREG | 0644, DENIAL_ACCESS_READ);
	ASSERT_EQ(CAP_DAC_READ_SEARCH, r.capability);
	/* The entry user:1000:---, under mask::r--. */
	ASSERT_TRUE(r.fields & DENIAL_FIELD_VALUE);
	ASSERT_EQ((__s64)USER_UID << 32 | 0x02 << 8 | 0x80 | 4 << 4 | 0,
		  r.value);
}

/*
 * A named group entry grants, and the mask takes it away.  (A mask of
 * --- would clear the group bits, and the kernel would not consult the
 * ACL at all.)
 */
TEST_F(dac, acl_mask)
{
	struct {
		uint32_t version;
		struct acl_entry e[5];
	} acl = {
		.version = 2,
		.e = {
			{ 0x01, 6, -1 },	/* user::rw- */
			{ 0x04, 0, -1 },	/* group::--- */
			{ 0x08, 4, USER_GID },	/* group:1000:r-- */
			{ 0x10, 2, -1 },	/* mask::-w- */
			{ 0x20, 0, -1 },	/* other::--- */
		},
	};
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	if (setxattr("acl", "system.posix_acl_access", &acl, sizeof(acl), 0))
		SKIP(return, "no POSIX ACLs here: %s", strerror(errno));
	drop_to_user(_metadata, USER_GID);
	open_denied(_metadata, "acl", O_RDONLY, &r);
	expect_dac(_metadata, &r, DENIAL_SOURCE_ACL, DENIAL_ACL_GROUP,
		   0, 0, S_IFREG | 0620, DENIAL_ACCESS_READ);
	ASSERT_TRUE(r.fields & DENIAL_FIELD_VALUE);
	ASSERT_EQ((__s64)USER_GID << 32 | 0x08 << 8 | 0x80 | 2 << 4 | 4,
		  r.value);
}

TEST_F(dac, override_is_not_a_denial)
{
	struct denial_reason before, r;
	int fd;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, set_opt_in(PR_DENIAL_REASON_ON));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&before));

	/* Root: the mode bits deny, CAP_DAC_OVERRIDE allows. */
	fd = open("secret", O_RDWR);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, get_reason(&r));
	ASSERT_EQ(0, memcmp(&before, &r, sizeof(r)));
}

/* In a child: 0 when the EACCES note is not shown for EPERM. */
static int link_protected(void)
{
	struct denial_reason r;
	gid_t groups[] = { USER_GID };

	if (setgroups(1, groups) || setresgid(USER_GID, USER_GID, USER_GID) ||
	    setresuid(USER_UID, USER_UID, USER_UID))
		return 1;
	if (set_opt_in(PR_DENIAL_REASON_ON))
		return 2;
	if (syscall(__NR_linkat, AT_FDCWD, "other", AT_FDCWD, "hardlink", 0)
	    != -1 || errno != EPERM)
		return 3;
	if (get_reason(&r) || r.error != EPERM)
		return 4;
	return r.source == DENIAL_SOURCE_DAC ? 5 : 0;
}

TEST_F(dac, note_for_another_error)
{
	char old[8] = "";
	int fd, status;
	pid_t pid;

	REQUIRE_DENIAL_REASON();
	fd = open("/proc/sys/fs/protected_hardlinks", O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, old, sizeof(old) - 1));
	ASSERT_EQ(2, pwrite(fd, "1\n", 2, 0));

	/*
	 * The hard link protection asks for read and write access: the
	 * DAC check fails with EACCES, linkat() fails with EPERM.  The
	 * EACCES note must not be shown as the reason for EPERM.
	 */
	pid = fork();
	if (pid == 0)
		_exit(link_protected());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(strlen(old), pwrite(fd, old, strlen(old), 0));
	close(fd);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
