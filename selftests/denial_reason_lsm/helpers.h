/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tests of this directory share: reading the record, opting in,
 * becoming the unprivileged test user, skipping on kernels without the
 * feature.
 */
#ifndef DENIAL_REASON_LSM_HELPERS_H
#define DENIAL_REASON_LSM_HELPERS_H

#include <errno.h>
#include <grp.h>
#include <linux/denial_reason.h>
#include <linux/prctl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define USER_ID		1000

/* Read the calling thread's record, poisoning @r first. */
static inline long get_reason(struct denial_reason *r)
{
	memset(r, 0xa5, sizeof(*r));
	return syscall(__NR_get_denial_reason, r, sizeof(*r), 0);
}

static inline int opt_in(void)
{
	return prctl(PR_DENIAL_REASON, PR_DENIAL_REASON_SET,
		     PR_DENIAL_REASON_ON, 0, 0);
}

static inline bool have_denial_reason(void)
{
	return syscall(__NR_get_denial_reason, NULL, 0, 0) != -1 ||
	       errno != ENOSYS;
}

/* Become USER_ID, without supplementary groups or capabilities. */
static inline int drop_to_user(void)
{
	if (setgroups(0, NULL) || setresgid(USER_ID, USER_ID, USER_ID) ||
	    setresuid(USER_ID, USER_ID, USER_ID))
		return -1;
	return 0;
}

#define REQUIRE_DENIAL_REASON()						\
	do {								\
		if (!have_denial_reason())				\
			SKIP(return, "kernel without get_denial_reason()"); \
	} while (0)

#endif /* DENIAL_REASON_LSM_HELPERS_H */
