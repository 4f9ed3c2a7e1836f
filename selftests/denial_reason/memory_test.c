// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons: what opting in costs in kernel memory, and that
 * creating threads and processes never fails because of it.
 *
 * The state of a thread that opted in is measured in the slab it comes
 * from, as the difference between threads created opted in and threads
 * created not: /proc/slabinfo, root only.  A failing allocation of that
 * state is injected with fail_function, where the kernel has it (the
 * debug kernel); elsewhere that test is skipped.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"

/* The bound a thread's state must stay within, in bytes. */
#define STATE_MAX	256
#define THREADS		1000
#define ROUNDS		3
#define MAX_CACHES	256
#define FORKS		400
#define FAIL_FUNCTION	"/sys/kernel/debug/fail_function"

struct slab {
	char name[64];
	long active;
	long size;	/* what a kmalloc() of that cache may hold */
};

static long raw_prctl(unsigned long op, unsigned long a3)
{
	return syscall(__NR_prctl, PR_DENIAL_REASON, op, a3, 0, 0);
}

/*
 * The size of a kmalloc cache is in its name (kmalloc-256, kmalloc-2k):
 * the object size slabinfo shows includes the debugging kernel's red
 * zones.
 */
static bool kmalloc_size(struct slab *s)
{
	const char *p = strrchr(s->name, '-');
	char unit = 0;

	if (!p || sscanf(p + 1, "%ld%c", &s->size, &unit) < 1)
		return false;
	if (unit == 'k')
		s->size *= 1024;
	return s->size > 0;
}

/* Read the kmalloc caches of /proc/slabinfo; return how many, or -1. */
static int read_slabs(struct slab *slabs)
{
	char line[512];
	int n = 0;
	FILE *f;

	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (n < MAX_CACHES && fgets(line, sizeof(line), f)) {
		struct slab *s = &slabs[n];

		if (strncmp(line, "kmalloc", 7))
			continue;
		if (sscanf(line, "%63s %ld", s->name, &s->active) == 2 &&
		    kmalloc_size(s))
			n++;
	}
	fclose(f);
	return n;
}

static int release_fd[2];

static void *parked(void *arg)
{
	char c;

	return (void *)(long)read(release_fd[0], &c, 1);
}

/*
 * Create THREADS threads, opted in or not as the caller is, and return
 * by how many objects each kmalloc cache grew while they exist.
 */
static void grow(struct __test_metadata *_metadata, long *delta)
{
	static pthread_t threads[THREADS];
	struct slab before[MAX_CACHES], after[MAX_CACHES];
	pthread_attr_t attr;
	int n, m;

	ASSERT_EQ(0, pipe(release_fd));
	ASSERT_EQ(0, pthread_attr_init(&attr));
	ASSERT_EQ(0, pthread_attr_setstacksize(&attr, 64 * 1024));
	n = read_slabs(before);
	ASSERT_LT(0, n);
	for (int i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], &attr, parked, NULL));
	m = read_slabs(after);
	ASSERT_EQ(n, m);
	ASSERT_EQ(THREADS, write(release_fd[1], (char[THREADS]){ 0 },
				 THREADS));
	for (int i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_join(threads[i], NULL));
	close(release_fd[0]);
	close(release_fd[1]);
	for (int i = 0; i < n; i++) {
		ASSERT_STREQ(before[i].name, after[i].name);
		delta[i] = after[i].active - before[i].active;
	}
}

/*
 * Each opted-in thread costs one object of at most STATE_MAX bytes, in
 * kmalloc: the cache that grows by about one object per thread more
 * when the threads opted in is at most that size, and no bigger cache
 * grows with them.
 */
/* 3 x 2 x 1000 threads: over the default 30 s on a KASAN kernel. */
FIXTURE(slab) {
};

FIXTURE_SETUP(slab)
{
}

FIXTURE_TEARDOWN(slab)
{
}

TEST_F_TIMEOUT(slab, state_size, 240)
{
	struct slab slabs[MAX_CACHES];
	long plain[MAX_CACHES], opted[MAX_CACHES], best[MAX_CACHES];
	int n, grown = -1;
	long bytes = 0;

	if (geteuid())
		SKIP(return, "/proc/slabinfo is root's");
	n = read_slabs(slabs);
	if (n <= 0)
		SKIP(return, "no /proc/slabinfo");
	if (raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_ON))
		SKIP(return, "kernel without denial reasons");

	/* The smallest difference of ROUNDS tries, to filter noise out. */
	for (int i = 0; i < n; i++)
		best[i] = THREADS * 8;
	for (int r = 0; r < ROUNDS; r++) {
		ASSERT_EQ(0, raw_prctl(PR_DENIAL_REASON_SET,
				       PR_DENIAL_REASON_OFF));
		grow(_metadata, plain);
		ASSERT_EQ(0, raw_prctl(PR_DENIAL_REASON_SET,
				       PR_DENIAL_REASON_ON));
		grow(_metadata, opted);
		for (int i = 0; i < n; i++)
			if (opted[i] - plain[i] < best[i])
				best[i] = opted[i] - plain[i];
	}
	for (int i = 0; i < n; i++) {
		if (best[i] <= 0)
			continue;
		TH_LOG("%s (%ld bytes): %ld more objects", slabs[i].name,
		       slabs[i].size, best[i]);
		bytes += best[i] * slabs[i].size;
		if (grown < 0 || best[i] > best[grown])
			grown = i;
	}
	ASSERT_LE(0, grown);
	TH_LOG("state: %s, %ld bytes a thread in all", slabs[grown].name,
	       bytes / THREADS);
	/*
	 * Seen at all: one object per thread, give or take what the slab
	 * allocator's per-CPU slabs hide from /proc/slabinfo.
	 */
	ASSERT_LE(THREADS * 3 / 4, best[grown]);
	ASSERT_GE(STATE_MAX, slabs[grown].size);
	ASSERT_GE(STATE_MAX + STATE_MAX / 4, bytes / THREADS);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t len = strlen(text);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

FIXTURE(inject) {
};

FIXTURE_SETUP(inject)
{
	struct stat st;

	if (geteuid())
		SKIP(return, "fault injection is root's");
	if (stat("/sys/kernel/debug", &st) == 0 &&
	    stat(FAIL_FUNCTION, &st) != 0)
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	if (stat(FAIL_FUNCTION, &st) != 0)
		SKIP(return, "kernel without fail_function");
	if (raw_prctl(PR_DENIAL_REASON_SET, PR_DENIAL_REASON_ON))
		SKIP(return, "kernel without denial reasons");
	/*
	 * Half of the allocations of a state fail.  Not this process's
	 * only: fail_function's kprobe runs in the int3 handler, where the
	 * task filter never sees a task.  Nothing else in the test VM has
	 * opted in while this runs, and only opted-in tasks allocate.
	 */
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/inject",
				"denial_reason_alloc"));
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/probability", "50"));
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/interval", "1"));
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/times", "-1"));
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/verbose", "0"));
	ASSERT_EQ(0, write_file(FAIL_FUNCTION "/task-filter", "N"));
}

FIXTURE_TEARDOWN(inject)
{
	write_file(FAIL_FUNCTION "/inject", "");
}

static void *opted_in(void *arg)
{
	return (void *)raw_prctl(PR_DENIAL_REASON_GET, 0);
}

/*
 * fork(), vfork() and pthread_create() of an opted-in process succeed
 * while its children's states cannot be allocated; such a child runs as
 * if it had not opted in.
 */
TEST_F(inject, fork_storm)
{
	int on = 0, off = 0;

	for (int i = 0; i < FORKS; i++) {
		int status;
		pid_t pid;

		pid = i % 4 == 3 ? vfork() : fork();
		if (pid == 0)
			_exit(raw_prctl(PR_DENIAL_REASON_GET, 0));
		ASSERT_LT(0, pid) {
			TH_LOG("fork %d failed: %s", i, strerror(errno));
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		if (WEXITSTATUS(status) == PR_DENIAL_REASON_ON)
			on++;
		else if (WEXITSTATUS(status) == PR_DENIAL_REASON_OFF)
			off++;
	}
	for (int i = 0; i < FORKS / 4; i++) {
		pthread_t t;
		void *ret;

		ASSERT_EQ(0, pthread_create(&t, NULL, opted_in, NULL));
		ASSERT_EQ(0, pthread_join(t, &ret));
		if ((long)ret == PR_DENIAL_REASON_ON)
			on++;
		else if ((long)ret == PR_DENIAL_REASON_OFF)
			off++;
	}
	TH_LOG("children opted in %d, without a state %d", on, off);
	ASSERT_EQ(FORKS + FORKS / 4, on + off);
	/* The injection worked, and did not fail everything. */
	ASSERT_LT(0, off);
	ASSERT_LT(0, on);
	/* The parent's own opt-in is untouched. */
	ASSERT_EQ(PR_DENIAL_REASON_ON, raw_prctl(PR_DENIAL_REASON_GET, 0));
}

TEST_HARNESS_MAIN
