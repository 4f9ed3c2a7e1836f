// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons noted when a fanotify permission listener, as antivirus
 * and endpoint agents run, answers FAN_DENY: the record says that a file
 * access monitor refused, with the event, and nothing about the listener.
 *
 * Root marks a file; a listener process answers one event with FAN_DENY;
 * a child, opted in, makes the access.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/denial_reason.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../denial_reason_lsm/helpers.h"

#define FILE_PATH	"/tmp/fe_fanotify_file"

FIXTURE(fan) {
	int group;
	pid_t listener;
};

FIXTURE_VARIANT(fan) {
	__u64 event;
	long (*op)(void *);
};

static long open_file(void *arg)
{
	return open(FILE_PATH, O_RDONLY);
}

static long read_file(void *arg)
{
	char c;
	int fd = open(FILE_PATH, O_RDONLY);

	if (fd < 0)
		return -2;
	return read(fd, &c, 1);
}

static long exec_file(void *arg)
{
	char *argv[] = { FILE_PATH, NULL };

	return execve(FILE_PATH, argv, NULL);
}

FIXTURE_VARIANT_ADD(fan, open) {
	.event = FAN_OPEN_PERM,
	.op = open_file,
};

FIXTURE_VARIANT_ADD(fan, access) {
	.event = FAN_ACCESS_PERM,
	.op = read_file,
};

FIXTURE_VARIANT_ADD(fan, exec) {
	.event = FAN_OPEN_EXEC_PERM,
	.op = exec_file,
};

/* Answer the permission events of @group: allow others, deny @event. */
static void listen_and_deny(int group, __u64 event)
{
	char buf[4096] __attribute__((aligned(8)));
	ssize_t n;

	while ((n = read(group, buf, sizeof(buf))) > 0) {
		struct fanotify_event_metadata *m = (void *)buf;

		for (; FAN_EVENT_OK(m, n); m = FAN_EVENT_NEXT(m, n)) {
			struct fanotify_response r = {
				.fd = m->fd,
				.response = m->mask & event ?
					    FAN_DENY : FAN_ALLOW,
			};

			if (write(group, &r, sizeof(r)) != sizeof(r))
				_exit(1);
			close(m->fd);
		}
	}
	_exit(0);
}

FIXTURE_SETUP(fan)
{
	self->listener = -1;
	self->group = -1;
	REQUIRE_DENIAL_REASON();
	if (getuid())
		SKIP(return, "needs root for a permission listener");
	/* A copy of true(1), to open, read and execute. */
	ASSERT_EQ(0, system("cp /bin/true " FILE_PATH " && chmod 755 "
			    FILE_PATH));
	self->group = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC,
				    O_RDONLY);
	if (self->group < 0 && errno == EINVAL)
		SKIP(return, "no fanotify permission events");
	ASSERT_LE(0, self->group) TH_LOG("fanotify_init: %s",
					 strerror(errno));
	ASSERT_EQ(0, fanotify_mark(self->group, FAN_MARK_ADD, variant->event,
				   AT_FDCWD, FILE_PATH)) TH_LOG("fanotify_mark: %s",
								strerror(errno));
	self->listener = fork();
	ASSERT_LE(0, self->listener);
	if (self->listener == 0)
		listen_and_deny(self->group, variant->event);
	/* Only the listener holds the group: if it dies, accesses go on. */
	close(self->group);
	self->group = -1;
}

FIXTURE_TEARDOWN(fan)
{
	if (self->listener > 0) {
		kill(self->listener, SIGKILL);
		waitpid(self->listener, NULL, 0);
	}
	if (self->group >= 0)
		close(self->group);
	unlink(FILE_PATH);
}

/* As the test user: the listener is root's, and not named. */
TEST_F(fan, denied)
{
	struct outcome *o;

	o = as_user(variant->op, NULL);
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(DENIAL_SOURCE_FILE_MONITOR, o->r.source);
	EXPECT_EQ(DENIAL_FILE_MONITOR_DENY, o->r.reason);
	EXPECT_EQ(DENIAL_FIELD_VALUE, o->r.fields);
	EXPECT_EQ(variant->event, (__u64)o->r.value);
}

TEST_HARNESS_MAIN
