// SPDX-License-Identifier: GPL-2.0
/*
 * errno_dump: print every way glibc renders every errno value, after
 * failing with EACCES and EPERM for reasons the kernel can explain.
 * tools_test.sh runs it with the patched and with the vanilla glibc and
 * compares the outputs byte for byte: a process that did not opt in (or
 * whose reasons are switched off) must not see any difference.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The XSI strerror_r, which _GNU_SOURCE hides. */
extern int __xpg_strerror_r(int errnum, char *buf, size_t buflen);

static void dump(int e)
{
	static const size_t sizes[] = { 1, 8, 18, 24, 40, 64, 1024 };
	char buf[1024];

	printf("%d strerror: %s\n", e, strerror(e));
	printf("%d strerror_l: %s\n", e,
	       strerror_l(e, uselocale((locale_t)0)));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *s;
		int r;

		memset(buf, 'x', sizeof(buf));
		s = strerror_r(e, buf, sizes[i]);
		printf("%d strerror_r(%zu): %s\n", e, sizes[i], s);
		memset(buf, 'x', sizeof(buf));
		r = __xpg_strerror_r(e, buf, sizes[i]);
		printf("%d xpg_strerror_r(%zu): %d %.*s\n", e, sizes[i], r,
		       (int)sizes[i], buf);
	}
	errno = e;
	printf("%d %%m: %m\n", e);
	fflush(stdout);
	snprintf(buf, sizeof(buf), "%d perror", e);
	errno = e;
	perror(buf);
	errno = e;
	warn("%d warn", e);
	error(0, e, "%d error", e);
	error_at_line(0, e, "file.c", 1, "%d error_at_line", e);
	fflush(stderr);
}

int main(int argc, char *argv[])
{
	int values[] = { -1, 0, 255, 256, 1000, INT_MAX, INT_MIN };

	/* Stderr into stdout, in order, so one file holds everything. */
	dup2(STDOUT_FILENO, STDERR_FILENO);
	setvbuf(stdout, NULL, _IONBF, 0);

	for (int e = 0; e < 140; e++) {
		/* Give the kernel something to say before each one. */
		if (open("/etc/shadow", O_RDONLY) >= 0 ||
		    link("/tmp", "/tmp/errno_dump_link") == 0)
			errx(2, "expected to fail: run as an ordinary user");
		open("/etc/shadow", O_RDONLY);
		dump(e);
	}
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		dump(values[i]);
	return 0;
}
