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
#endif
#ifndef PR_DENIAL_REASON_GET
#define PR_DENIAL_REASON_GET	0
#define PR_DENIAL_REASON_SET	1
#define PR_DENIAL_REASON_OFF	0
#define PR_DENIAL_REASON_ON	1
#endif

#define VERSION		"1.1"
#define SYSCTL_PATH	"/proc/sys/kernel/denial_reason"

/* Exit statuses of friendly's own failures, as env(1) has them. */
#define EXIT_USAGE	2
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

static void usage(FILE *f)
{
	fputs("usage: friendly [-r|--require] [-q|--quiet] [COMMAND [ARG...]]\n"
	      "       friendly --status | --help | --version\n"
	      "Run COMMAND (default: $SHELL) opted in to the kernel's denial\n"
	      "reasons: its \"Permission denied\" and \"Operation not permitted\"\n"
	      "messages say why.  See friendly(1).\n"
	      "  -r, --require  fail (exit 1) if the kernel cannot explain denials\n"
	      "  -q, --quiet    do not warn if it cannot\n"
	      "  --status       say whether this process is opted in; exit 0 if\n"
	      "                 its denials are explained\n", f);
}

/* Why the opt-in failed, for a user. */
static const char *why(int err)
{
	switch (err) {
	case EINVAL:
		return "this kernel does not explain denials (no PR_DENIAL_REASON)";
	case EOPNOTSUPP:
		return "denial reasons are turned off (sysctl kernel.denial_reason = 0)";
	default:
		return strerror(err);
	}
}

/* The value of kernel.denial_reason, or -1 if it cannot be read. */
static int sysctl_value(void)
{
	FILE *f = fopen(SYSCTL_PATH, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* --status: what the kernel offers, and whether this process took it. */
static int status(void)
{
	int on = prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_GET, 0, 0, 0);
	int sysctl;

	if (on < 0) {
		printf("kernel:  %s\nprocess: not opted in\n", why(errno));
		return 1;
	}
	sysctl = sysctl_value();
	if (sysctl == 0)
		printf("kernel:  %s\n", why(EOPNOTSUPP));
	else if (sysctl > 0)
		printf("kernel:  explains denials (kernel.denial_reason = %d)\n",
		       sysctl);
	else
		printf("kernel:  explains denials\n");
	printf("process: %s\n", on == PR_DENIAL_REASON_ON ? "opted in" :
	       "not opted in");
	return on == PR_DENIAL_REASON_ON && sysctl != 0 ? 0 : 1;
}

int main(int argc, char *argv[])
{
	bool quiet = false, require = false;
	char *shell[] = { NULL, NULL };
	char pid[24];
	char **cmd;
	int i, err;

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
			fprintf(stderr, "friendly: unknown option '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
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
		err = errno;
		if (require) {
			fprintf(stderr, "friendly: %s\n", why(err));
			return 1;
		}
		if (!quiet)
			fprintf(stderr, "friendly: %s; running %s unchanged\n",
				why(err), cmd[0]);
	}

	/*
	 * For shell start-up files: the command runs in this process, so a
	 * shell started by friendly finds its own $$ here and does not start
	 * friendly again.  Set whether or not the opt-in worked.
	 */
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("FRIENDLY_EPERM", pid, 1);

	execvp(cmd[0], cmd);
	err = errno;
	fprintf(stderr, "friendly: %s: %s\n", cmd[0], strerror(err));
	return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}
