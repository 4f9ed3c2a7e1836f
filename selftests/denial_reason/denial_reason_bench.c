// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons benchmark: nanoseconds per system call for a few loops,
 * not opted in and (where the kernel has the feature) opted in.
 *
 * Prints one line per loop and mode: "<loop> <off|on> <ns>", the best of
 * several rounds.  Not a test: scripts/bench runs it on the patched and
 * on the vanilla kernel and prints the ratios.  Run as root: it creates
 * its files, then drops to an unprivileged user so that opening the
 * unreadable file fails with EACCES.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef PR_DENIAL_REASON
#define PR_DENIAL_REASON	0x44454e59
#define PR_DENIAL_REASON_SET	1
#define PR_DENIAL_REASON_OFF	0
#define PR_DENIAL_REASON_ON	1
#endif

#define READABLE	"/tmp/denial_reason_bench.readable"
#define SECRET		"/tmp/denial_reason_bench.secret"

static void loop_getpid(long n)
{
	while (n--)
		syscall(__NR_getpid);
}

static void loop_open_close(long n)
{
	while (n--)
		close(open(READABLE, O_RDONLY));
}

static void loop_stat(long n)
{
	struct stat st;

	while (n--)
		stat(READABLE, &st);
}

static void loop_open_denied(long n)
{
	while (n--)
		if (open(SECRET, O_RDONLY) >= 0 || errno != EACCES)
			abort();
}

static const struct {
	const char *name;
	void (*fn)(long n);
	long iterations;
} loops[] = {
	{ "getpid", loop_getpid, 400000 },
	{ "open_close", loop_open_close, 40000 },
	{ "stat", loop_stat, 60000 },
	{ "open_denied", loop_open_denied, 40000 },
};

#define NLOOPS (sizeof(loops) / sizeof(loops[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || fchmod(fd, mode) || close(fd)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 7;
	double best[NLOOPS][2];
	gid_t groups[] = { 1000 };
	int modes = 1;

	make_file(READABLE, 0644);
	make_file(SECRET, 0600);
	if (setgroups(1, groups) || setresgid(1000, 1000, 1000) ||
	    setresuid(1000, 1000, 1000)) {
		perror("dropping privileges");
		return 1;
	}

	/* Opting in and out must work, or there is only one mode. */
	if (!prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
		   PR_DENIAL_REASON_OFF, 0, 0))
		modes = 2;

	for (size_t i = 0; i < NLOOPS; i++)
		best[i][0] = best[i][1] = 1e300;

	/* Alternate modes every round, so that drift hits both alike. */
	for (int r = 0; r < rounds; r++) {
		for (int m = 0; m < modes; m++) {
			if (modes == 2 &&
			    prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
				  m ? PR_DENIAL_REASON_ON :
				      PR_DENIAL_REASON_OFF, 0, 0)) {
				perror("prctl");
				return 1;
			}
			/*
			 * The kernel patches its hooks out a second after the
			 * last thread opts out (a deferred static key): wait,
			 * so that "off" measures a system where nobody opted
			 * in, as the targets mean it.
			 */
			if (modes == 2 && !m && r)
				usleep(1100 * 1000);
			for (size_t i = 0; i < NLOOPS; i++) {
				double t = now_ns();

				loops[i].fn(loops[i].iterations);
				t = (now_ns() - t) / loops[i].iterations;
				if (t < best[i][m])
					best[i][m] = t;
			}
		}
	}

	for (size_t i = 0; i < NLOOPS; i++)
		for (int m = 0; m < modes; m++)
			printf("%s %s %.1f\n", loops[i].name, m ? "on" : "off",
			       best[i][m]);
	return 0;
}
