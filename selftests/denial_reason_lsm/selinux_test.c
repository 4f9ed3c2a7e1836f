// SPDX-License-Identifier: GPL-2.0
/*
 * SELinux's own note: the contexts, the class and the denied permissions
 * in the loaded policy's numbers, dontaudit, permissive domains, and who
 * may read the contexts.  Needs a kernel booted with SELinux in lsm=
 * (scripts/check boots one) and the project's small policy, which
 * fe-selinux-load(8) of the test image compiles with secilc(8) and
 * loads; skips otherwise.
 *
 * A child changes to a test domain (allowed from unconfined), opts in,
 * makes the call the policy denies and hands back its errno and record
 * through shared memory.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/lsm.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

#define DIR		"/tmp/fe_selinux"
#define LOADER		"/usr/local/sbin/fe-selinux-load"
#define CONFINED	"u:r:fe_confined_t"
#define PERMISSIVE	"u:r:fe_permissive_t"
#define SECRET		"u:object_r:fe_secret_t"
#define QUIET		"u:object_r:fe_quiet_t"
#define SELINUXFS	"/sys/fs/selinux"

/* A number selinuxfs shows for the loaded policy, or -1. */
static long policy_number(const char *path)
{
	char buf[16];

	if (read_text(path, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/* The policy's value of @class and its bit of @perm. */
static void policy_class_perm(const char *class, const char *perm,
			      long *value, __u32 *bit)
{
	char path[128];
	long n;

	snprintf(path, sizeof(path), SELINUXFS "/class/%s/index", class);
	*value = policy_number(path);
	snprintf(path, sizeof(path), SELINUXFS "/class/%s/perms/%s", class,
		 perm);
	n = policy_number(path);
	*bit = n > 0 ? 1U << (n - 1) : 0;
}

static int enter(const char *context)
{
	return write_text("/proc/self/attr/current", context);
}

static int enter_confined(void)
{
	return enter(CONFINED);
}

static int enter_permissive(void)
{
	return enter(PERMISSIVE);
}

static int enter_confined_and_drop(void)
{
	return enter(CONFINED) || drop_to_user();
}

static long do_open_read(void *path)
{
	return open(path, O_RDONLY);
}

/* Ask for an exec into the permissive domain, with no_new_privs set. */
static int nnp_exec_permissive(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return write_text("/proc/self/attr/exec", PERMISSIVE);
}

static long do_exec(void *path)
{
	char *const argv[] = { path, NULL };

	return execve(path, argv, NULL);
}

static long do_chown(void *path)
{
	return chown(path, USER_ID, USER_ID);
}

static int make_file(const char *path, const char *context)
{
	if (create_text(path, "x\n"))
		return -1;
	if (!context)
		return 0;
	return setxattr(path, "security.selinux", context,
			strlen(context) + 1, 0);
}

FIXTURE(se) {
	char sysctl[8];
	long file_class;
	__u32 read_bit;
};

FIXTURE_SETUP(se)
{
	struct stat st;

	self->sysctl[0] = '\0';
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to load a policy");
	if (stat(SELINUXFS, &st))
		SKIP(return, "SELinux is not active (boot with lsm=...,selinux)");
	if (access(LOADER, X_OK))
		SKIP(return, "no " LOADER " to load the test policy");
	ASSERT_EQ(0, system(LOADER));
	ASSERT_EQ(1, policy_number(SELINUXFS "/enforce"));
	policy_class_perm("file", "read", &self->file_class, &self->read_bit);
	ASSERT_LT(0, self->file_class);
	ASSERT_NE(0, self->read_bit);

	mkdir(DIR, 0755);
	ASSERT_EQ(0, make_file(DIR "/secret", SECRET));
	ASSERT_EQ(0, make_file(DIR "/quiet", QUIET));
	ASSERT_EQ(0, make_file(DIR "/allowed", NULL));
	ASSERT_EQ(0, save_level(self->sysctl, sizeof(self->sysctl)));
}

FIXTURE_TEARDOWN(se)
{
	restore_level(self->sysctl);
}

/* Root, with CAP_MAC_ADMIN, reads both contexts. */
TEST_F(se, file_denied)
{
	struct outcome *o;

	o = in_child(enter_confined, do_open_read, DIR "/allowed");
	ASSERT_NE(NULL, o);
	ASSERT_LE(0, o->ret);

	o = in_child(enter_confined, do_open_read, DIR "/secret");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EACCES, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EACCES, o->r.error);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_SELINUX, o->r.lsm_id);
	EXPECT_EQ(self->file_class, o->r.reason);
	EXPECT_EQ(self->read_bit, o->r.lsm_perm);
	EXPECT_EQ(DENIAL_LSM_HOOK_inode_permission, o->r.lsm_hook);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_LSM |
		  DENIAL_FIELD_SUBJ_LABEL | DENIAL_FIELD_OBJ_LABEL |
		  DENIAL_FIELD_LSM_NAMES, o->r.fields);
	EXPECT_EQ(0, o->r.flags);
	EXPECT_EQ(0, o->r.uid);
	EXPECT_STREQ(CONFINED, o->r.subj_label);
	EXPECT_STREQ(SECRET, o->r.obj_label);
	/* Named by the kernel: nothing to look up in selinuxfs. */
	EXPECT_STREQ("file", o->r.lsm_class);
	EXPECT_STREQ("read", o->r.lsm_perms);
}

/* dontaudit keeps the denial out of the log, not out of the record. */
TEST_F(se, dontaudit)
{
	struct outcome *o;

	o = in_child(enter_confined, do_open_read, DIR "/quiet");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(LSM_ID_SELINUX, o->r.lsm_id);
	EXPECT_EQ(self->file_class, o->r.reason);
	EXPECT_EQ(self->read_bit, o->r.lsm_perm);
	EXPECT_EQ(DENIAL_REASON_NOT_AUDITED, o->r.flags);
	EXPECT_STREQ(QUIET, o->r.obj_label);
	EXPECT_STREQ("file", o->r.lsm_class);
	EXPECT_STREQ("read", o->r.lsm_perms);
}

/* A permissive domain is denied nothing, so there is nothing to read. */
TEST_F(se, permissive_domain)
{
	struct outcome *o;

	o = in_child(enter_permissive, do_open_read, DIR "/secret");
	ASSERT_NE(NULL, o);
	ASSERT_LE(0, o->ret);
	EXPECT_NE(0, o->get_ret);
}

/*
 * A capability the caller holds, refused by the policy: the record is for
 * EPERM, names the capability, and the class is "capability".
 */
TEST_F(se, capability)
{
	__u32 chown_bit;
	long cap_class;
	struct outcome *o;

	policy_class_perm("capability", "chown", &cap_class, &chown_bit);
	if (cap_class < 0)
		SKIP(return, "the policy has no capability class");
	o = in_child(enter_confined, do_chown, DIR "/allowed");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_SELINUX, o->r.lsm_id);
	EXPECT_EQ(cap_class, o->r.reason);
	EXPECT_EQ(chown_bit, o->r.lsm_perm);
	EXPECT_EQ(DENIAL_LSM_HOOK_capable, o->r.lsm_hook);
	EXPECT_EQ(CAP_CHOWN, o->r.capability);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_CAPABILITY);
	EXPECT_STREQ(CONFINED, o->r.subj_label);
	EXPECT_STREQ(CONFINED, o->r.obj_label);
	EXPECT_STREQ("capability", o->r.lsm_class);
	EXPECT_STREQ("chown", o->r.lsm_perms);
}

/*
 * A denial decided outside the AVC: with no_new_privs, SELinux lets an
 * exec enter only a domain bounded by the current one, and
 * fe_permissive_t is not.  It notes nothing of its own there; the
 * generic LSM note names the module and the hook.
 */
TEST_F(se, nnp_transition)
{
	struct outcome *o;

	o = in_child(nnp_exec_permissive, do_exec, "/bin/true");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_execve, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_LSM, o->r.source);
	EXPECT_EQ(LSM_ID_SELINUX, o->r.lsm_id);
	EXPECT_EQ(0, o->r.reason);
	EXPECT_EQ(DENIAL_LSM_HOOK_bprm_creds_for_exec, o->r.lsm_hook);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_LSM, o->r.fields);
	EXPECT_EQ(0, o->r.uid);
}

/*
 * Contexts follow kernel.denial_reason: at 1, a reader without
 * CAP_MAC_ADMIN gets the class and permissions without the contexts and
 * without whether the policy audits the denial; at 2, everybody gets
 * them.
 */
TEST_F(se, labels_by_level)
{
	struct outcome *o;

	ASSERT_EQ(0, set_level("1"));
	o = in_child(enter_confined_and_drop, do_open_read, DIR "/secret");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(LSM_ID_SELINUX, o->r.lsm_id);
	EXPECT_EQ(self->file_class, o->r.reason);
	EXPECT_EQ(self->read_bit, o->r.lsm_perm);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(DENIAL_REASON_LABELS_HIDDEN, o->r.flags);
	EXPECT_EQ(0, o->r.fields & (DENIAL_FIELD_SUBJ_LABEL |
				    DENIAL_FIELD_OBJ_LABEL));
	EXPECT_STREQ("", o->r.subj_label);
	EXPECT_STREQ("", o->r.obj_label);

	/* Whether the policy audits it is withheld with the labels. */
	o = in_child(enter_confined_and_drop, do_open_read, DIR "/quiet");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_REASON_LABELS_HIDDEN, o->r.flags);

	ASSERT_EQ(0, set_level("2"));
	o = in_child(enter_confined_and_drop, do_open_read, DIR "/secret");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(0, o->r.flags);
	EXPECT_STREQ(CONFINED, o->r.subj_label);
	EXPECT_STREQ(SECRET, o->r.obj_label);
}

/* Kill the process on any system call that could read selinuxfs. */
static int forbid_lookups(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat2, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getdents64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return load_filter(filter, sizeof(filter) / sizeof(filter[0]), 0);
}

/*
 * The C library names the class and the permissions from the record: a
 * process that may no longer open anything still gets them, and is not
 * killed for looking them up in selinuxfs.
 */
TEST_F(se, strerror_names)
{
	char msg[512] = "";
	int fds[2], status;
	ssize_t len;
	pid_t pid;

	if (!dlsym(RTLD_DEFAULT, "strerrorreason_np"))
		SKIP(return, "the C library does not append reasons");
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		const char *text;

		close(fds[0]);
		if (opt_in() || enter_confined())
			_exit(1);
		if (open(DIR "/secret", O_RDONLY) != -1 || errno != EACCES)
			_exit(2);
		if (forbid_lookups())
			_exit(3);
		errno = EACCES;
		text = strerror(EACCES);
		_exit(write(fds[1], text, strlen(text)) > 0 ? 0 : 4);
	}
	close(fds[1]);
	len = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("the child died of signal %d", WTERMSIG(status));
	}
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_LT(0, len);
	msg[len] = '\0';
	EXPECT_STREQ("Permission denied (SELinux: context \"" CONFINED
		     "\" may not read file \"" SECRET "\")", msg);
}

TEST_HARNESS_MAIN
