// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by ptrace's own access rules, which decide before
 * any LSM: another user's process, and a process that is not dumpable;
 * and by the rules of an attach: a kernel thread, the caller's own
 * process, a process that has a tracer already.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

/*
 * A process that waits to be killed: as the test user if @test_user, not
 * dumpable if @nondumpable.  Returns its pid.
 */
static pid_t target(bool test_user, bool nondumpable)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (test_user && drop_to_user())
		_exit(1);
	if (nondumpable && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		_exit(1);
	for (;;)
		pause();
}

/*
 * A process of the test user that keeps root as its saved user id, and
 * stays dumpable: its /proc files are the test user's, but ptrace's
 * rules refuse the test user.  Returns its pid.
 */
static pid_t saved_root_target(void)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (setresgid(USER_ID, USER_ID, USER_ID) ||
	    setresuid(USER_ID, USER_ID, 0) ||
	    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		_exit(1);
	for (;;)
		pause();
}

/* Attach to the pid at @arg: the call that is to fail. */
static long do_attach(void *arg)
{
	return ptrace(PTRACE_ATTACH, *(pid_t *)arg, 0, 0);
}

FIXTURE(ptrace) {
	pid_t target;
};

FIXTURE_SETUP(ptrace)
{
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to drop to a test user");
	self->target = 0;
}

FIXTURE_TEARDOWN(ptrace)
{
	if (self->target > 0) {
		kill(self->target, SIGKILL);
		waitpid(self->target, NULL, 0);
	}
}

/* Root's process: the ids differ, and CAP_SYS_PTRACE would allow it. */
TEST_F(ptrace, other_user)
{
	struct outcome *o;

	self->target = target(false, false);
	ASSERT_LT(0, self->target);
	o = as_user(do_attach, &self->target);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_ptrace, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_PTRACE, o->r.source);
	EXPECT_EQ(DENIAL_PTRACE_IDS, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_OBJECT |
		  DENIAL_FIELD_CAPABILITY | DENIAL_FIELD_USERNS, o->r.fields);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(USER_ID, o->r.gid);
	EXPECT_EQ(0, o->r.obj_uid);
	EXPECT_EQ(0, o->r.obj_gid);
	EXPECT_EQ(CAP_SYS_PTRACE, o->r.capability);
	EXPECT_EQ(userns_ino(), o->r.userns_ino);
}

/* The test user's own process, made not dumpable. */
TEST_F(ptrace, not_dumpable)
{
	struct outcome *o;

	self->target = target(true, true);
	ASSERT_LT(0, self->target);
	/* Let the target drop and become not dumpable. */
	usleep(200 * 1000);
	o = as_user(do_attach, &self->target);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(DENIAL_SOURCE_PTRACE, o->r.source);
	EXPECT_EQ(DENIAL_PTRACE_NOT_DUMPABLE, o->r.reason);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_VALUE);
	EXPECT_EQ(0, o->r.value);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(USER_ID, o->r.obj_uid);
	EXPECT_EQ(CAP_SYS_PTRACE, o->r.capability);
}

static long do_readlink_exe(void *arg)
{
	char path[32], buf[64];

	snprintf(path, sizeof(path), "/proc/%d/exe", *(pid_t *)arg);
	return readlink(path, buf, sizeof(buf));
}

static long do_open_environ(void *arg)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d/environ", *(pid_t *)arg);
	return open(path, O_RDONLY);
}

static long do_vm_readv(void *arg)
{
	char buf[8];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { (void *)&do_vm_readv, sizeof(buf) };

	return process_vm_readv(*(pid_t *)arg, &local, 1, &remote, 1, 0);
}

/*
 * The callers of ptrace's rules that fail with EACCES (the /proc links,
 * another process's environment and memory) get ptrace's record, for
 * EACCES; and process_vm_readv(), which turns that back into EPERM, for
 * EPERM.  The target's files are the test user's, so that no file mode
 * refuses first; its saved user id is root's, which ptrace refuses.
 */
TEST_F(ptrace, other_errors)
{
	static const struct {
		long (*op)(void *arg);
		int err;
		int nr;
	} calls[] = {
		{ do_readlink_exe, EACCES, __NR_readlink },
		{ do_open_environ, EACCES, __NR_openat },
		{ do_vm_readv, EPERM, __NR_process_vm_readv },
	};
	struct outcome *o;

	self->target = saved_root_target();
	ASSERT_LT(0, self->target);
	/* Let the target change its ids. */
	usleep(200 * 1000);
	for (int i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		o = as_user(calls[i].op, &self->target);
		ASSERT_NE(NULL, o);
		ASSERT_EQ(-1, o->ret);
		ASSERT_EQ(calls[i].err, o->err);
		ASSERT_EQ(0, o->get_ret);
		EXPECT_EQ(calls[i].err, o->r.error);
		EXPECT_EQ(calls[i].nr, o->r.syscall_nr);
		EXPECT_EQ(DENIAL_SOURCE_PTRACE, o->r.source) {
			TH_LOG("call %d: source %u", i, o->r.source);
		}
		EXPECT_EQ(DENIAL_PTRACE_IDS, o->r.reason);
		EXPECT_EQ(USER_ID, o->r.uid);
		/* The saved user id, the first that is not the caller's. */
		EXPECT_EQ(0, o->r.obj_uid);
		EXPECT_EQ(CAP_SYS_PTRACE, o->r.capability);
	}
}

/* The record of @o: an attach refused for what the target is. */
static void check_attach_rule(struct __test_metadata *_metadata,
			      const struct outcome *o, int reason)
{
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(__NR_ptrace, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_PTRACE, o->r.source);
	EXPECT_EQ(reason, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT, o->r.fields);
	EXPECT_EQ(0, o->r.uid);
}

/* One tracer at a time: root too is refused a traced process. */
TEST_F(ptrace, already_traced)
{
	struct outcome *o;

	self->target = target(false, false);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, self->target, 0, 0));
	o = as_root(do_attach, &self->target);
	check_attach_rule(_metadata, o, DENIAL_PTRACE_TRACED);
}

/* Ask the parent to trace, then ask again: the parent traces already. */
static long do_traceme_twice(void *arg)
{
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		return -2;
	return ptrace(PTRACE_TRACEME, 0, 0, 0);
}

TEST_F(ptrace, traceme_traced)
{
	char scope[8];

	if (!read_text("/proc/sys/kernel/yama/ptrace_scope", scope,
		       sizeof(scope)) && scope[0] == '3')
		SKIP(return, "Yama's ptrace_scope 3 refuses PTRACE_TRACEME");
	check_attach_rule(_metadata, as_root(do_traceme_twice, NULL),
			  DENIAL_PTRACE_TRACED);
}

static long do_attach_self(void *arg)
{
	pid_t pid = getpid();

	return ptrace(PTRACE_ATTACH, pid, 0, 0);
}

TEST_F(ptrace, own_process)
{
	check_attach_rule(_metadata, as_root(do_attach_self, NULL),
			  DENIAL_PTRACE_SAME_PROCESS);
}

/* kthreadd, pid 2 of the initial pid namespace. */
TEST_F(ptrace, kernel_thread)
{
	pid_t kthreadd = 2;
	char comm[32];

	if (read_text("/proc/2/comm", comm, sizeof(comm)) ||
	    strcmp(comm, "kthreadd\n"))
		SKIP(return, "pid 2 is not kthreadd here");
	check_attach_rule(_metadata, as_root(do_attach, &kthreadd),
			  DENIAL_PTRACE_KERNEL_THREAD);
}

TEST_HARNESS_MAIN
