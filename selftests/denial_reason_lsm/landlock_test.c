// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by Landlock: the denied access rights, the layer
 * that denied them, and the object.  The tests install their own
 * rulesets.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/denial_reason.h>
#include <linux/landlock.h>
#include <linux/lsm.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

#define READ_FS	(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

static int create_ruleset(__u64 fs, __u64 net, __u64 scoped)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = fs,
		.handled_access_net = net,
		.scoped = scoped,
	};

	return syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
}

/* Allow @access beneath @path in @ruleset. */
static int allow_path(int ruleset, const char *path, __u64 access)
{
	struct landlock_path_beneath_attr pb = { .allowed_access = access };
	int ret;

	pb.parent_fd = open(path, O_PATH | O_CLOEXEC);
	if (pb.parent_fd < 0)
		return -1;
	ret = syscall(__NR_landlock_add_rule, ruleset,
		      LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	close(pb.parent_fd);
	return ret;
}

static int enforce(int ruleset)
{
	int ret;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	ret = syscall(__NR_landlock_restrict_self, ruleset, 0);
	close(ruleset);
	return ret;
}

/* Enforce a layer that reads only beneath @path. */
static int read_only_beneath(const char *path)
{
	int ruleset = create_ruleset(READ_FS, 0, 0);

	if (ruleset < 0 || allow_path(ruleset, path, READ_FS))
		return -1;
	return enforce(ruleset);
}

static int landlock_abi(void)
{
	return syscall(__NR_landlock_create_ruleset, NULL, 0,
		       LANDLOCK_CREATE_RULESET_VERSION);
}

FIXTURE(landlock) {
	struct stat hostname;
};

FIXTURE_SETUP(landlock)
{
	REQUIRE_DENIAL_REASON();
	if (landlock_abi() < 6)
		SKIP(return, "Landlock is not active, or older than ABI 6");
	ASSERT_EQ(0, stat("/etc/hostname", &self->hostname));
	ASSERT_EQ(0, opt_in());
}

FIXTURE_TEARDOWN(landlock)
{
}

/* Reading outside the one directory the ruleset allows. */
TEST_F(landlock, fs_read)
{
	struct denial_reason r;
	struct statx stx;

	ASSERT_EQ(0, statx(AT_FDCWD, "/etc/hostname", 0, STATX_MNT_ID, &stx));
	ASSERT_EQ(0, read_only_beneath("/tmp"));
	ASSERT_EQ(-1, open("/etc/hostname", O_RDONLY));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EACCES, r.error);
	EXPECT_EQ(DENIAL_SOURCE_LSM, r.source);
	EXPECT_EQ(LSM_ID_LANDLOCK, r.lsm_id);
	EXPECT_EQ(DENIAL_LANDLOCK_FS, r.reason);
	EXPECT_EQ(DENIAL_LSM_HOOK_file_open, r.lsm_hook);
	EXPECT_EQ(LANDLOCK_ACCESS_FS_READ_FILE, r.lsm_perm);
	EXPECT_TRUE(r.fields & DENIAL_FIELD_VALUE);
	EXPECT_EQ(1, r.value);
	EXPECT_TRUE(r.fields & DENIAL_FIELD_INODE);
	EXPECT_EQ(self->hostname.st_ino, r.obj_ino);
	EXPECT_EQ(stx.stx_mnt_id, r.mnt_id);
	EXPECT_EQ(getuid(), r.uid);
}

/* The second layer denies what the first allows: it is named. */
TEST_F(landlock, fs_second_layer)
{
	struct denial_reason r;

	ASSERT_EQ(0, read_only_beneath("/etc"));
	ASSERT_EQ(0, read_only_beneath("/tmp"));
	ASSERT_EQ(-1, open("/etc/hostname", O_RDONLY));
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_LANDLOCK_FS, r.reason);
	EXPECT_EQ(2, r.value);
}

/* Creating a directory: the denied right, the parent as the object. */
TEST_F(landlock, fs_make_dir)
{
	struct denial_reason r;
	struct stat tmp;
	int ruleset;

	ASSERT_EQ(0, stat("/tmp", &tmp));
	ruleset = create_ruleset(LANDLOCK_ACCESS_FS_MAKE_DIR, 0, 0);
	ASSERT_LE(0, ruleset);
	ASSERT_EQ(0, enforce(ruleset));
	ASSERT_EQ(-1, mkdir("/tmp/denial_reason_landlock", 0700));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_LANDLOCK_FS, r.reason);
	EXPECT_EQ(LANDLOCK_ACCESS_FS_MAKE_DIR, r.lsm_perm);
	EXPECT_EQ(DENIAL_LSM_HOOK_path_mkdir, r.lsm_hook);
	EXPECT_EQ(tmp.st_ino, r.obj_ino);
}

TEST_F(landlock, net_bind)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(8080),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct denial_reason r;
	int ruleset, fd;

	ruleset = create_ruleset(0, LANDLOCK_ACCESS_NET_BIND_TCP, 0);
	ASSERT_LE(0, ruleset);
	ASSERT_EQ(0, enforce(ruleset));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(__NR_bind, r.syscall_nr);
	EXPECT_EQ(LSM_ID_LANDLOCK, r.lsm_id);
	EXPECT_EQ(DENIAL_LANDLOCK_NET, r.reason);
	EXPECT_EQ(LANDLOCK_ACCESS_NET_BIND_TCP, r.lsm_perm);
	EXPECT_EQ(DENIAL_LSM_HOOK_socket_bind, r.lsm_hook);
	EXPECT_EQ(1, r.value);
	close(fd);
}

/* A signal to a process outside the sandbox's domain. */
TEST_F(landlock, scope_signal)
{
	struct denial_reason r;
	int ruleset;

	ruleset = create_ruleset(0, 0, LANDLOCK_SCOPE_SIGNAL);
	ASSERT_LE(0, ruleset);
	ASSERT_EQ(0, enforce(ruleset));
	ASSERT_EQ(-1, kill(getppid(), 0));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(DENIAL_SOURCE_LSM, r.source);
	EXPECT_EQ(LSM_ID_LANDLOCK, r.lsm_id);
	EXPECT_EQ(DENIAL_LANDLOCK_SCOPE, r.reason);
	EXPECT_EQ(LANDLOCK_SCOPE_SIGNAL, r.lsm_perm);
	EXPECT_EQ(DENIAL_LSM_HOOK_task_kill, r.lsm_hook);
}

/* Mounting is denied to any sandbox, even with CAP_SYS_ADMIN. */
TEST_F(landlock, mount)
{
	struct denial_reason r;

	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, read_only_beneath("/"));
	ASSERT_EQ(-1, mount("fe", "/tmp", "tmpfs", 0, NULL));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(LSM_ID_LANDLOCK, r.lsm_id);
	EXPECT_EQ(DENIAL_LANDLOCK_MOUNT, r.reason);
	EXPECT_EQ(DENIAL_LSM_HOOK_sb_mount, r.lsm_hook);
}

TEST_HARNESS_MAIN
