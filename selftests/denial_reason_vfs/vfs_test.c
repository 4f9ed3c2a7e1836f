// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by the VFS and the network stack: immutable and
 * append-only files, noexec (exec, mmap, mprotect) and nodev mounts,
 * sticky directories, the fs.protected_* sysctls, privileged ports,
 * files an idmapped mount cannot map, locked mount flags, too revealing
 * sysfs mounts, user.* attributes of special files and packets a
 * netfilter rule drops.
 *
 * Root sets the scene in a private tmpfs; a child, opted in and dropped
 * to the test user, makes the call that fails and hands back its errno
 * and record through shared memory.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../denial_reason_lsm/helpers.h"

#define TMPFS	"/tmp/denial_reason_vfs"
#define OTHER_ID	2000	/* owns what the test user may not touch */

static int set_flags(const char *path, int flags)
{
	int fd = open(path, O_RDONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, FS_IOC_SETFLAGS, &flags);
	close(fd);
	return ret;
}

static int make_file(const char *path, mode_t mode, uid_t uid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	if (fd < 0)
		return -1;
	close(fd);
	if (chmod(path, mode) || chown(path, uid, uid))
		return -1;
	return 0;
}

static long do_open_write(void *path)
{
	return open(path, O_WRONLY);
}

static long do_open_trunc(void *path)
{
	return open(path, O_WRONLY | O_APPEND | O_TRUNC);
}

static long do_open_append(void *path)
{
	return open(path, O_WRONLY | O_APPEND);
}

static long do_unlink(void *path)
{
	return unlink(path);
}

static long do_chmod(void *path)
{
	return chmod(path, 0600);
}

static long do_exec(void *path)
{
	char *argv[] = { path, NULL };
	char *envp[] = { NULL };

	return execve(path, argv, envp);
}

static long do_access_x(void *path)
{
	return access(path, X_OK);
}

static long do_mmap_exec(void *path)
{
	int fd = open(path, O_RDONLY);
	void *p;

	if (fd < 0)
		return -2;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	return p == MAP_FAILED ? -1 : 0;
}

/* Map it readable, then ask to execute it: mmap() allowed, not that. */
static long do_mprotect_exec(void *path)
{
	int fd = open(path, O_RDONLY);
	void *p;

	if (fd < 0)
		return -2;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -2;
	return mprotect(p, 4096, PROT_READ | PROT_EXEC);
}

static long do_open_read(void *path)
{
	return open(path, O_RDONLY);
}

static long do_open_creat(void *path)
{
	return open(path, O_RDWR | O_CREAT, 0600);
}

static long do_link(void *path)
{
	return link(path, TMPFS "/home/hardlink");
}

static long do_bind(void *port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(*(int *)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -2;
	return bind(fd, (struct sockaddr *)&sin, sizeof(sin));
}

static long do_bind6(void *port)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(*(int *)port),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	int fd = socket(AF_INET6, SOCK_STREAM, 0);

	if (fd < 0)
		return -2;
	return bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
}

FIXTURE(vfs) {
	char file[64];
	struct stat st;
};

/*
 * A private tmpfs in a mount namespace of the test's own: it goes away
 * with the test's process, whatever the test did to it.
 */
FIXTURE_SETUP(vfs)
{
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to set the scene");
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(TMPFS, 0755);
	ASSERT_EQ(0, mount("fe", TMPFS, "tmpfs", 0, "mode=0755"));
	ASSERT_EQ(0, mkdir(TMPFS "/home", 0755));
	ASSERT_EQ(0, chown(TMPFS "/home", USER_ID, USER_ID));
	ASSERT_EQ(0, mkdir(TMPFS "/sticky", 01777));
	ASSERT_EQ(0, chmod(TMPFS "/sticky", 01777));
	snprintf(self->file, sizeof(self->file), TMPFS "/home/file");
	ASSERT_EQ(0, make_file(self->file, 0644, USER_ID));
	ASSERT_EQ(0, stat(self->file, &self->st));
}

FIXTURE_TEARDOWN(vfs)
{
}

/* The file's identity, as the record gives it. */
#define EXPECT_INODE(r, st) do {					\
		EXPECT_TRUE((r).fields & DENIAL_FIELD_INODE);		\
		EXPECT_EQ((st).st_ino, (r).obj_ino);			\
		EXPECT_EQ(major((st).st_dev), (r).obj_dev_major);	\
		EXPECT_EQ(minor((st).st_dev), (r).obj_dev_minor);	\
		EXPECT_EQ((st).st_uid, (r).obj_uid);			\
		EXPECT_EQ((st).st_mode, (r).obj_mode);			\
	} while (0)

TEST_F(vfs, immutable_write)
{
	struct outcome *o;

	ASSERT_EQ(0, set_flags(self->file, FS_IMMUTABLE_FL));
	o = as_user(do_open_write, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(DENIAL_REASON_SIZE_VER2, o->r.size);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_IMMUTABLE, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_ACCESS |
		  DENIAL_FIELD_OBJECT | DENIAL_FIELD_INODE, o->r.fields);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_TRUE(o->r.access & DENIAL_ACCESS_WRITE);
	EXPECT_INODE(o->r, self->st);
	ASSERT_EQ(0, set_flags(self->file, 0));
}

/* Unlinking and chmod of one's own immutable file. */
TEST_F(vfs, immutable_unlink_chmod)
{
	struct outcome *o;

	ASSERT_EQ(0, set_flags(self->file, FS_IMMUTABLE_FL));
	o = as_user(do_unlink, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(__NR_unlink, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_IMMUTABLE, o->r.reason);
	EXPECT_INODE(o->r, self->st);

	o = as_user(do_chmod, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(__NR_chmod, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_IMMUTABLE, o->r.reason);
	ASSERT_EQ(0, set_flags(self->file, 0));
}

TEST_F(vfs, append_only)
{
	struct outcome *o;

	ASSERT_EQ(0, set_flags(self->file, FS_APPEND_FL));
	o = as_user(do_open_write, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_APPEND, o->r.reason);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_INODE(o->r, self->st);

	o = as_user(do_open_trunc, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_FILE_ATTR_APPEND, o->r.reason);

	/* Appending is what the attribute allows. */
	o = as_user(do_open_append, self->file);
	ASSERT_NE(NULL, o);
	EXPECT_LE(0, o->ret);
	ASSERT_EQ(0, set_flags(self->file, 0));
}

/* An append-only directory refuses the unlink, and is named. */
TEST_F(vfs, append_only_dir)
{
	struct stat dst;
	struct outcome *o;

	ASSERT_EQ(0, stat(TMPFS "/home", &dst));
	ASSERT_EQ(0, set_flags(TMPFS "/home", FS_APPEND_FL));
	o = as_user(do_unlink, self->file);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_APPEND, o->r.reason);
	EXPECT_INODE(o->r, dst);
	ASSERT_EQ(0, set_flags(TMPFS "/home", 0));
}

/* A program and a device node on a mount without exec and dev. */
TEST_F(vfs, noexec)
{
	struct statx stx;
	struct outcome *o;
	struct stat st;
	char prog[] = TMPFS "/noexec/true";
	int in, out;
	char buf[65536];
	ssize_t n;

	ASSERT_EQ(0, mkdir(TMPFS "/noexec", 0755));
	ASSERT_EQ(0, mount("fe", TMPFS "/noexec", "tmpfs", MS_NOEXEC, NULL));
	in = open("/bin/true", O_RDONLY);
	ASSERT_LE(0, in);
	out = open(prog, O_WRONLY | O_CREAT, 0755);
	ASSERT_LE(0, out);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ASSERT_EQ(n, write(out, buf, n));
	close(in);
	close(out);
	ASSERT_EQ(0, stat(prog, &st));
	ASSERT_EQ(0, statx(AT_FDCWD, prog, 0, STATX_MNT_ID, &stx));

	o = as_user(do_exec, prog);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(__NR_execve, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_NOEXEC, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_ACCESS |
		  DENIAL_FIELD_OBJECT | DENIAL_FIELD_INODE |
		  DENIAL_FIELD_MOUNT, o->r.fields);
	EXPECT_TRUE(o->r.access & DENIAL_ACCESS_EXEC);
	EXPECT_EQ(stx.stx_mnt_id, o->r.mnt_id);
	EXPECT_INODE(o->r, st);

	o = as_user(do_access_x, prog);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_MOUNT_NOEXEC, o->r.reason);
	EXPECT_EQ(stx.stx_mnt_id, o->r.mnt_id);

	o = as_user(do_mmap_exec, prog);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_mmap, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_NOEXEC, o->r.reason);
	EXPECT_EQ(stx.stx_mnt_id, o->r.mnt_id);

	o = as_user(do_mprotect_exec, prog);
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(__NR_mprotect, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_NOEXEC, o->r.reason);
	EXPECT_TRUE(o->r.access & DENIAL_ACCESS_EXEC);
	EXPECT_EQ(stx.stx_mnt_id, o->r.mnt_id);
	EXPECT_INODE(o->r, st);
}

TEST_F(vfs, nodev)
{
	char dev[] = TMPFS "/nodev/null";
	struct outcome *o;

	ASSERT_EQ(0, mkdir(TMPFS "/nodev", 0755));
	ASSERT_EQ(0, mount("fe", TMPFS "/nodev", "tmpfs", MS_NODEV, NULL));
	ASSERT_EQ(0, mknod(dev, S_IFCHR | 0666, makedev(1, 3)));
	ASSERT_EQ(0, chmod(dev, 0666));
	o = as_user(do_open_read, dev);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_NODEV, o->r.reason);
	EXPECT_EQ(S_IFCHR | 0666, o->r.obj_mode);
}

/*
 * Root's immutable file in that sticky directory: both refuse, and the
 * sticky bit, which the kernel checks first (with its CAP_FOWNER check
 * and audit record), is the reason, as it decides.  The series must not
 * change the order of the checks.
 */
TEST_F(vfs, sticky_before_immutable)
{
	char path[] = TMPFS "/sticky/roots_immutable";
	struct outcome *o;

	ASSERT_EQ(0, make_file(path, 0666, 0));
	ASSERT_EQ(0, set_flags(path, FS_IMMUTABLE_FL));
	o = as_user(do_unlink, path);
	set_flags(path, 0);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_DAC, o->r.source);
	EXPECT_EQ(DENIAL_DAC_STICKY, o->r.reason);
	EXPECT_EQ(CAP_FOWNER, o->r.capability);
}

/* Root's file in a sticky directory the test user does not own. */
TEST_F(vfs, sticky)
{
	char path[] = TMPFS "/sticky/roots";
	struct stat st;
	struct outcome *o;

	ASSERT_EQ(0, make_file(path, 0666, 0));
	ASSERT_EQ(0, stat(path, &st));
	o = as_user(do_unlink, path);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_DAC, o->r.source);
	EXPECT_EQ(DENIAL_DAC_STICKY, o->r.reason);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_INODE(o->r, st);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_DIR);
	EXPECT_EQ(0, o->r.dir_uid);
	EXPECT_EQ(S_IFDIR | 01777, o->r.dir_mode);
	EXPECT_EQ(CAP_FOWNER, o->r.capability);
	EXPECT_EQ(userns_ino(), o->r.userns_ino);
}

TEST_F(vfs, protected_symlinks)
{
	char link[] = TMPFS "/sticky/link";
	struct outcome *o;

	ASSERT_EQ(0, write_text("/proc/sys/fs/protected_symlinks", "1"));
	ASSERT_EQ(0, symlink(self->file, link));
	/* Neither the follower nor the directory's owner owns it. */
	ASSERT_EQ(0, lchown(link, OTHER_ID, OTHER_ID));
	o = as_user(do_open_read, link);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(DENIAL_SYSCTL_PROTECTED_SYMLINKS, o->r.reason);
	EXPECT_TRUE(o->r.fields & DENIAL_FIELD_VALUE);
	EXPECT_EQ(1, o->r.value);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(OTHER_ID, o->r.obj_uid);
	EXPECT_TRUE(S_ISLNK(o->r.obj_mode));
	EXPECT_EQ(0, o->r.dir_uid);
	EXPECT_EQ(S_IFDIR | 01777, o->r.dir_mode);
}

TEST_F(vfs, protected_regular)
{
	char path[] = TMPFS "/sticky/regular";
	struct outcome *o;

	ASSERT_EQ(0, write_text("/proc/sys/fs/protected_regular", "1"));
	ASSERT_EQ(0, make_file(path, 0666, OTHER_ID));
	o = as_user(do_open_creat, path);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(DENIAL_SYSCTL_PROTECTED_REGULAR, o->r.reason);
	EXPECT_EQ(1, o->r.value);
	EXPECT_EQ(OTHER_ID, o->r.obj_uid);
	EXPECT_EQ(S_IFDIR | 01777, o->r.dir_mode);
	ASSERT_EQ(0, write_text("/proc/sys/fs/protected_regular", "0"));
}

TEST_F(vfs, protected_hardlinks)
{
	char path[] = TMPFS "/sticky/secret";
	struct outcome *o;

	ASSERT_EQ(0, write_text("/proc/sys/fs/protected_hardlinks", "1"));
	ASSERT_EQ(0, make_file(path, 0600, 0));
	o = as_user(do_link, path);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(DENIAL_SYSCTL_PROTECTED_HARDLINKS, o->r.reason);
	EXPECT_EQ(1, o->r.value);
	EXPECT_EQ(0, o->r.obj_uid);
	EXPECT_EQ(CAP_FOWNER, o->r.capability);
	EXPECT_FALSE(o->r.fields & DENIAL_FIELD_DIR);
}

/*
 * A user namespace whose uid and gid maps are @map, for idmapping a
 * mount: an id the map does not cover has no id through such a mount.
 */
static int userns_fd_mapping(const char *map)
{
	char path[64];
	int fd, ready[2], done[2];
	pid_t pid;
	char c;

	if (pipe(ready) || pipe(done))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(ready[0]);
		close(done[1]);
		c = unshare(CLONE_NEWUSER) ? 'n' : 'y';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		/* Keep the namespace alive until the parent has its fd. */
		_exit(read(done[0], &c, 1) < 0);
	}
	close(ready[1]);
	close(done[0]);
	fd = -1;
	if (read(ready[0], &c, 1) == 1 && c == 'y') {
		snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
		if (!write_text(path, map)) {
			snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
			if (!write_text(path, map)) {
				snprintf(path, sizeof(path), "/proc/%d/ns/user",
					 pid);
				fd = open(path, O_RDONLY | O_CLOEXEC);
			}
		}
	}
	close(ready[0]);
	close(done[1]);
	waitpid(pid, NULL, 0);
	return fd;
}

/* Drop @caps from the effective set. */
static int drop_effective(__u64 caps)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -1;
	data[0].effective &= ~(__u32)caps;
	data[1].effective &= ~(__u32)(caps >> 32);
	return syscall(__NR_capset, &hdr, data);
}

/*
 * overlayfs checks a file below it as its mounter: here a root without
 * the DAC overrides, whom the test user's own file refuses.  The record
 * gives the ids that were checked, and says they were not the caller's.
 */
TEST_F(vfs, overlay_mounter_creds)
{
	int status;
	pid_t pid;
	struct outcome *o;

	ASSERT_EQ(0, mkdir(TMPFS "/lower1", 0755));
	ASSERT_EQ(0, mkdir(TMPFS "/lower2", 0755));
	ASSERT_EQ(0, mkdir(TMPFS "/merged", 0755));
	ASSERT_EQ(0, make_file(TMPFS "/lower1/mine", 0600, USER_ID));
	ASSERT_EQ(0, make_file(TMPFS "/lower1/other", 0600, OTHER_ID));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (drop_effective(1ULL << CAP_DAC_OVERRIDE |
				   1ULL << CAP_DAC_READ_SEARCH))
			_exit(1);
		_exit(mount("overlay", TMPFS "/merged", "overlay", MS_RDONLY,
			    "lowerdir=" TMPFS "/lower1:" TMPFS "/lower2") ?
		      2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		SKIP(return, "no overlayfs");
	ASSERT_EQ(0, WEXITSTATUS(status));

	o = as_user(do_open_read, TMPFS "/merged/mine");
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(DENIAL_SOURCE_DAC, o->r.source);
	EXPECT_EQ(DENIAL_DAC_OTHER, o->r.reason);
	/* The mounter's ids, and the flag that says they are not ours. */
	EXPECT_EQ(0, o->r.uid);
	EXPECT_EQ(USER_ID, o->r.obj_uid);
	EXPECT_EQ(DENIAL_REASON_CREDS_OVERRIDDEN, o->r.flags);

	/* The caller's own check (of the overlay's inode) has no flag. */
	o = as_user(do_open_read, TMPFS "/merged/other");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(0, o->r.flags);
	umount(TMPFS "/merged");
}

/* A user namespace that maps uid and gid 0 only. */
static int userns_fd_root_only(void)
{
	return userns_fd_mapping("0 0 1");
}

/* A file's access ACL, as system.posix_acl_access holds it. */
struct acl_xattr {
	__u32 version;
	struct {
		__u16 tag;
		__u16 perm;
		__u32 id;
	} e[5];
};

static long do_openat_read(void *arg)
{
	return openat(*(int *)arg, "acl", O_RDONLY);
}

/*
 * The ACL entry that decided is named as the caller meets it: through an
 * idmapped mount, the entry user:3000 of the file is user 1000, the test
 * user, whose access it takes away.
 */
TEST_F(vfs, idmapped_acl_entry)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	const struct acl_xattr acl = {
		.version = 2,
		.e = {
			{ 0x01, 6, -1 },	/* user::rw- */
			{ 0x02, 0, 3000 },	/* user:3000:--- */
			{ 0x04, 4, -1 },	/* group::r-- */
			{ 0x10, 4, -1 },	/* mask::r-- */
			{ 0x20, 4, -1 },	/* other::r-- */
		},
	};
	struct outcome *o;
	int tree;

	ASSERT_EQ(0, make_file(TMPFS "/acl", 0644, 0));
	if (setxattr(TMPFS "/acl", "system.posix_acl_access", &acl,
		     sizeof(acl), 0))
		SKIP(return, "no POSIX ACLs on tmpfs: %s", strerror(errno));
	attr.userns_fd = userns_fd_mapping("3000 1000 1");
	ASSERT_LE(0, attr.userns_fd);
	tree = open_tree(AT_FDCWD, TMPFS, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	ASSERT_LE(0, tree);
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)))
		SKIP(return, "no idmapped tmpfs mounts: %s", strerror(errno));

	o = as_user(do_openat_read, &tree);
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(DENIAL_SOURCE_ACL, o->r.source);
	EXPECT_EQ(DENIAL_ACL_USER, o->r.reason);
	ASSERT_TRUE(o->r.fields & DENIAL_FIELD_VALUE);
	/* user:1000:---, under mask::r--. */
	EXPECT_EQ((__s64)USER_ID << 32 | 0x02 << 8 | 0x80 | 4 << 4 | 0,
		  o->r.value);
}

/*
 * Through a mount idmapped to map only root, a file of another owner may
 * not be written or given extended attributes, even by root: the kernel
 * could not write its ids back.
 */
TEST_F(vfs, idmapped_unmapped)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	struct denial_reason r;
	struct stat st;
	int tree, fd;

	ASSERT_EQ(0, make_file(TMPFS "/other", 0666, OTHER_ID));
	ASSERT_EQ(0, stat(TMPFS "/other", &st));
	ASSERT_EQ(0, make_file(TMPFS "/mine", 0644, 0));
	attr.userns_fd = userns_fd_root_only();
	ASSERT_LE(0, attr.userns_fd);
	tree = open_tree(AT_FDCWD, TMPFS, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	ASSERT_LE(0, tree);
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)))
		SKIP(return, "no idmapped tmpfs mounts: %s", strerror(errno));

	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(-1, openat(tree, "other", O_WRONLY));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(EACCES, r.error);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, r.source);
	EXPECT_EQ(DENIAL_MOUNT_UNMAPPED_ID, r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_ACCESS |
		  DENIAL_FIELD_OBJECT | DENIAL_FIELD_INODE |
		  DENIAL_FIELD_VALUE, r.fields);
	EXPECT_EQ(3, r.value);
	EXPECT_EQ(0, r.uid);
	EXPECT_EQ(DENIAL_ACCESS_WRITE, r.access);
	EXPECT_INODE(r, st);
	EXPECT_EQ(OTHER_ID, r.obj_gid);

	/* Readable, but its extended attributes may not change. */
	fd = openat(tree, "other", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, fsetxattr(fd, "user.note", "x", 1, 0));
	ASSERT_EQ(EPERM, errno);
	close(fd);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(__NR_fsetxattr, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, r.source);
	EXPECT_EQ(DENIAL_MOUNT_UNMAPPED_ID, r.reason);
	EXPECT_EQ(st.st_ino, r.obj_ino);

	/* Linking or removing it fails before any permission check. */
	ASSERT_EQ(-1, unlinkat(tree, "other", 0));
	ASSERT_EQ(EOVERFLOW, errno);

	/* Root's own file, mapped, is writable through the same mount. */
	fd = openat(tree, "mine", O_WRONLY);
	ASSERT_LE(0, fd);
	close(fd);
}

/* Become root of a new user namespace (and @flags), as containers do. */
static int enter_userns(int flags)
{
	char map[32];

	/* Dropping from root made it undumpable: /proc/self is root's. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) ||
	    unshare(CLONE_NEWUSER | flags))
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", USER_ID);
	if (write_text("/proc/self/setgroups", "deny") ||
	    write_text("/proc/self/uid_map", map) ||
	    write_text("/proc/self/gid_map", map))
		return -1;
	return 0;
}

static long do_remount_bind(void *path)
{
	if (enter_userns(CLONE_NEWNS))
		return -2;
	return mount(NULL, path, NULL, MS_REMOUNT | MS_BIND, NULL);
}

/*
 * Flags a mount had when it was copied into the mount namespace of a
 * new user namespace are locked there: clearing nosuid fails.
 */
TEST_F(vfs, locked_mount_flags)
{
	struct outcome *o;

	ASSERT_EQ(0, mkdir(TMPFS "/locked", 0755));
	ASSERT_EQ(0, mount("locked", TMPFS "/locked", "tmpfs", MS_NOSUID,
			   "mode=0755"));

	o = as_user(do_remount_bind, TMPFS "/locked");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_mount, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_LOCKED, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE |
		  DENIAL_FIELD_MOUNT, o->r.fields);
	EXPECT_EQ(MOUNT_ATTR_NOSUID, o->r.value);
	/* Root of its user namespace, as it reads its own record. */
	EXPECT_EQ(0, o->r.uid);
	EXPECT_NE(0, o->r.mnt_id);
}

static long do_mount_sysfs(void *path)
{
	if (enter_userns(CLONE_NEWNS | CLONE_NEWNET))
		return -2;
	return mount("sysfs", path, "sysfs", 0, NULL);
}

/*
 * sysfs may be mounted in a user namespace only where an instance of it
 * is already fully visible: with /sys gone, it is too revealing.
 */
TEST_F(vfs, mount_too_revealing)
{
	struct outcome *o;

	umount2("/sys", MNT_DETACH);
	ASSERT_EQ(0, mkdir(TMPFS "/sys", 0755));

	o = as_user(do_mount_sysfs, TMPFS "/sys");
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_MOUNT, o->r.source);
	EXPECT_EQ(DENIAL_MOUNT_TOO_REVEALING, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE, o->r.fields);
	EXPECT_EQ(SYSFS_MAGIC, o->r.value);
	EXPECT_EQ(0, o->r.uid);
}

static long do_send_udp(void *port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(*(int *)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -2;
	return sendto(fd, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin));
}

/*
 * An nftables rule in the output hook drops the datagram: sendto()
 * fails with EPERM, and the record names the family and the hook.
 */
TEST_F(vfs, netfilter_drop)
{
	struct outcome *o;
	int port = 9;

	if (access("/usr/sbin/nft", X_OK))
		SKIP(return, "no nft(8) to load a rule");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up && "
			    "nft add table inet fe && "
			    "nft add chain inet fe out '{ type filter hook output priority 0; }' && "
			    "nft add rule inet fe out udp dport 9 drop"));

	o = as_user(do_send_udp, &port);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(EPERM, o->r.error);
	EXPECT_EQ(__NR_sendto, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_NETFILTER, o->r.source);
	EXPECT_EQ(DENIAL_NETFILTER_DROP, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_VALUE, o->r.fields);
	/* NFPROTO_IPV4 << 8 | NF_INET_LOCAL_OUT */
	EXPECT_EQ(2 << 8 | 3, o->r.value);

	/* Another port passes the filter. */
	port = 10;
	o = as_user(do_send_udp, &port);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(1, o->ret);
}

/* user.* attributes only go on regular files and directories. */
TEST_F(vfs, user_xattr_on_symlink)
{
	struct denial_reason r;
	struct stat st;

	ASSERT_EQ(0, symlink("file", TMPFS "/home/link"));
	ASSERT_EQ(0, lstat(TMPFS "/home/link", &st));
	ASSERT_EQ(0, opt_in());
	ASSERT_EQ(-1, lsetxattr(TMPFS "/home/link", "user.note", "x", 1, 0));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, get_reason(&r));
	EXPECT_EQ(__NR_lsetxattr, r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_FILE_ATTR, r.source);
	EXPECT_EQ(DENIAL_FILE_ATTR_USER_XATTR, r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_ACCESS |
		  DENIAL_FIELD_OBJECT | DENIAL_FIELD_INODE, r.fields);
	EXPECT_EQ(DENIAL_ACCESS_WRITE, r.access);
	EXPECT_INODE(r, st);
}

TEST_F(vfs, privileged_port)
{
	int port = 80;
	struct outcome *o;

	o = as_user(do_bind, &port);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(EACCES, o->r.error);
	EXPECT_EQ(__NR_bind, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(DENIAL_SYSCTL_IP_UNPRIVILEGED_PORT_START, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE |
		  DENIAL_FIELD_CAPABILITY | DENIAL_FIELD_USERNS, o->r.fields);
	EXPECT_EQ(1024, o->r.value);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(CAP_NET_BIND_SERVICE, o->r.capability);
	EXPECT_EQ(userns_ino(), o->r.userns_ino);

	o = as_user(do_bind6, &port);
	ASSERT_NE(NULL, o);
	if (o->ret == -2)
		SKIP(return, "no IPv6");
	ASSERT_EQ(EACCES, o->err);
	EXPECT_EQ(DENIAL_SYSCTL_IP_UNPRIVILEGED_PORT_START, o->r.reason);
}

TEST_HARNESS_MAIN
