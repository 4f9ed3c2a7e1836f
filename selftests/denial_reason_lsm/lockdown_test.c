// SPDX-License-Identifier: GPL-2.0
/*
 * Lockdown's note, with the hook the generic LSM note adds: the lockdown
 * LSM refusing port I/O (CONFIG_X86_IOPL_IOPERM).  Needs a
 * kernel booted with lockdown=integrity (scripts/check boots one); skips
 * otherwise.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/denial_reason.h>
#include <linux/lsm.h>
#include <string.h>
#include <sys/io.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

/* Whether /sys/kernel/security/lockdown shows [integrity] or more. */
static bool locked_down(void)
{
	char buf[128] = "";
	int fd = open("/sys/kernel/security/lockdown", O_RDONLY);

	if (fd < 0)
		return false;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	close(fd);
	return strstr(buf, "[integrity]") || strstr(buf, "[confidentiality]");
}

TEST(port_io)
{
	struct denial_reason r;

	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root: only lockdown may refuse then");
	if (!locked_down())
		SKIP(return, "the kernel is not locked down (boot lockdown=integrity)");
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(-1, ioperm(0x80, 1, 1));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EPERM, r.error);
	EXPECT_EQ(__NR_ioperm, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_LSM, r.source);
	EXPECT_EQ(LSM_ID_LOCKDOWN, r.lsm_id);
	EXPECT_EQ(DENIAL_LSM_HOOK_locked_down, r.lsm_hook);
	EXPECT_EQ(DENIAL_LOCKDOWN_INTEGRITY, r.reason);
	/* 6.12's LOCKDOWN_IOPORT: a number for diagnostics, not ABI. */
	EXPECT_EQ(7, r.value);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_LSM | DENIAL_FIELD_VALUE,
		  r.fields);
	EXPECT_EQ(0, r.uid);
}

TEST_HARNESS_MAIN
