// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by seccomp: SECCOMP_RET_ERRNO with EPERM or EACCES
 * names the call, the filter's return value and which filter of the
 * stack decided; a user notification supervisor's error says so.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/denial_reason.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

/* A filter: @nr returns @action, everything else is allowed. */
static int install(int nr, __u32 action, unsigned int flags)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	return load_filter(insns, sizeof(insns) / sizeof(insns[0]), flags);
}

TEST(ret_errno)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, install(__NR_getppid, SECCOMP_RET_ERRNO | EPERM, 0));

	ASSERT_EQ(-1, syscall(__NR_getppid));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EPERM, r.error);
	EXPECT_EQ(__NR_getppid, r.syscall_nr);
	EXPECT_EQ(AUDIT_ARCH_X86_64, r.arch);
	EXPECT_EQ(DENIAL_SOURCE_SECCOMP, r.source);
	EXPECT_EQ(DENIAL_SECCOMP_ERRNO, r.reason);
	EXPECT_EQ(DENIAL_FIELD_SECCOMP, r.fields);
	EXPECT_EQ(SECCOMP_RET_ERRNO | EPERM, r.seccomp_ret);
	EXPECT_EQ(1, r.seccomp_filter);

	/* A second filter that allows it: the first still decides. */
	ASSERT_EQ(0, install(__NR_getppid, SECCOMP_RET_ALLOW, 0));
	ASSERT_EQ(-1, syscall(__NR_getppid));
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(1, r.seccomp_filter);

	/* A third that says EACCES: the newest of equal actions wins. */
	ASSERT_EQ(0, install(__NR_getppid, SECCOMP_RET_ERRNO | EACCES, 0));
	ASSERT_EQ(-1, syscall(__NR_getppid));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EACCES, r.error);
	EXPECT_EQ(DENIAL_SOURCE_SECCOMP, r.source);
	EXPECT_EQ(SECCOMP_RET_ERRNO | EACCES, r.seccomp_ret);
	EXPECT_EQ(3, r.seccomp_filter);
}

/* Another errno is not a denial: the record stays the older one. */
TEST(ret_errno_other)
{
	struct denial_reason r;
	__u64 seq;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, install(__NR_getppid, SECCOMP_RET_ERRNO | EPERM, 0));
	ASSERT_EQ(0, install(__NR_getpgid, SECCOMP_RET_ERRNO | ENOSYS, 0));

	ASSERT_EQ(-1, syscall(__NR_getppid));
	ASSERT_EQ(0, get_reason(&r));
	seq = r.seq;
	ASSERT_EQ(-1, syscall(__NR_getpgid, 0));
	ASSERT_EQ(ENOSYS, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(seq, r.seq);
	EXPECT_EQ(__NR_getppid, r.syscall_nr);
}

/* The supervisor: answer one notification with -EACCES. */
static void *supervisor(void *arg)
{
	int fd = *(int *)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
		return (void *)1;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -EACCES;
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
		return (void *)2;
	return NULL;
}

TEST(user_notif)
{
	struct denial_reason r;
	pthread_t t;
	void *ret;
	int fd;

	REQUIRE_DENIAL_REASON();
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, opt_in());
	fd = install(__NR_getppid, SECCOMP_RET_USER_NOTIF,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, supervisor, &fd));

	ASSERT_EQ(-1, syscall(__NR_getppid));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, pthread_join(t, &ret));
	ASSERT_EQ(NULL, ret);

	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EACCES, r.error);
	EXPECT_EQ(__NR_getppid, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_SECCOMP, r.source);
	EXPECT_EQ(DENIAL_SECCOMP_USER_NOTIF, r.reason);
	EXPECT_EQ(SECCOMP_RET_USER_NOTIF, r.seccomp_ret);
	EXPECT_EQ(1, r.seccomp_filter);
	close(fd);
}

TEST_HARNESS_MAIN
