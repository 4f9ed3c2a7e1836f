// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by ptrace's own access rules, which decide before
 * any LSM: another user's process, and a process that is not dumpable.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
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

TEST_HARNESS_MAIN
