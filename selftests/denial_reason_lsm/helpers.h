/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the denial reason tests share: reading the record, opting in,
 * becoming the unprivileged test user, making one call fail as that user
 * and collecting what it saw, skipping on kernels without the feature.
 */
#ifndef DENIAL_REASON_LSM_HELPERS_H
#define DENIAL_REASON_LSM_HELPERS_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/denial_reason.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define USER_ID		1000

/* Install the seccomp filter of @len instructions at @insns. */
static inline int load_filter(struct sock_filter *insns, unsigned short len,
			      unsigned int flags)
{
	struct sock_fprog prog = { .len = len, .filter = insns };

	return syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

/* Write @text to @path, opened with O_WRONLY and @flags. */
static inline int put_text(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Write @text to an existing file, such as a sysctl or a uid_map. */
static inline int write_text(const char *path, const char *text)
{
	return put_text(path, text, 0);
}

/* Create @path, or empty it, and write @text to it. */
static inline int create_text(const char *path, const char *text)
{
	return put_text(path, text, O_CREAT | O_TRUNC);
}

/* Read a short file, such as a sysctl, into @buf as a string. */
static inline int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

#define LEVEL_SYSCTL	"/proc/sys/kernel/denial_reason"

/*
 * kernel.denial_reason, for tests that change it: save_level() into a
 * buffer at setup, set_level(), restore_level() at teardown.
 */
static inline int save_level(char *saved, size_t size)
{
	saved[0] = '\0';
	return read_text(LEVEL_SYSCTL, saved, size);
}

static inline int set_level(const char *level)
{
	return write_text(LEVEL_SYSCTL, level);
}

static inline void restore_level(const char *saved)
{
	if (saved[0] && set_level(saved))
		perror("kernel.denial_reason");
}

/* The inode number of the caller's user namespace. */
static inline __u64 userns_ino(void)
{
	struct stat st;

	return stat("/proc/self/ns/user", &st) ? 0 : st.st_ino;
}

/* Read the calling thread's record, poisoning @r first. */
static inline long get_reason(struct denial_reason *r)
{
	memset(r, 0xa5, sizeof(*r));
	return syscall(__NR_get_denial_reason, r, sizeof(*r), 0);
}

static inline int opt_in(void)
{
	return prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
		     PR_DENIAL_REASON_ON, 0, 0);
}

static inline bool have_denial_reason(void)
{
	return syscall(__NR_get_denial_reason, NULL, 0, 0) != -1 ||
	       errno != ENOSYS;
}

/* Become USER_ID, without supplementary groups or capabilities. */
static inline int drop_to_user(void)
{
	if (setgroups(0, NULL) || setresgid(USER_ID, USER_ID, USER_ID) ||
	    setresuid(USER_ID, USER_ID, USER_ID))
		return -1;
	return 0;
}

/* What the child saw: the failing call's result, errno and record. */
struct outcome {
	long ret;
	int err;
	long get_ret;
	struct denial_reason r;
};

/*
 * Run @op(@arg) in a child that opted in and then ran @prepare (which
 * returns 0 on success), and return what it saw.  @op returns the result
 * of the one call that is to fail, with errno.
 */
static inline struct outcome *in_child(int (*prepare)(void),
				       long (*op)(void *), void *arg)
{
	struct outcome *o;
	pid_t pid;
	int status;

	o = mmap(NULL, sizeof(*o), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (o == MAP_FAILED)
		return NULL;
	memset(o, 0, sizeof(*o));
	o->ret = -2;
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		if (opt_in() || prepare())
			_exit(1);
		o->ret = op(arg);
		o->err = errno;
		o->get_ret = get_reason(&o->r);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return NULL;
	return o;
}

/* Run @op(@arg) as the test user, opted in: see in_child(). */
static inline struct outcome *as_user(long (*op)(void *), void *arg)
{
	return in_child(drop_to_user, op, arg);
}

static inline int keep_credentials(void)
{
	return 0;
}

/* Run @op(@arg) opted in, with the caller's credentials (root's). */
static inline struct outcome *as_root(long (*op)(void *), void *arg)
{
	return in_child(keep_credentials, op, arg);
}

/*
 * The one call of @o failed with @e, and the record read after it is
 * for that failure.
 */
#define ASSERT_FAILED_WITH(o, e)					\
	do {								\
		ASSERT_NE(NULL, (o));					\
		ASSERT_EQ(-1, (o)->ret);				\
		ASSERT_EQ((e), (o)->err);				\
		ASSERT_EQ(0, (o)->get_ret);				\
		EXPECT_EQ((e), (o)->r.error);				\
	} while (0)

#define REQUIRE_DENIAL_REASON()						\
	do {								\
		if (!have_denial_reason())				\
			SKIP(return, "kernel without get_denial_reason()"); \
	} while (0)

#endif /* DENIAL_REASON_LSM_HELPERS_H */
