// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by the device cgroup: the devices.deny list of a
 * cgroup v1 devices hierarchy, and a cgroup v2 BPF_CGROUP_DEVICE program.
 *
 * Root builds the cgroup; a child moves itself into it, opts in and
 * opens /dev/null (1:3) or creates a node for it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/denial_reason.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../denial_reason_lsm/helpers.h"

#define NODE	"/tmp/fe_devcg_null"

FIXTURE(devcg) {
	char root[64];
	char group[96];
	int prog;
};

FIXTURE_VARIANT(devcg) {
	bool bpf;		/* cgroup v2 with a program, or v1 */
};

FIXTURE_VARIANT_ADD(devcg, v1_list) {
	.bpf = false,
};

FIXTURE_VARIANT_ADD(devcg, v2_bpf) {
	.bpf = true,
};

/* A BPF_CGROUP_DEVICE program that refuses every device. */
static int load_deny_all(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE,
		.insns = (__u64)(unsigned long)insns,
		.insn_cnt = 2,
		.license = (__u64)(unsigned long)"GPL",
	};

	return syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

FIXTURE_SETUP(devcg)
{
	char path[160];

	self->prog = -1;
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root to build a cgroup");
	/* The mount goes away with the test's mount namespace. */
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	unlink(NODE);
	snprintf(self->root, sizeof(self->root), "/tmp/fe_devcg.%d", getpid());
	snprintf(self->group, sizeof(self->group), "%s/fe", self->root);
	ASSERT_EQ(0, mkdir(self->root, 0755));
	if (variant->bpf) {
		ASSERT_EQ(0, mount("cgroup2", self->root, "cgroup2", 0, NULL));
	} else if (mount("devices", self->root, "cgroup", 0, "devices")) {
		rmdir(self->root);
		SKIP(return, "no cgroup v1 devices controller: %s",
		     strerror(errno));
	}
	ASSERT_EQ(0, mkdir(self->group, 0755));
	if (variant->bpf) {
		union bpf_attr attr = {
			.attach_type = BPF_CGROUP_DEVICE,
		};
		int cg = open(self->group, O_RDONLY | O_DIRECTORY);

		ASSERT_LE(0, cg);
		self->prog = load_deny_all();
		if (self->prog < 0 && errno == EINVAL) {
			close(cg);
			rmdir(self->group);
			umount(self->root);
			rmdir(self->root);
			SKIP(return, "no BPF_PROG_TYPE_CGROUP_DEVICE");
		}
		ASSERT_LE(0, self->prog) TH_LOG("BPF_PROG_LOAD: %s",
						 strerror(errno));
		attr.target_fd = cg;
		attr.attach_bpf_fd = self->prog;
		ASSERT_EQ(0, syscall(__NR_bpf, BPF_PROG_ATTACH, &attr,
				     sizeof(attr)));
		close(cg);
	} else {
		snprintf(path, sizeof(path), "%s/devices.deny", self->group);
		ASSERT_EQ(0, write_text(path, "c 1:3 rwm"));
	}
}

FIXTURE_TEARDOWN(devcg)
{
	unlink(NODE);
	if (self->prog >= 0)
		close(self->prog);
	rmdir(self->group);
	umount(self->root);
	rmdir(self->root);
}

static const char *cgroup_dir;

/* Move into the test cgroup, keeping root's credentials. */
static int enter_cgroup(void)
{
	char path[160], pid[16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup_dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return write_text(path, pid);
}

static long open_null(void *arg)
{
	return open("/dev/null", O_RDWR);
}

static long mknod_null(void *arg)
{
	return mknod(NODE, S_IFCHR | 0600, makedev(1, 3));
}

/* The record names the cgroup's kind of policy, the device and access. */
#define ASSERT_DEVICE_DENIED(o, v, acc)					\
	do {								\
		ASSERT_FAILED_WITH((o), EPERM);				\
		EXPECT_EQ(DENIAL_SOURCE_DEVICE_CGROUP, (o)->r.source);	\
		EXPECT_EQ((v)->bpf ? DENIAL_DEVICE_CGROUP_BPF :		\
			  DENIAL_DEVICE_CGROUP_LIST, (o)->r.reason);	\
		EXPECT_EQ(DENIAL_FIELD_VALUE | DENIAL_FIELD_ACCESS,	\
			  (o)->r.fields);				\
		EXPECT_EQ(S_IFCHR, (o)->r.obj_mode);			\
		EXPECT_EQ(makedev(1, 3), (__u64)(o)->r.value);		\
		EXPECT_EQ((acc), (o)->r.access);			\
	} while (0)

TEST_F(devcg, open)
{
	struct outcome *o;

	cgroup_dir = self->group;
	o = in_child(enter_cgroup, open_null, NULL);
	ASSERT_DEVICE_DENIED(o, variant,
			     DENIAL_ACCESS_READ | DENIAL_ACCESS_WRITE);
}

TEST_F(devcg, mknod)
{
	struct outcome *o;

	cgroup_dir = self->group;
	o = in_child(enter_cgroup, mknod_null, NULL);
	ASSERT_DEVICE_DENIED(o, variant, DENIAL_ACCESS_MKNOD);
}

/* Outside the cgroup the same open succeeds: nothing is published. */
TEST_F(devcg, outside)
{
	struct outcome *o;

	o = as_root(open_null, NULL);
	ASSERT_NE(NULL, o);
	EXPECT_LE(0, o->ret);
	EXPECT_EQ(-1, o->get_ret);
}

TEST_HARNESS_MAIN
