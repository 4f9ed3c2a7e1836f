#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# friendly(1), the opt-in wrapper, as an unprivileged user: the reason
# appears under friendly and not without, the opt-in is inherited and
# dropped by a set-user-ID exec, exec failures exit like env(1), and with
# the sysctl kernel.denial_reason at 0 friendly warns once and runs the
# command anyway, unless --require.

DIR="$(dirname "$(readlink -f "$0")")"
. "$DIR"/../kselftest/ktap_helpers.sh

TEST_USER=${TEST_USER:-david}
SYSCTL=/proc/sys/kernel/denial_reason

ktap_print_header
if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must run as root"
	exit "$KSFT_SKIP"
fi
if [ ! -e "$SYSCTL" ]; then
	ktap_skip_all "kernel without denial reasons"
	exit "$KSFT_SKIP"
fi
if ! command -v friendly >/dev/null; then
	ktap_skip_all "no friendly: not in the Friendly EPERM VM"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 15

saved=$(cat "$SYSCTL")
work=$(mktemp -d)
trap 'echo "$saved" >"$SYSCTL"; rm -rf "$work"' EXIT
echo 1 >"$SYSCTL"

# run COMMAND...: as the test user, with a clean environment and no
# capabilities (but set-user-ID bits honoured); stdout and stderr
# together in $out, the exit status in $rc.
run()
{
	out=$(env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
		HOME=/home/"$TEST_USER" SHELL=/bin/sh \
		setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
		--inh-caps=-all --bounding-set=-all -- "$@" 2>&1)
	rc=$?
}

# expect NAME RC WANT: the last run exited with RC and printed WANT.
expect()
{
	if [ "$rc" = "$2" ] && [ "$out" = "$3" ]; then
		ktap_test_pass "$1"
	else
		echo "# want (exit $2): $3" | sed '2,$s/^/#   /'
		echo "# got  (exit $rc): $out" | sed '2,$s/^/#   /'
		ktap_test_fail "$1"
	fi
}

read -r mode owner group < <(stat -c '%a %U %G' /etc/shadow)
mode=$(printf '%04o' "0$mode")
plain="cat: /etc/shadow: Permission denied"
reason="POSIX: user \"$TEST_USER\" is not owner \"$owner\" or in group \"$group\", and mode $mode does not let others read; CAP_DAC_READ_SEARCH would allow it"

run cat /etc/shadow
expect "cat /etc/shadow: today's message" 1 "$plain"
run friendly cat /etc/shadow
expect "friendly cat /etc/shadow: the reason" 1 "$plain ($reason)"

run friendly --status
expect "friendly --status, not opted in" 1 \
	"kernel:  explains denials (kernel.denial_reason = 1)
process: not opted in"
run friendly friendly --status
expect "friendly friendly --status, opted in" 0 \
	"kernel:  explains denials (kernel.denial_reason = 1)
process: opted in"
# "; exit" makes sh fork for friendly rather than exec it.
# shellcheck disable=SC2016 # expanded by the inner shell
run friendly sh -c 'friendly --status; exit $?'
expect "friendly sh -c 'friendly --status': inherited" 0 \
	"kernel:  explains denials (kernel.denial_reason = 1)
process: opted in"
run friendly <<<'friendly --status'
expect "friendly without a command: \$SHELL, opted in" 0 \
	"kernel:  explains denials (kernel.denial_reason = 1)
process: opted in"
# shellcheck disable=SC2016 # expanded by the inner shell
run friendly sh -c 'test "$FRIENDLY_EPERM" = $$ && echo same'
expect "FRIENDLY_EPERM is the process ID of the command" 0 same

# A set-user-ID exec drops the opt-in.
cp "$(command -v friendly)" "$work/friendly-setuid"
chmod 4755 "$work/friendly-setuid"
chmod 755 "$work"
run friendly "$work/friendly-setuid" --status
expect "a set-user-ID program is not opted in" 1 \
	"kernel:  explains denials (kernel.denial_reason = 1)
process: not opted in"

run friendly /nonexistent
expect "friendly /nonexistent: exit 127" 127 \
	"friendly: /nonexistent: No such file or directory"
# friendly's own message has the reason too.
run friendly /etc/passwd
if [ "$rc" = 126 ] &&
   [[ $out == "friendly: /etc/passwd: Permission denied (POSIX: "*")" ]]; then
	echo "# $out"
	ktap_test_pass "friendly /etc/passwd: exit 126, with the reason"
else
	echo "# got (exit $rc): $out"
	ktap_test_fail "friendly /etc/passwd: exit 126, with the reason"
fi

# Turned off: one warning, and the command runs, unchanged.
off="denial reasons are turned off (sysctl kernel.denial_reason = 0)"
sysctl -q -w kernel.denial_reason=0
run friendly cat /etc/shadow
expect "sysctl 0: one warning, then the command, unchanged" 1 \
	"friendly: $off; running cat unchanged
$plain"
run friendly -q cat /etc/shadow
expect "sysctl 0, -q: no warning" 1 "$plain"
run friendly --require echo ran
expect "sysctl 0, --require: exit 1, the command does not run" 1 \
	"friendly: $off"
run friendly --status
expect "sysctl 0: friendly --status" 1 "kernel:  $off
process: not opted in"

sysctl -q -w kernel.denial_reason=1
run friendly cat /etc/shadow
expect "sysctl back to 1: the reason again" 1 "$plain ($reason)"

ktap_finished
