// SPDX-License-Identifier: GPL-2.0
/*
 * AppArmor's own note: the profile, the class and the denied
 * permissions, and who may read the profile's name.  The path is not
 * kept: the kernel keeps no text per thread.  Needs a kernel booted with
 * AppArmor in lsm= (scripts/check boots one) and apparmor_parser(8) to
 * load the test's profile; skips otherwise.
 *
 * A child changes to the profile (allowed from unconfined), opts in,
 * makes the call the profile denies and hands back its errno and record
 * through shared memory.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/landlock.h>
#include <linux/lsm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

#define DIR		"/tmp/fe_apparmor"
#define PROFILE		"fe_denial_reason"
#define AA_MAY_READ	0x4

/*
 * Nothing but the test's own needs: setuid to drop to the test user,
 * mac_admin for root to read the labels while confined.
 */
static const char profile[] =
	"profile " PROFILE " {\n"
	"  capability setuid,\n"
	"  capability setgid,\n"
	"  capability mac_admin,\n"
	"  " DIR "/allowed r,\n"
	"  deny " DIR "/quiet r,\n"
	"}\n"
	/* A name with an escape sequence: ESC M moves the cursor up a line. */
	"profile \"fe_esc\\033M\" {\n"
	"  capability mac_admin,\n"
	"}\n";

#define ESC_PROFILE	"fe_esc\033M"

static bool apparmor_active(void)
{
	struct stat st;

	if (stat("/sys/kernel/security/apparmor", &st))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		      NULL);
	return !stat("/sys/kernel/security/apparmor/profiles", &st);
}

/* Confine the caller: "changeprofile" through the LSM's own attr file. */
static int change_profile(void)
{
	static const char cmd[] = "changeprofile " PROFILE;

	if (!write_text("/proc/self/attr/apparmor/current", cmd))
		return 0;
	return write_text("/proc/self/attr/current", cmd);
}

static int change_profile_esc(void)
{
	return write_text("/proc/self/attr/current",
			  "changeprofile " ESC_PROFILE);
}

/* Confined, then the test user. */
static int change_profile_and_drop(void)
{
	return change_profile() || drop_to_user();
}

/* The user namespace that the test user's own child created. */
static int userns_fd = -1;

/*
 * A child of ours becomes the test user and makes a user namespace, which
 * the test user then owns; we keep a descriptor of it, change to the
 * profile and become the test user too.
 */
static int own_userns_and_drop(void)
{
	char path[64], c;
	int ready[2], hold[2];
	pid_t pid;

	if (pipe(ready) || pipe(hold))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/*
		 * Until we exit: no signal of ours would reach it, as the
		 * profile allows us to send none.
		 */
		close(hold[1]);
		if (drop_to_user() || unshare(CLONE_NEWUSER) ||
		    write(ready[1], "x", 1) != 1)
			_exit(1);
		_exit(read(hold[0], &c, 1) != 0);
	}
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	userns_fd = open(path, O_RDONLY);
	if (userns_fd < 0)
		return -1;
	return change_profile_and_drop();
}

static long do_setns_userns(void *arg)
{
	return setns(userns_fd, CLONE_NEWUSER);
}

/*
 * landlock_restrict_self() without no_new_privs wants CAP_SYS_ADMIN,
 * asked quietly (ns_capable_noaudit()).
 */
static long do_restrict_self(void *arg)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	long fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr),
			  0);

	if (fd < 0)
		return -2;
	return syscall(__NR_landlock_restrict_self, fd, 0);
}

static long do_open_read(void *path)
{
	return open(path, O_RDONLY);
}

/* Open @path for reading under the profile, as root or the test user. */
static struct outcome *confined_open(const char *path, bool user)
{
	return in_child(user ? change_profile_and_drop : change_profile,
			do_open_read, (void *)path);
}

FIXTURE(aa) {
	char sysctl[8];
};

FIXTURE_SETUP(aa)
{
	self->sysctl[0] = '\0';
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to load a profile");
	if (!apparmor_active())
		SKIP(return, "AppArmor is not active (boot with lsm=...,apparmor)");
	if (access("/sbin/apparmor_parser", X_OK))
		SKIP(return, "no apparmor_parser(8) to load a profile");
	mkdir(DIR, 0755);
	ASSERT_EQ(0, create_text(DIR "/secret", "secret\n"));
	ASSERT_EQ(0, create_text(DIR "/quiet", "quiet\n"));
	ASSERT_EQ(0, create_text(DIR "/allowed", "allowed\n"));
	ASSERT_EQ(0, create_text(DIR "/private", "private\n"));
	ASSERT_EQ(0, chown(DIR "/private", USER_ID, USER_ID));
	ASSERT_EQ(0, chmod(DIR "/private", 0600));
	ASSERT_EQ(0, create_text(DIR "/profile", profile));
	ASSERT_EQ(0, system("/sbin/apparmor_parser -r " DIR "/profile"));
	ASSERT_EQ(0, save_level(self->sysctl, sizeof(self->sysctl)));
}

FIXTURE_TEARDOWN(aa)
{
	restore_level(self->sysctl);
}

/* Root, with CAP_MAC_ADMIN, reads the profile; the path is not given. */
TEST_F(aa, file_denied)
{
	struct outcome *o;

	o = confined_open(DIR "/allowed", false);
	ASSERT_NE(NULL, o);
	ASSERT_LE(0, o->ret);

	o = confined_open(DIR "/secret", false);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EACCES, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EACCES, o->r.error);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_EQ(DENIAL_APPARMOR_FILE, o->r.reason);
	EXPECT_EQ(DENIAL_LSM_HOOK_file_open, o->r.lsm_hook);
	EXPECT_EQ(AA_MAY_READ, o->r.lsm_perm);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_LSM |
		  DENIAL_FIELD_SUBJ_LABEL, o->r.fields);
	EXPECT_EQ(0, o->r.flags);
	EXPECT_EQ(0, o->r.uid);
	EXPECT_STREQ(PROFILE, o->r.subj_label);
	EXPECT_STREQ("", o->r.obj_label);
}

/*
 * Confined root holds CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, but the
 * profile does not allow them: the mode bits did not decide, AppArmor
 * did, and the record says so, for open(2)'s EACCES.
 */
TEST_F(aa, override_refused)
{
	struct outcome *o;

	o = confined_open(DIR "/private", false);
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_EQ(DENIAL_APPARMOR_CAPABILITY, o->r.reason);
	EXPECT_EQ(DENIAL_LSM_HOOK_capable, o->r.lsm_hook);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_CAPABILITY);
	EXPECT_EQ(CAP_DAC_OVERRIDE, o->r.capability);
	EXPECT_STREQ(PROFILE, o->r.subj_label);
}

/*
 * The owner of a user namespace, in its parent, has every capability in
 * it (cap_capable()): joining it needs CAP_SYS_ADMIN there, which the
 * test user has, but the profile does not allow it.  AppArmor refused,
 * not the capability sets.
 */
TEST_F(aa, owner_has_capability)
{
	struct outcome *o;

	o = in_child(own_userns_and_drop, do_setns_userns, NULL);
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_EQ(DENIAL_APPARMOR_CAPABILITY, o->r.reason);
	EXPECT_EQ(CAP_SYS_ADMIN, o->r.capability);
}

/*
 * A quiet capability check (CAP_OPT_NOAUDIT) is a probe as far as a
 * security module knows: its refusal is not noted as the caller's
 * reason.  Here the caller fails for Landlock's rule, which the quiet
 * check was part of: no_new_privs, or CAP_SYS_ADMIN.
 */
TEST_F(aa, quiet_check_not_noted)
{
	struct outcome *o;

	o = in_child(change_profile, do_restrict_self, NULL);
	ASSERT_NE(NULL, o);
	if (o->ret == -2)
		SKIP(return, "Landlock is not active");
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_landlock_restrict_self, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(DENIAL_CAP_NO_NEW_PRIVS, o->r.reason);
	EXPECT_EQ(0, o->r.lsm_id);
}

/*
 * A label is the module's text, which the record gives with control
 * characters escaped: printed, it cannot drive the terminal.
 */
TEST_F(aa, label_escaped)
{
	struct outcome *o;

	o = in_child(change_profile_esc, do_open_read, DIR "/secret");
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_STREQ("fe_esc\\x1bM", o->r.subj_label);
	EXPECT_EQ(0, o->r.flags);
}

/* A "deny" rule is quiet: no audit message, but still a reason. */
TEST_F(aa, quiet_denial)
{
	struct outcome *o;

	o = confined_open(DIR "/quiet", false);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_EQ(DENIAL_APPARMOR_FILE, o->r.reason);
	EXPECT_EQ(AA_MAY_READ, o->r.lsm_perm);
	EXPECT_EQ(DENIAL_REASON_NOT_AUDITED, o->r.flags);
	EXPECT_STREQ(PROFILE, o->r.subj_label);
}

/*
 * MAC labels follow kernel.denial_reason: at 1, a reader without
 * CAP_MAC_ADMIN gets the reason without the profile and without whether
 * the policy audits it; at 2, everybody gets them.
 */
TEST_F(aa, labels_by_level)
{
	struct outcome *o;

	ASSERT_EQ(0, set_level("1"));
	o = confined_open(DIR "/secret", true);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(LSM_ID_APPARMOR, o->r.lsm_id);
	EXPECT_EQ(DENIAL_APPARMOR_FILE, o->r.reason);
	EXPECT_EQ(AA_MAY_READ, o->r.lsm_perm);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(DENIAL_REASON_LABELS_HIDDEN, o->r.flags);
	EXPECT_EQ(0, o->r.fields & (DENIAL_FIELD_SUBJ_LABEL |
				    DENIAL_FIELD_OBJ_LABEL));
	EXPECT_STREQ("", o->r.subj_label);
	EXPECT_STREQ("", o->r.obj_label);

	/* Whether the policy audits it is withheld with the labels. */
	o = confined_open(DIR "/quiet", true);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_REASON_LABELS_HIDDEN, o->r.flags);

	ASSERT_EQ(0, set_level("2"));
	o = confined_open(DIR "/secret", true);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(0, o->r.flags);
	EXPECT_STREQ(PROFILE, o->r.subj_label);
	EXPECT_STREQ("", o->r.obj_label);
}

TEST_HARNESS_MAIN
