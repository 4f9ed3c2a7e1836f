// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons under adversarial use: every argument of
 * get_denial_reason(2) and prctl(PR_DENIAL_REASON) around its limits,
 * threads that flip the opt-in and the sysctl while others fail and read,
 * fork and exec storms, and each thread seeing only its own reasons.
 *
 * The random phase is reproducible: FUZZ_SEED (default 1) seeds it and
 * FUZZ_SECONDS (default 10) bounds it.  For a longer run, start the
 * binary directly, e.g. FUZZ_SECONDS=600 FUZZ_SEED=$RANDOM ./fuzz_test.
 * Each test prints the calls it made and the errnos it saw.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/denial_reason.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define USER_ID		1000
#define SYSCTL_PATH	"/proc/sys/kernel/denial_reason"
#define EXEC_ENV	"DENIAL_REASON_FUZZ_EXEC"
#define NR_THREADS	8
#define ISOLATION_ITERS	3000

/* Errno histogram: index 0 counts successes. */
struct counts {
	_Atomic unsigned long calls;
	_Atomic unsigned long err[256];
};

static void count(struct counts *c, long ret)
{
	c->calls++;
	c->err[ret < 0 ? (errno < 256 ? errno : 255) : 0]++;
}

static void print_counts(const char *what, struct counts *c)
{
	char line[512];
	int n;

	n = snprintf(line, sizeof(line), "%s: %lu calls:", what, c->calls);
	for (int i = 0; i < 256 && n < (int)sizeof(line); i++) {
		if (!c->err[i])
			continue;
		n += snprintf(line + n, sizeof(line) - n, " %s=%lu",
			      i ? strerrorname_np(i) ?: "?" : "ok", c->err[i]);
	}
	ksft_print_msg("%s\n", line);
}

static long get_reason(void *buf, size_t size, unsigned long flags)
{
	return syscall(__NR_get_denial_reason, buf, size, flags);
}

static long opt_in_prctl(unsigned long op, unsigned long arg3,
			 unsigned long arg4, unsigned long arg5)
{
	return prctl(PR_DENIAL_REASON, op, arg3, arg4, arg5);
}

static bool have_denial_reason(void)
{
	return get_reason(NULL, 0, 0) != -1 || errno != ENOSYS;
}

#define REQUIRE_ROOT_AND_FEATURE()					\
	do {								\
		if (!have_denial_reason())				\
			SKIP(return, "kernel without get_denial_reason()"); \
		if (getuid())						\
			SKIP(return, "needs root");			\
	} while (0)

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}

static int write_sysctl(const char *value)
{
	int fd = open(SYSCTL_PATH, O_WRONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : -1;
	close(fd);
	return ret;
}

static int read_sysctl(char *buf, size_t len)
{
	int fd = open(SYSCTL_PATH, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Hard links to directories never work, and no check notes why. */
static int fail_without_reason(void)
{
	return syscall(__NR_linkat, AT_FDCWD, "/tmp", AT_FDCWD,
		       "/tmp/denial_reason_fuzz_link", 0);
}

static int drop_to_user(void)
{
	if (setgroups(0, NULL) || setresgid(USER_ID, USER_ID, USER_ID) ||
	    setresuid(USER_ID, USER_ID, USER_ID))
		return -1;
	return 0;
}

/* Exec'ed copy of this program: fail, read, report through the status. */
static void __attribute__((constructor)) exec_helper(void)
{
	struct denial_reason r;

	if (!getenv(EXEC_ENV))
		return;
	fail_without_reason();
	/* Nothing of the parent may be visible: only this failure. */
	if (get_reason(&r, sizeof(r), 0) == 0)
		_exit(r.error == EPERM && r.seq == 1 ? 0 : 1);
	_exit(errno == ENODATA || errno == EOPNOTSUPP ? 0 : 1);
}

/*
 * Every pointer, size and flag around the limits: the errno is exactly
 * the documented one, no byte past the size is written, and reading
 * never changes the record.
 */
TEST(read_arguments)
{
	const size_t v0 = DENIAL_REASON_SIZE_VER0;
	long page = sysconf(_SC_PAGESIZE);
	const size_t sizes[] = {
		0, 1, 8, v0 - 8, v0 - 1, v0, v0 + 1, v0 + 7, v0 + 8,
		page - 1, page, page + 1, 2 * page, SIZE_MAX, SIZE_MAX - v0,
		(size_t)1 << 31, ((size_t)1 << 32) + v0,
	};
	struct denial_reason before, after;
	struct counts c = { 0 };
	unsigned char *map, *end;

	REQUIRE_ROOT_AND_FEATURE();
	ASSERT_EQ(0, opt_in_prctl(PR_DENIAL_REASON_SET, 1, 0, 0));
	ASSERT_EQ(-1, fail_without_reason());
	ASSERT_EQ(0, get_reason(&before, sizeof(before), 0));

	/* Two writable pages, then a guard page. */
	map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + 2 * page, page, PROT_NONE));
	end = map + 2 * page;

	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		size_t size = sizes[si];
		/* Buffers that end well before, at, and across the guard. */
		unsigned char *ptrs[] = {
			map, end - page, end - v0, end - v0 + 1, end - 1, end,
			NULL, (void *)1, (void *)0xffff888000000000UL,
			(void *)-1UL, (void *)(map + 1),
		};

		for (size_t pi = 0; pi < sizeof(ptrs) / sizeof(ptrs[0]); pi++) {
			unsigned char *p = ptrs[pi];

			for (int bit = -1; bit < 64; bit++) {
				unsigned long flags = bit < 0 ? 0 : 1UL << bit;
				bool fits = p >= map && p < end &&
					    size <= (size_t)(end - p);
				int want;
				long ret;

				/* flags is an unsigned int: high bits are cut. */
				if ((unsigned int)flags || size < v0)
					want = EINVAL;
				else if (size > (size_t)page)
					want = E2BIG;
				else if (!fits)
					want = EFAULT;
				else
					want = 0;

				if (fits)
					memset(map, 0xa5, 2 * page);
				errno = 0;
				ret = get_reason(p, size, flags);
				count(&c, ret);
				if (want) {
					EXPECT_EQ(-1, ret);
					EXPECT_EQ(want, errno)
						TH_LOG("ptr %p size %zu flags %#lx",
						       p, size, flags);
					continue;
				}
				EXPECT_EQ(0, ret)
					TH_LOG("ptr %p size %zu: %s", p, size,
					       strerror(errno));
				/* Nothing written outside [p, p + size). */
				for (unsigned char *q = map; q < p; q++)
					ASSERT_EQ(0xa5, *q);
				for (unsigned char *q = p + size; q < end; q++)
					ASSERT_EQ(0xa5, *q);
			}
		}
	}

	/* prctl and reads above did not change what was published. */
	ASSERT_EQ(0, get_reason(&after, sizeof(after), 0));
	ASSERT_EQ(0, memcmp(&before, &after, sizeof(before)));
	print_counts("get_denial_reason", &c);
	munmap(map, 3 * page);
}

/* Every combination of small and odd prctl arguments. */
TEST(prctl_arguments)
{
	const unsigned long vals[] = {
		0, 1, 2, 3, 0x7f, 0x80000000UL, 0xffffffffUL, ~0UL,
	};
	const size_t n = sizeof(vals) / sizeof(vals[0]);
	struct counts c = { 0 };

	REQUIRE_ROOT_AND_FEATURE();
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++)
			for (size_t d = 0; d < n; d++) {
				unsigned long op = vals[a], arg3 = vals[b];
				unsigned long arg45 = vals[d];
				long state = opt_in_prctl(PR_DENIAL_REASON_GET,
							  0, 0, 0);
				long want, ret;

				ASSERT_TRUE(state == 0 || state == 1);
				if (arg45)
					want = -EINVAL;
				else if (op == PR_DENIAL_REASON_GET)
					want = arg3 ? -EINVAL : state;
				else if (op == PR_DENIAL_REASON_SET)
					want = arg3 <= 1 ? 0 : -EINVAL;
				else if (op == PR_DENIAL_REASON_AREA)
					/* None of these is a valid area. */
					want = state && !arg3 ? 0 : -EINVAL;
				else
					want = -EINVAL;

				/* arg4 and arg5 both, and each alone. */
				for (int k = 0; k < 3; k++) {
					unsigned long a4 = k != 2 ? arg45 : 0;
					unsigned long a5 = k != 1 ? arg45 : 0;

					errno = 0;
					ret = opt_in_prctl(op, arg3, a4, a5);
					count(&c, ret);
					if (want < 0) {
						EXPECT_EQ(-1, ret);
						EXPECT_EQ(-want, errno)
							TH_LOG("op %lu arg3 %lu arg4 %lu arg5 %lu",
							       op, arg3, a4, a5);
					} else {
						EXPECT_EQ(want, ret);
					}
					if (!arg45)
						break;
				}
			}
	ASSERT_EQ(0, opt_in_prctl(PR_DENIAL_REASON_SET, 0, 0, 0));
	ASSERT_EQ(0, opt_in_prctl(PR_DENIAL_REASON_GET, 0, 0, 0));
	print_counts("prctl(PR_DENIAL_REASON)", &c);
}

/* Files that deny the test user, each with its own mode. */
FIXTURE(files) {
	char dir[64];
	char path[NR_THREADS][96];
	char saved_sysctl[16];
};

FIXTURE_SETUP(files)
{
	if (!have_denial_reason())
		SKIP(return, "kernel without get_denial_reason()");
	if (getuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, read_sysctl(self->saved_sysctl,
				 sizeof(self->saved_sysctl)));
	strcpy(self->dir, "/tmp/denial_reason_fuzz.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, chmod(self->dir, 0755));
	for (int i = 0; i < NR_THREADS; i++) {
		int fd;

		snprintf(self->path[i], sizeof(self->path[i]), "%s/f%d",
			 self->dir, i);
		fd = open(self->path[i], O_WRONLY | O_CREAT, 0600);
		ASSERT_LE(0, fd);
		close(fd);
		/* Group bits differ, others never read: distinct records. */
		ASSERT_EQ(0, chmod(self->path[i], 0600 | (i << 3)));
	}
}

FIXTURE_TEARDOWN_PARENT(files)
{
	for (int i = 0; i < NR_THREADS; i++)
		unlink(self->path[i]);
	rmdir(self->dir);
	if (self->saved_sysctl[0])
		write_sysctl(self->saved_sysctl);
}

struct worker {
	const char *path;
	mode_t mode;
	unsigned int seed;
	_Atomic bool *stop;
	unsigned long failures, mismatches;
	struct counts *c;
};

/*
 * Fail ISOLATION_ITERS times on our own file; each record must be ours,
 * and the sequence must count exactly our failures.
 */
static void *isolation_worker(void *arg)
{
	struct worker *w = arg;
	struct denial_reason r;
	uint64_t seq = 0;

	for (int i = 0; i < ISOLATION_ITERS; i++) {
		if (open(w->path, O_RDONLY) != -1 || errno != EACCES) {
			w->mismatches++;
			continue;
		}
		w->failures++;
		if (get_reason(&r, sizeof(r), 0)) {
			w->mismatches++;
			continue;
		}
		if (r.error != EACCES || r.source != DENIAL_SOURCE_DAC ||
		    r.reason != DENIAL_DAC_OTHER ||
		    (r.obj_mode & 07777) != w->mode || r.uid != USER_ID ||
		    (seq && r.seq != seq + 1))
			w->mismatches++;
		seq = r.seq;
	}
	return NULL;
}

/* 24000 failures take a minute and more on a KASAN kernel under TCG. */
TEST_F_TIMEOUT(files, isolation, 240)
{
	pthread_t t[NR_THREADS];
	struct worker w[NR_THREADS] = { 0 };
	unsigned long failures = 0, mismatches = 0;
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (opt_in_prctl(PR_DENIAL_REASON_SET, 1, 0, 0) ||
		    drop_to_user())
			_exit(2);
		for (int i = 0; i < NR_THREADS; i++) {
			w[i].path = self->path[i];
			w[i].mode = 0600 | (i << 3);
			pthread_create(&t[i], NULL, isolation_worker, &w[i]);
		}
		for (int i = 0; i < NR_THREADS; i++) {
			pthread_join(t[i], NULL);
			failures += w[i].failures;
			mismatches += w[i].mismatches;
		}
		ksft_print_msg("isolation: %d threads, %lu failures, %lu foreign or wrong records\n",
			       NR_THREADS, failures, mismatches);
		_exit(mismatches || failures != NR_THREADS * ISOLATION_ITERS);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* The random phase: a thread of each kind, until the time is up. */
struct storm {
	_Atomic bool stop;
	unsigned int seed;
	const char *path[NR_THREADS];
	struct counts reads, prctls, fails, forks, execs;
	_Atomic unsigned long bad;
};

static void storm_check_record(struct storm *s, const struct denial_reason *r,
			       int error)
{
	if (r->error != EPERM && r->error != EACCES)
		s->bad++;
	if (r->source > DENIAL_SOURCE_SYSCTL || r->size != sizeof(*r))
		s->bad++;
	/* Other threads' failures never show: ours all are EACCES. */
	if (error && r->error != error)
		s->bad++;
}

static void *storm_failer(void *arg)
{
	struct storm *s = arg;
	unsigned int seed = s->seed ^ (unsigned int)gettid();
	struct denial_reason r;

	while (!s->stop) {
		const char *path = s->path[rand_r(&seed) % NR_THREADS];
		long ret;

		/* Flip this thread's opt-in now and then. */
		if (!(rand_r(&seed) % 16)) {
			ret = opt_in_prctl(PR_DENIAL_REASON_SET,
					   rand_r(&seed) % 2, 0, 0);
			count(&s->prctls, ret);
		}
		ret = open(path, O_RDONLY);
		count(&s->fails, ret);
		if (ret >= 0) {
			close(ret);
			s->bad++;
			continue;
		}
		ret = get_reason(&r, sizeof(r), 0);
		count(&s->reads, ret);
		if (!ret)
			storm_check_record(s, &r, EACCES);
		else if (errno != ENODATA && errno != EOPNOTSUPP)
			s->bad++;
	}
	return NULL;
}

/* A page nothing may be written to. */
static unsigned char *storm_guard;

static void *storm_reader(void *arg)
{
	struct storm *s = arg;
	unsigned int seed = s->seed ^ (unsigned int)gettid() ^ 0x5a5a;
	static __thread unsigned char buf[8192];

	while (!s->stop) {
		size_t size = DENIAL_REASON_SIZE_VER0 - 4 + rand_r(&seed) % 16;
		unsigned long flags = rand_r(&seed) % 8 ? 0 :
				      1UL << (rand_r(&seed) % 64);
		void *p = rand_r(&seed) % 8 ? buf + rand_r(&seed) % 64 :
			  storm_guard + rand_r(&seed) % 4096;
		long ret;

		if (!(rand_r(&seed) % 64))
			size = rand_r(&seed) % 8192;
		ret = get_reason(p, size, flags);
		count(&s->reads, ret);
		if (ret == 0 && ((struct denial_reason *)p)->size > size)
			s->bad++;
		if (!(rand_r(&seed) % 4))
			count(&s->fails, fail_without_reason());
	}
	return NULL;
}

static void *storm_forker(void *arg)
{
	struct storm *s = arg;
	unsigned int seed = s->seed ^ 0x1234;
	char *const argv[] = { "fuzz_test", NULL };
	char *const envp[] = { EXEC_ENV "=1", NULL };

	while (!s->stop) {
		bool do_exec = rand_r(&seed) % 2;
		pid_t pid = fork();
		int status;

		if (!pid) {
			struct denial_reason r;

			if (do_exec)
				execve("/proc/self/exe", argv, envp);
			/* A new task has no record of its parent's. */
			if (!get_reason(&r, sizeof(r), 0))
				_exit(1);
			fail_without_reason();
			/* Or none, if the sysctl flipped in between. */
			_exit(get_reason(&r, sizeof(r), 0) &&
			      errno != EOPNOTSUPP && errno != ENODATA);
		}
		count(do_exec ? &s->execs : &s->forks, pid);
		if (pid < 0)
			continue;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			s->bad++;
	}
	return NULL;
}

TEST_F_TIMEOUT(files, storm, 900)
{
	unsigned long seconds = env_ul("FUZZ_SECONDS", 10);
	struct storm *s;
	pid_t pid;
	int status;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, s);
	memset(s, 0, sizeof(*s));
	s->seed = env_ul("FUZZ_SEED", 1);
	storm_guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	ASSERT_NE(MAP_FAILED, storm_guard);
	for (int i = 0; i < NR_THREADS; i++)
		s->path[i] = self->path[i];
	ksft_print_msg("storm: seed %u, %lu s\n", s->seed, seconds);

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		pthread_t t[6];

		if (opt_in_prctl(PR_DENIAL_REASON_SET, 1, 0, 0) ||
		    drop_to_user())
			_exit(2);
		pthread_create(&t[0], NULL, storm_failer, s);
		pthread_create(&t[1], NULL, storm_failer, s);
		pthread_create(&t[2], NULL, storm_failer, s);
		pthread_create(&t[3], NULL, storm_reader, s);
		pthread_create(&t[4], NULL, storm_reader, s);
		pthread_create(&t[5], NULL, storm_forker, s);
		for (int i = 0; i < 6; i++)
			pthread_join(t[i], NULL);
		_exit(0);
	}

	/* Root flips the sysctl through all its values meanwhile. */
	{
		unsigned int seed = s->seed;
		struct timespec start, now;
		const char *values[] = { "0\n", "1\n", "2\n" };
		unsigned long flips = 0;

		clock_gettime(CLOCK_MONOTONIC, &start);
		do {
			usleep(20000 + rand_r(&seed) % 80000);
			ASSERT_EQ(0, write_sysctl(values[rand_r(&seed) % 3]));
			flips++;
			clock_gettime(CLOCK_MONOTONIC, &now);
		} while ((unsigned long)(now.tv_sec - start.tv_sec) < seconds);
		ASSERT_EQ(0, write_sysctl("1\n"));
		s->stop = true;
		ksft_print_msg("storm: %lu sysctl flips\n", flips);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	print_counts("storm open (failing)", &s->fails);
	print_counts("storm get_denial_reason", &s->reads);
	print_counts("storm prctl", &s->prctls);
	print_counts("storm fork", &s->forks);
	print_counts("storm fork+exec", &s->execs);
	ksft_print_msg("storm: %lu unexpected results\n", s->bad);
	EXPECT_EQ(0, s->bad);
	EXPECT_LT(0, s->fails.calls);
	munmap(s, sizeof(*s));
}

TEST_HARNESS_MAIN
