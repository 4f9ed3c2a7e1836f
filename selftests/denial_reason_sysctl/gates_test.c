// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted by sysctl gates: kernel.dmesg_restrict,
 * kernel.perf_event_paranoid, kernel.unprivileged_bpf_disabled,
 * net.ipv4.ping_group_range, kernel.io_uring_disabled, vm.mmap_min_addr
 * and vm.memfd_noexec; by the modes of /proc/sys entries; and by the
 * no_new_privs rule of seccomp and Landlock.
 *
 * Root sets the sysctl and restores it afterwards; a child, opted in and
 * dropped to the test user, makes the call that fails and hands back its
 * errno and record through shared memory.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/landlock.h>
#include <linux/memfd.h>
#include <linux/perf_event.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../denial_reason_lsm/helpers.h"

#define SYSLOG_ACTION_READ_ALL	3
#define SYSLOG_ACTION_CLEAR	5

/* Each test changes one sysctl: remember it, put it back at the end. */
FIXTURE(gate) {
	char path[64];
	char saved[64];
};

FIXTURE_SETUP(gate)
{
	self->path[0] = '\0';
	if (!have_denial_reason())
		SKIP(return, "kernel without get_denial_reason()");
	if (getuid() != 0)
		SKIP(return, "needs root to set the scene");
}

FIXTURE_TEARDOWN(gate)
{
	if (self->path[0])
		write_text(self->path, self->saved);
}

static int set_gate(struct _test_data_gate *self, const char *path,
		    const char *value)
{
	if (!self->path[0]) {
		if (read_text(path, self->saved, sizeof(self->saved)))
			return -1;
		snprintf(self->path, sizeof(self->path), "%s", path);
	}
	return write_text(path, value);
}

static long do_open_kmsg(void *arg)
{
	return open("/dev/kmsg", O_RDONLY);
}

static long do_klog(void *type)
{
	char buf[64];

	return klogctl(*(int *)type, buf, sizeof(buf));
}

static void check_sysctl_record(struct __test_metadata *_metadata,
				const struct outcome *o, int err,
				int reason, long long value, int cap)
{
	__u64 fields = DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE;

	if (cap >= 0)
		fields |= DENIAL_FIELD_CAPABILITY | DENIAL_FIELD_USERNS;
	ASSERT_EQ(-1, o->ret);
	ASSERT_EQ(err, o->err);
	ASSERT_EQ(0, o->get_ret);
	EXPECT_EQ(err, o->r.error);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(reason, o->r.reason);
	EXPECT_EQ(fields, o->r.fields);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(USER_ID, o->r.gid);
	EXPECT_EQ(value, o->r.value);
	if (cap >= 0) {
		EXPECT_EQ(cap, o->r.capability);
		EXPECT_EQ(userns_ino(), o->r.userns_ino);
		EXPECT_EQ(0, o->r.userns_owner);
	}
}

TEST_F(gate, dmesg_restrict)
{
	int type = SYSLOG_ACTION_READ_ALL;
	struct outcome *o;

	ASSERT_EQ(0, set_gate(self, "/proc/sys/kernel/dmesg_restrict", "1"));

	o = as_user(do_open_kmsg, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM, DENIAL_SYSCTL_DMESG_RESTRICT,
			    1, CAP_SYSLOG);
	EXPECT_EQ(__NR_openat, o->r.syscall_nr);

	o = as_user(do_klog, &type);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM, DENIAL_SYSCTL_DMESG_RESTRICT,
			    1, CAP_SYSLOG);
	EXPECT_EQ(__NR_syslog, o->r.syscall_nr);

	/* Unrestricted, everybody reads the log. */
	ASSERT_EQ(0, write_text(self->path, "0"));
	o = as_user(do_klog, &type);
	ASSERT_NE(NULL, o);
	EXPECT_LE(0, o->ret);

	/* Clearing it always needs CAP_SYSLOG: not the sysctl's doing. */
	type = SYSLOG_ACTION_CLEAR;
	o = as_user(do_klog, &type);
	ASSERT_NE(NULL, o);
	ASSERT_EQ(EPERM, o->err);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(CAP_SYSLOG, o->r.capability);
}

static long do_perf_open(void *exclude_kernel)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.exclude_kernel = *(int *)exclude_kernel,
		.exclude_hv = 1,
	};

	return syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
}

TEST_F(gate, perf_event_paranoid)
{
	int exclude_kernel = 0;
	struct outcome *o;

	ASSERT_EQ(0, set_gate(self, "/proc/sys/kernel/perf_event_paranoid",
			      "2"));

	o = as_user(do_perf_open, &exclude_kernel);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EACCES,
			    DENIAL_SYSCTL_PERF_EVENT_PARANOID, 2, CAP_PERFMON);
	EXPECT_EQ(__NR_perf_event_open, o->r.syscall_nr);

	/* Counting only its own user space stays allowed. */
	exclude_kernel = 1;
	o = as_user(do_perf_open, &exclude_kernel);
	ASSERT_NE(NULL, o);
	EXPECT_LE(0, o->ret);
}

static long do_map_create(void *arg)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	return syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
}

static long do_prog_load(void *arg)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)"GPL";
	return syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

TEST_F(gate, unprivileged_bpf_disabled)
{
	const char *path = "/proc/sys/kernel/unprivileged_bpf_disabled";
	long long value;
	struct outcome *o;
	char buf[16];

	ASSERT_EQ(0, read_text(path, buf, sizeof(buf)));
	value = atoll(buf);
	/* 1 cannot be undone; 0 is turned into 2, which can. */
	if (value == 0) {
		ASSERT_EQ(0, set_gate(self, path, "2"));
		value = 2;
	}

	o = as_user(do_map_create, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM,
			    DENIAL_SYSCTL_UNPRIVILEGED_BPF_DISABLED, value,
			    CAP_BPF);
	EXPECT_EQ(__NR_bpf, o->r.syscall_nr);

	o = as_user(do_prog_load, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM,
			    DENIAL_SYSCTL_UNPRIVILEGED_BPF_DISABLED, value,
			    CAP_BPF);
}

static long do_ping_socket(void *family)
{
	int f = *(int *)family;

	return socket(f, SOCK_DGRAM,
		      f == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
}

TEST_F(gate, ping_group_range)
{
	int family = AF_INET;
	struct outcome *o;

	ASSERT_EQ(0, set_gate(self, "/proc/sys/net/ipv4/ping_group_range",
			      "1\t0"));
	o = as_user(do_ping_socket, &family);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EACCES,
			    DENIAL_SYSCTL_PING_GROUP_RANGE, 1, -1);
	EXPECT_EQ(__NR_socket, o->r.syscall_nr);

	/* The range, low and high gid, as the caller sees it. */
	ASSERT_EQ(0, write_text(self->path, "2000\t2999"));
	o = as_user(do_ping_socket, &family);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EACCES,
			    DENIAL_SYSCTL_PING_GROUP_RANGE,
			    2000 | 2999LL << 32, -1);

	family = AF_INET6;
	o = as_user(do_ping_socket, &family);
	ASSERT_NE(NULL, o);
	if (o->ret == -1 && o->err == EAFNOSUPPORT)
		SKIP(return, "no IPv6");
	check_sysctl_record(_metadata, o, EACCES,
			    DENIAL_SYSCTL_PING_GROUP_RANGE,
			    2000 | 2999LL << 32, -1);

	/* With the test user's group in the range, the socket opens. */
	family = AF_INET;
	ASSERT_EQ(0, write_text(self->path, "1000\t1000"));
	o = as_user(do_ping_socket, &family);
	ASSERT_NE(NULL, o);
	EXPECT_LE(0, o->ret);
}

static long do_io_uring_setup(void *arg)
{
	char params[120] = {};	/* struct io_uring_params, all zero */

	return syscall(__NR_io_uring_setup, 1, params);
}

TEST_F(gate, io_uring_disabled)
{
	struct outcome *o;

	char group[16];

	if (access("/proc/sys/kernel/io_uring_disabled", F_OK))
		SKIP(return, "kernel without io_uring");
	/* No group is let in (the default), or the user might be in it. */
	ASSERT_EQ(0, read_text("/proc/sys/kernel/io_uring_group", group,
			       sizeof(group)));
	if (strcmp(group, "-1\n"))
		SKIP(return, "kernel.io_uring_group is set");
	/* 1: only CAP_SYS_ADMIN and kernel.io_uring_group get in. */
	ASSERT_EQ(0, set_gate(self, "/proc/sys/kernel/io_uring_disabled",
			      "1"));
	o = as_user(do_io_uring_setup, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM,
			    DENIAL_SYSCTL_IO_URING_DISABLED, 1, CAP_SYS_ADMIN);
	EXPECT_EQ(__NR_io_uring_setup, o->r.syscall_nr);

	/* 2: no one, root included; no capability would help. */
	ASSERT_EQ(0, write_text(self->path, "2"));
	o = as_root(do_io_uring_setup, NULL);
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(DENIAL_SOURCE_SYSCTL, o->r.source);
	EXPECT_EQ(DENIAL_SYSCTL_IO_URING_DISABLED, o->r.reason);
	EXPECT_EQ(2, o->r.value);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_VALUE, o->r.fields);
}

static long do_map_low(void *arg)
{
	void *p = mmap((void *)0x1000, 4096, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	return p == MAP_FAILED ? -1 : 0;
}

TEST_F(gate, mmap_min_addr)
{
	struct outcome *o;

	ASSERT_EQ(0, set_gate(self, "/proc/sys/vm/mmap_min_addr", "65536"));
	o = as_user(do_map_low, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EPERM,
			    DENIAL_SYSCTL_MMAP_MIN_ADDR, 65536, CAP_SYS_RAWIO);
	EXPECT_EQ(__NR_mmap, o->r.syscall_nr);
}

static long do_memfd_exec(void *arg)
{
	return syscall(__NR_memfd_create, "fe", MFD_EXEC);
}

/* At 2, memfd_create() refuses executable memfds. */
TEST_F(gate, memfd_noexec)
{
	struct outcome *o;

	if (access("/proc/sys/vm/memfd_noexec", F_OK))
		SKIP(return, "kernel without vm.memfd_noexec");
	/* The initial pid namespace's value, which can go down again. */
	ASSERT_EQ(0, set_gate(self, "/proc/sys/vm/memfd_noexec", "2"));
	o = as_user(do_memfd_exec, NULL);
	ASSERT_NE(NULL, o);
	check_sysctl_record(_metadata, o, EACCES,
			    DENIAL_SYSCTL_MEMFD_NOEXEC, 2, -1);
	EXPECT_EQ(__NR_memfd_create, o->r.syscall_nr);
}

static long do_open_write(void *path)
{
	return open(path, O_WRONLY);
}

/* The /proc/sys record of @o: @reason, for writing, under @mode. */
static void check_proc_sys(struct __test_metadata *_metadata,
			   const struct outcome *o, int reason, int mode,
			   __u32 uid)
{
	__u64 fields = DENIAL_FIELD_SUBJECT | DENIAL_FIELD_OBJECT |
		       DENIAL_FIELD_ACCESS;

	if (reason == DENIAL_PROC_SYS_CAPABILITY)
		fields |= DENIAL_FIELD_CAPABILITY | DENIAL_FIELD_USERNS;
	ASSERT_FAILED_WITH(o, EACCES);
	EXPECT_EQ(DENIAL_SOURCE_PROC_SYS, o->r.source);
	EXPECT_EQ(reason, o->r.reason);
	EXPECT_EQ(fields, o->r.fields);
	EXPECT_EQ(uid, o->r.uid);
	EXPECT_EQ(0, o->r.obj_uid);
	EXPECT_EQ(0, o->r.obj_gid);
	EXPECT_EQ(S_IFREG | mode, o->r.obj_mode);
	EXPECT_EQ(DENIAL_ACCESS_WRITE, o->r.access);
}

/* echo 3 > /proc/sys/vm/drop_caches as a user: root's alone. */
TEST_F(gate, proc_sys_root)
{
	struct outcome *o;

	o = as_user(do_open_write, "/proc/sys/vm/drop_caches");
	check_proc_sys(_metadata, o, DENIAL_PROC_SYS_ROOT, 0200, USER_ID);
	EXPECT_EQ(0, o->r.capability);
}

/* fs.file-nr is read-only for root too. */
TEST_F(gate, proc_sys_read_only)
{
	struct outcome *o;

	o = as_root(do_open_write, "/proc/sys/fs/file-nr");
	check_proc_sys(_metadata, o, DENIAL_PROC_SYS_READ_ONLY, 0444, 0);
}

/* A network namespace's entry: CAP_NET_ADMIN there would allow it. */
TEST_F(gate, proc_sys_capability)
{
	struct outcome *o;

	o = as_user(do_open_write, "/proc/sys/net/ipv4/ip_forward");
	check_proc_sys(_metadata, o, DENIAL_PROC_SYS_CAPABILITY, 0644,
		       USER_ID);
	EXPECT_EQ(CAP_NET_ADMIN, o->r.capability);
	EXPECT_EQ(userns_ino(), o->r.userns_ino);
	EXPECT_EQ(0, o->r.userns_owner);
}

static long do_seccomp_filter(void *arg)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K,
					    SECCOMP_RET_ALLOW);

	return load_filter(&allow, 1, 0);
}

static long do_landlock_restrict(void *arg)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr),
			 0);

	if (fd < 0)
		return -2;
	return syscall(__NR_landlock_restrict_self, fd, 0);
}

/* seccomp and Landlock need no_new_privs first, or CAP_SYS_ADMIN. */
static void check_no_new_privs(struct __test_metadata *_metadata,
			       const struct outcome *o, int err)
{
	ASSERT_FAILED_WITH(o, err);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(DENIAL_CAP_NO_NEW_PRIVS, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_SUBJECT | DENIAL_FIELD_CAPABILITY |
		  DENIAL_FIELD_USERNS, o->r.fields);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_EQ(CAP_SYS_ADMIN, o->r.capability);
	EXPECT_EQ(userns_ino(), o->r.userns_ino);
}

TEST_F(gate, no_new_privs)
{
	struct outcome *o;

	o = as_user(do_seccomp_filter, NULL);
	check_no_new_privs(_metadata, o, EACCES);
	EXPECT_EQ(__NR_seccomp, o->r.syscall_nr);

	o = as_user(do_landlock_restrict, NULL);
	ASSERT_NE(NULL, o);
	if (o->ret == -2)
		SKIP(return, "Landlock is not enabled");
	check_no_new_privs(_metadata, o, EPERM);
	EXPECT_EQ(__NR_landlock_restrict_self, o->r.syscall_nr);
}

TEST_HARNESS_MAIN
