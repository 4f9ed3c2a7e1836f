// SPDX-License-Identifier: GPL-2.0
/*
 * opt_in COMMAND [ARG...]: run COMMAND opted in to denial reasons.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_DENIAL_REASON
#define PR_DENIAL_REASON	0x44454e59
#define PR_DENIAL_REASON_SET	1
#define PR_DENIAL_REASON_ON	1
#endif

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	if (prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET, PR_DENIAL_REASON_ON,
		  0, 0)) {
		fprintf(stderr, "%s: prctl(PR_DENIAL_REASON): %s\n", argv[0],
			strerror(errno));
		return 125;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
