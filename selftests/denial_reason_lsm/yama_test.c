// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by Yama: kernel.yama.ptrace_scope refused a
 * ptrace attach or PTRACE_TRACEME, with the scope and the capability
 * that would have allowed it.  Runs as root; the tracer and the tracee
 * run as an unprivileged user.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/denial_reason.h>
#include <linux/lsm.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

#define SCOPE_PATH	"/proc/sys/kernel/yama/ptrace_scope"

static int write_scope(const char *value)
{
	int fd = open(SCOPE_PATH, O_WRONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : -1;
	close(fd);
	return ret;
}

FIXTURE(yama) {
	char saved[8];
	pid_t tracee;
};

FIXTURE_VARIANT(yama) {
	const char *scope;
	bool capability;
};

FIXTURE_VARIANT_ADD(yama, relational) {
	.scope = "1\n",
	.capability = true,
};

FIXTURE_VARIANT_ADD(yama, capability) {
	.scope = "2\n",
	.capability = true,
};

FIXTURE_SETUP(yama)
{
	int fd, n, fds[2], status;
	pid_t pid;

	REQUIRE_DENIAL_REASON();
	fd = open(SCOPE_PATH, O_RDONLY);
	if (fd < 0)
		SKIP(return, "Yama is not active");
	n = read(fd, self->saved, sizeof(self->saved) - 1);
	close(fd);
	ASSERT_LT(0, n);
	self->saved[n] = '\0';
	if (self->saved[0] == '3')
		SKIP(return, "ptrace_scope is 3 and cannot be lowered");
	ASSERT_EQ(0, write_scope(variant->scope));

	/*
	 * A process of the same user that is not our descendant: its
	 * parent exits at once and leaves it to init.
	 */
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		pid_t tracee = fork();

		if (!tracee) {
			if (drop_to_user())
				_exit(1);
			/* exec makes it dumpable again after the uid change. */
			execl("/bin/sleep", "sleep", "60", NULL);
			_exit(1);
		}
		_exit(write(fds[1], &tracee, sizeof(tracee)) !=
		      sizeof(tracee));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_EQ(sizeof(self->tracee),
		  read(fds[0], &self->tracee, sizeof(self->tracee)));
	close(fds[0]);
	close(fds[1]);
	/* Wait for the exec: then /proc/PID/exe is sleep. */
	for (int i = 0; i < 100; i++) {
		char path[64], exe[64] = "";

		snprintf(path, sizeof(path), "/proc/%d/exe", self->tracee);
		if (readlink(path, exe, sizeof(exe) - 1) > 0 &&
		    strstr(exe, "sleep"))
			break;
		usleep(20000);
	}
}

FIXTURE_TEARDOWN_PARENT(yama)
{
	/* Not our child: init reaps it. */
	if (self->tracee > 0)
		kill(self->tracee, SIGKILL);
	if (self->saved[0])
		write_scope(self->saved);
}

TEST_F(yama, attach)
{
	struct denial_reason r;

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(0, drop_to_user());

	ASSERT_EQ(-1, ptrace(PTRACE_ATTACH, self->tracee, 0, 0));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EPERM, r.error);
	EXPECT_EQ(__NR_ptrace, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_LSM, r.source);
	EXPECT_EQ(LSM_ID_YAMA, r.lsm_id);
	EXPECT_EQ(DENIAL_YAMA_ATTACH, r.reason);
	/* The generic LSM note adds the hook to Yama's own. */
	EXPECT_EQ(DENIAL_LSM_HOOK_ptrace_access_check, r.lsm_hook);
	EXPECT_TRUE(r.fields & DENIAL_FIELD_LSM);
	EXPECT_TRUE(r.fields & DENIAL_FIELD_VALUE);
	EXPECT_EQ(variant->scope[0] - '0', r.value);
	if (variant->capability) {
		EXPECT_TRUE(r.fields & DENIAL_FIELD_CAPABILITY);
		EXPECT_EQ(CAP_SYS_PTRACE, r.capability);
	}
}

/* Scope 2 also refuses PTRACE_TRACEME when the parent lacks the capability. */
TEST(traceme)
{
	struct denial_reason r;
	char saved[8] = "";
	pid_t pid;
	int fd, n, status;

	REQUIRE_DENIAL_REASON();
	fd = open(SCOPE_PATH, O_RDONLY);
	if (fd < 0)
		SKIP(return, "Yama is not active");
	n = read(fd, saved, sizeof(saved) - 1);
	close(fd);
	ASSERT_LT(0, n);
	if (saved[0] == '3')
		SKIP(return, "ptrace_scope is 3 and cannot be lowered");
	ASSERT_EQ(0, write_scope("2\n"));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		pid_t child;

		if (opt_in() || drop_to_user())
			_exit(3);
		child = fork();
		if (!child) {
			if (ptrace(PTRACE_TRACEME, 0, 0, 0) != -1 ||
			    errno != EPERM)
				_exit(1);
			if (get_reason(&r) || r.source != DENIAL_SOURCE_LSM ||
			    r.lsm_id != LSM_ID_YAMA ||
			    r.reason != DENIAL_YAMA_TRACEME || r.value != 2 ||
			    r.lsm_hook != DENIAL_LSM_HOOK_ptrace_traceme ||
			    r.capability != CAP_SYS_PTRACE)
				_exit(2);
			_exit(0);
		}
		_exit(waitpid(child, &status, 0) == child &&
		      WIFEXITED(status) ? WEXITSTATUS(status) : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	write_scope(saved);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
