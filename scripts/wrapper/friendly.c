// SPDX-License-Identifier: GPL-2.0
/*
 * friendly - run a command opted in to denial reasons
 *
 * Turns on prctl(PR_DENIAL_REASON) and executes the command, which
 * inherits the opt-in, as do its children: a patched C library then
 * says why an EPERM or EACCES happened.  Without a command, it runs the
 * user's shell.  See friendly(1).
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_DENIAL_REASON
#define PR_DENIAL_REASON	0x44454e59
#define PR_DENIAL_REASON_GET	0
#define PR_DENIAL_REASON_SET	1
#define PR_DENIAL_REASON_OFF	0
#define PR_DENIAL_REASON_ON	1
#endif

#define VERSION "1.0"

static void usage(FILE *f)
{
	fputs("usage: friendly [-q|--quiet] [-r|--require] [COMMAND [ARG...]]\n"
	      "       friendly --status | --help | --version\n", f);
}

/* Why the opt-in failed, for a user. */
static const char *why(int err)
{
	switch (err) {
	case EINVAL:
		return "this kernel does not explain denials";
	case EOPNOTSUPP:
		return "denial reasons are turned off (sysctl kernel.denial_reason = 0)";
	default:
		return strerror(err);
	}
}

static int status(void)
{
	int on = prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_GET, 0, 0, 0);

	if (on < 0) {
		printf("friendly: not available: %s\n", why(errno));
		return 1;
	}
	printf("friendly: %s\n", on == PR_DENIAL_REASON_ON ?
	       "opted in: denials of this process are explained" :
	       "not opted in");
	return on == PR_DENIAL_REASON_ON ? 0 : 1;
}

int main(int argc, char *argv[])
{
	bool quiet = false, require = false;
	char *shell[] = { NULL, NULL };
	char **cmd;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "-r") || !strcmp(a, "--require")) {
			require = true;
		} else if (!strcmp(a, "--status")) {
			return status();
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("friendly " VERSION);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}

	if (i < argc) {
		cmd = argv + i;
	} else {
		shell[0] = getenv("SHELL");
		if (!shell[0] || !*shell[0])
			shell[0] = "/bin/sh";
		cmd = shell;
	}

	if (prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET, PR_DENIAL_REASON_ON,
		  0, 0)) {
		int err = errno;

		if (require) {
			fprintf(stderr, "friendly: %s\n", why(err));
			return 1;
		}
		if (!quiet)
			fprintf(stderr, "friendly: %s; running %s unchanged\n",
				why(err), cmd[0]);
	}

	/* For shell start-up files: "already opted in, do not exec again". */
	setenv("FRIENDLY_EPERM", "1", 1);
	execvp(cmd[0], cmd);
	fprintf(stderr, "friendly: %s: %s\n", cmd[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
