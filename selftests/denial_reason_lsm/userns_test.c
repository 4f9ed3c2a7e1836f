// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by the rules of user namespaces, which hold
 * whatever capabilities the caller has: setgroups() while setgroups is
 * denied or before gid_map is written, id maps written once, one's own
 * gid mapped before setgroups is denied, maps written from another
 * namespace, and namespaces created in a chroot or by unmapped ids.
 *
 * Each call is made by a child, opted in, as the test user unless it
 * needs root; it hands back its errno and record.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/denial_reason.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "helpers.h"

/* The record of @o: @reason, about the user namespace @ns (0: any). */
static void check_rule(struct __test_metadata *_metadata,
		       const struct outcome *o, int reason, __u64 ns)
{
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(DENIAL_SOURCE_USERNS, o->r.source);
	EXPECT_EQ(reason, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_USERNS, o->r.fields);
	if (ns)
		EXPECT_EQ(ns, o->r.userns_ino);
}

FIXTURE(userns) {
	__u64 init_ns;
	pid_t holder;
};

FIXTURE_SETUP(userns)
{
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to drop to a test user");
	self->init_ns = userns_ino();
	self->holder = 0;
}

FIXTURE_TEARDOWN(userns)
{
	if (self->holder > 0) {
		kill(self->holder, SIGKILL);
		waitpid(self->holder, NULL, 0);
	}
}

/*
 * The user's own user namespace.  Dropping from root made the process
 * undumpable, its /proc files root's, which the namespace does not map:
 * make it dumpable again to write its maps.
 */
static int own_userns(void)
{
	return drop_to_user() || prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) ||
	       unshare(CLONE_NEWUSER);
}

static int own_userns_mapped(void)
{
	return own_userns() ||
	       write_text("/proc/self/setgroups", "deny") ||
	       write_text("/proc/self/gid_map", "0 1000 1") ||
	       write_text("/proc/self/uid_map", "0 1000 1");
}

static long do_setgroups(void *arg)
{
	return setgroups(0, NULL);
}

/* Root of the namespace, but setgroups says "deny". */
TEST_F(userns, setgroups_denied)
{
	struct outcome *o = in_child(own_userns_mapped, do_setgroups, NULL);

	check_rule(_metadata, o, DENIAL_USERNS_SETGROUPS_DENIED, 0);
	ASSERT_NE(self->init_ns, o->r.userns_ino);
	EXPECT_EQ(__NR_setgroups, o->r.syscall_nr);
}

TEST_F(userns, setgroups_before_gid_map)
{
	struct outcome *o = in_child(own_userns, do_setgroups, NULL);

	check_rule(_metadata, o, DENIAL_USERNS_NO_GID_MAP, 0);
}

static long do_write_map(void *arg)
{
	const char **map = arg;
	int fd = open(map[0], O_WRONLY);

	if (fd < 0)
		return -2;
	return write(fd, map[1], strlen(map[1]));
}

TEST_F(userns, map_written_once)
{
	const char *map[] = { "/proc/self/uid_map", "0 1000 1" };
	struct outcome *o = in_child(own_userns_mapped, do_write_map, map);

	check_rule(_metadata, o, DENIAL_USERNS_MAP_WRITTEN, 0);
}

/* The user's own gid, while setgroups() is still allowed. */
TEST_F(userns, own_gid_before_setgroups_deny)
{
	const char *map[] = { "/proc/self/gid_map", "0 1000 1" };
	struct outcome *o = in_child(own_userns, do_write_map, map);

	check_rule(_metadata, o, DENIAL_USERNS_MAP_SETGROUPS, 0);
}

/* A map of a sibling namespace: written neither from it nor its parent. */
TEST_F(userns, map_writer_elsewhere)
{
	char path[64];
	const char *map[] = { path, "0 1000 1" };
	int ready[2];
	char c;
	struct outcome *o;

	ASSERT_EQ(0, pipe(ready));
	self->holder = fork();
	ASSERT_LE(0, self->holder);
	if (self->holder == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || own_userns() ||
		    write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	snprintf(path, sizeof(path), "/proc/%d/uid_map", self->holder);
	o = in_child(own_userns, do_write_map, map);
	check_rule(_metadata, o, DENIAL_USERNS_MAP_WRITER, 0);
	EXPECT_NE(self->init_ns, o->r.userns_ino);
}

static long do_unshare_user(void *arg)
{
	return unshare(CLONE_NEWUSER);
}

/* The creator's ids have no mapping in its (new, unmapped) namespace. */
TEST_F(userns, creator_unmapped)
{
	struct outcome *o = in_child(own_userns, do_unshare_user, NULL);

	check_rule(_metadata, o, DENIAL_USERNS_UNMAPPED, 0);
	EXPECT_EQ(__NR_unshare, o->r.syscall_nr);
}

static int enter_chroot(void)
{
	return chroot("/tmp") || chdir("/");
}

TEST_F(userns, creator_chrooted)
{
	struct outcome *o = in_child(enter_chroot, do_unshare_user, NULL);

	check_rule(_metadata, o, DENIAL_USERNS_CHROOTED, self->init_ns);
}

TEST_HARNESS_MAIN
