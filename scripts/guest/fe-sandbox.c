// SPDX-License-Identifier: GPL-2.0
/*
 * fe-sandbox - run a command in a small seccomp or Landlock sandbox
 *
 *   fe-sandbox [--deny SYSCALL]... [--read-beneath DIR]... -- COMMAND...
 *
 * --deny installs a seccomp filter that fails SYSCALL (a name from the
 * table below, or a number) with EPERM; --read-beneath enforces a
 * Landlock ruleset that handles reading, writing and executing files and
 * allows them only beneath the DIRs given.  The demo and its test use
 * it to put unmodified programs into the sandboxes a service manager or
 * a container runtime would build.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_RULES 16

static const struct {
	const char *name;
	int nr;
} syscalls[] = {
	{ "chmod", __NR_chmod },	{ "fchmodat", __NR_fchmodat },
	{ "mkdir", __NR_mkdir },	{ "mkdirat", __NR_mkdirat },
	{ "sethostname", __NR_sethostname },
	{ "unlink", __NR_unlink },	{ "unlinkat", __NR_unlinkat },
};

static int syscall_nr(const char *arg)
{
	char *end;
	long nr;

	for (size_t i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++)
		if (!strcmp(arg, syscalls[i].name))
			return syscalls[i].nr;
	nr = strtol(arg, &end, 0);
	return *arg && !*end && nr >= 0 && nr < 1024 ? nr : -1;
}

static int deny_syscalls(const int *nrs, int n)
{
	struct sock_filter f[4 + 2 * MAX_RULES + 1];
	struct sock_fprog prog = { .filter = f };
	int i = 0;

	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, arch));
	f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			AUDIT_ARCH_X86_64, 1, 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_KILL_PROCESS);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, nr));
	for (int k = 0; k < n; k++) {
		f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				nrs[k], 0, 1);
		f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
				SECCOMP_RET_ERRNO | EPERM);
	}
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_ALLOW);
	prog.len = i;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static int read_beneath(char **dirs, int n)
{
	const __u64 access = LANDLOCK_ACCESS_FS_EXECUTE |
			     LANDLOCK_ACCESS_FS_READ_FILE |
			     LANDLOCK_ACCESS_FS_READ_DIR |
			     LANDLOCK_ACCESS_FS_WRITE_FILE;
	struct landlock_ruleset_attr attr = { .handled_access_fs = access };
	struct landlock_path_beneath_attr pb = {
		.allowed_access = access & ~LANDLOCK_ACCESS_FS_WRITE_FILE,
	};
	int ruleset;

	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		pb.parent_fd = open(dirs[k], O_PATH | O_CLOEXEC);
		if (pb.parent_fd < 0 ||
		    syscall(__NR_landlock_add_rule, ruleset,
			    LANDLOCK_RULE_PATH_BENEATH, &pb, 0))
			return -1;
		close(pb.parent_fd);
	}
	return syscall(__NR_landlock_restrict_self, ruleset, 0);
}

static void usage(void)
{
	fputs("usage: fe-sandbox [--deny SYSCALL]... [--read-beneath DIR]... -- COMMAND...\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int nrs[MAX_RULES], n_nrs = 0, n_dirs = 0;
	char *dirs[MAX_RULES];
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--deny") && n_nrs < MAX_RULES) {
			nrs[n_nrs] = syscall_nr(argv[i + 1]);
			if (nrs[n_nrs++] < 0)
				usage();
		} else if (!strcmp(argv[i], "--read-beneath") &&
			   n_dirs < MAX_RULES) {
			dirs[n_dirs++] = argv[i + 1];
		} else {
			usage();
		}
	}
	if (i + 1 >= argc)
		usage();

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("fe-sandbox: PR_SET_NO_NEW_PRIVS");
		return 1;
	}
	if (n_dirs && read_beneath(dirs, n_dirs)) {
		perror("fe-sandbox: Landlock");
		return 1;
	}
	if (n_nrs && deny_syscalls(nrs, n_nrs)) {
		perror("fe-sandbox: seccomp");
		return 1;
	}
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "fe-sandbox: %s: %s\n", argv[i + 1], strerror(errno));
	return 127;
}
