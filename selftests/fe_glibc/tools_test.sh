#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unmodified Debian programs, run by an unprivileged user who opted in,
# print the kernel's reason through the patched glibc, in English and in
# German; without the opt-in their output does not change.

DIR="$(dirname "$(readlink -f "$0")")"
. "$DIR"/../kselftest/ktap_helpers.sh

TEST_USER=${TEST_USER:-david}

ktap_print_header
if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must run as root"
	exit "$KSFT_SKIP"
fi
if [ ! -e /proc/sys/kernel/denial_reason ]; then
	ktap_skip_all "kernel without denial reasons"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4

# Run "$@" as the test user, without capabilities; print its stderr.
as_user()
{
	setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
		--inh-caps=-all --bounding-set=-all -- "$@" 2>&1 >/dev/null
}

# check NAME EXPECTED COMMAND...
check()
{
	local name=$1 want=$2 got
	shift 2
	got=$(as_user "$@")
	if [ "$got" = "$want" ]; then
		ktap_test_pass "$name"
	else
		echo "# want: $want"
		echo "# got:  $got"
		ktap_test_fail "$name"
	fi
}

read -r mode owner group < <(stat -c '%a %U %G' /etc/shadow)
mode=$(printf '%04o' "0$mode")

check "cat /etc/shadow, not opted in" \
	"cat: /etc/shadow: Permission denied" \
	env LANG=C.UTF-8 cat /etc/shadow
check "cat /etc/shadow, opted in" \
	"cat: /etc/shadow: Permission denied (POSIX: user \"$TEST_USER\" is not owner \"$owner\" or in group \"$group\", and mode $mode does not let others read; CAP_DAC_READ_SEARCH would allow it)" \
	"$DIR"/opt_in env LANG=C.UTF-8 cat /etc/shadow
check "cat /etc/shadow, opted in, German" \
	"cat: /etc/shadow: Keine Berechtigung (POSIX: Benutzer \"$TEST_USER\" ist weder Eigentümer \"$owner\" noch in Gruppe \"$group\", und Modus $mode verbietet anderen das Lesen; mit CAP_DAC_READ_SEARCH ginge es)" \
	"$DIR"/opt_in env LANG=de_DE.UTF-8 LANGUAGE= cat /etc/shadow
check "touch /etc/passwd, opted in" \
	"touch: cannot touch '/etc/passwd': Permission denied (POSIX: user \"$TEST_USER\" is not owner \"root\" or in group \"root\", and mode 0644 does not let others write; CAP_DAC_OVERRIDE would allow it)" \
	"$DIR"/opt_in env LANG=C.UTF-8 touch /etc/passwd
ktap_finished
