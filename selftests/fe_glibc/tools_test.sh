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
ktap_set_plan 17

# Run "$@" as the test user, without capabilities, as from a login
# (the bounding set full); print its stderr.
as_user()
{
	setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
		--inh-caps=-all -- "$@" 2>&1 >/dev/null
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
check "cat /etc/shadow as root of a user namespace, opted in" \
	"cat: /etc/shadow: Permission denied (POSIX: user \"root\" is not owner \"nobody\" or in group \"nogroup\", and mode $mode does not let others read; the capabilities of this process do not count for a file whose owner or group has no mapping in its user namespace)" \
	"$DIR"/opt_in env LANG=C.UTF-8 unshare -r cat /etc/shadow
rm -f /tmp/fe-chown
as_user touch /tmp/fe-chown
check "chown to root, opted in" \
	"chown: changing ownership of '/tmp/fe-chown': Operation not permitted (Capabilities: user \"$TEST_USER\" does not have CAP_CHOWN in the user namespace owned by \"root\")" \
	"$DIR"/opt_in env LANG=C.UTF-8 chown root /tmp/fe-chown
# Root whose runtime dropped the capability (capsh --drop, docker
# --cap-drop): no program it runs can get it back.
got=$(capsh --drop=cap_chown -- -c \
	"$DIR/opt_in env LANG=C.UTF-8 chown root /tmp/fe-chown" 2>&1)
want="chown: changing ownership of '/tmp/fe-chown': Operation not permitted (Capabilities: CAP_CHOWN is not in the bounding set of this process: it was dropped, and no program the process runs can regain it)"
if [ "$got" = "$want" ]; then
	ktap_test_pass "chown as root without CAP_CHOWN in the bounding set, opted in"
else
	echo "# want: $want"
	echo "# got:  $got"
	ktap_test_fail "chown as root without CAP_CHOWN in the bounding set, opted in"
fi
rm -f /tmp/fe-chown
check "echo 3 > /proc/sys/vm/drop_caches, opted in" \
	"bash: line 1: /proc/sys/vm/drop_caches: Permission denied (sysctl: mode 0200 of this /proc/sys entry lets only root write it, and no capability overrides that; user \"$TEST_USER\" is not root of the initial user namespace)" \
	"$DIR"/opt_in env LANG=C.UTF-8 bash -c 'echo 3 > /proc/sys/vm/drop_caches'
# Refused in a netlink acknowledgment: ip(8) takes errno from it.
check "ip link set lo down, not opted in" \
	"RTNETLINK answers: Operation not permitted" \
	env LANG=C.UTF-8 ip link set lo down
check "ip link set lo down, opted in" \
	"RTNETLINK answers: Operation not permitted (Capabilities: user \"$TEST_USER\" does not have CAP_NET_ADMIN in the user namespace owned by \"root\")" \
	"$DIR"/opt_in env LANG=C.UTF-8 ip link set lo down
as_user touch /tmp/fe-immutable
chattr +i /tmp/fe-immutable
read -r ino dev < <(stat -c '%i %d' /tmp/fe-immutable)
major=$(( (dev >> 8 & 0xfff) | (dev >> 32 & ~0xfff) ))
minor=$(( (dev & 0xff) | (dev >> 12 & ~0xff) ))
check "rm of an immutable file, opted in" \
	"rm: cannot remove '/tmp/fe-immutable': Operation not permitted (file attributes: file $ino on device $major:$minor is immutable (chattr -i, with CAP_LINUX_IMMUTABLE, clears it))" \
	"$DIR"/opt_in env LANG=C.UTF-8 rm -f /tmp/fe-immutable
chattr -i /tmp/fe-immutable
rm -f /tmp/fe-immutable

# overlayfs checks the file below it as its mounter, here a root without
# the DAC overrides: the ids are the mounter's, and the message says so.
ovl=/tmp/fe-overlay
mkdir -p "$ovl/lower1" "$ovl/lower2" "$ovl/merged"
touch "$ovl/lower1/mine"
chown "$TEST_USER:" "$ovl/lower1/mine"
chmod 0600 "$ovl/lower1/mine"
user_group=$(id -gn "$TEST_USER")
if setpriv --bounding-set=-dac_override,-dac_read_search \
	mount -t overlay -o ro,lowerdir="$ovl/lower1:$ovl/lower2" \
	overlay "$ovl/merged" 2>/dev/null; then
	check "cat through an overlay mounted without DAC overrides, opted in" \
		"cat: $ovl/merged/mine: Permission denied (POSIX: user \"root\" is not owner \"$TEST_USER\" or in group \"$user_group\", and mode 0600 does not let others read; the kernel checked other credentials in place of this process's own, such as an overlay file system's mounter's; CAP_DAC_READ_SEARCH would allow it)" \
		"$DIR"/opt_in env LANG=C.UTF-8 cat "$ovl/merged/mine"
	umount "$ovl/merged"
else
	ktap_test_skip "no overlayfs"
fi
rm -rf "$ovl"

# hidepid= hides other users' processes: kill(1) says that the target is
# another user's, not whose.  In a pid namespace of its own, whose /proc
# alone hides.
got=$(unshare --pid --fork --mount --mount-proc bash -c '
	mount -o remount,hidepid=invisible /proc || exit 1
	sleep 100 & pid=$!
	setpriv --reuid="$1" --regid="$1" --init-groups --inh-caps=-all \
		--bounding-set=-all -- "$2"/opt_in env LANG=C.UTF-8 \
		/bin/kill "$pid" 2>&1
	kill "$pid"' sh "$TEST_USER" "$DIR")
want="(signal: user \"$TEST_USER\" may not signal a process of another user; CAP_KILL would allow it)"
if [[ "$got" == *"$want"* ]]; then
	ktap_test_pass "kill of a process hidepid= hides, opted in"
else
	echo "# want: ...$want"
	echo "# got:  $got"
	ktap_test_fail "kill of a process hidepid= hides, opted in"
fi

# The outputs of errno_dump with the patched and the vanilla C library:
# dump patched|vanilla ARGS..., run as the test user after $PREFIX (as
# root; it must exec its arguments).
PREFIX=()
dump()
{
	local libc=$1 prog=("$DIR"/errno_dump)
	shift
	[ "$libc" = patched ] ||
		prog=("$DIR"/vanilla/ld-linux-x86-64.so.2
		      --library-path "$DIR"/vanilla "$DIR"/errno_dump)
	"${PREFIX[@]}" setpriv --reuid="$TEST_USER" --regid="$TEST_USER" \
		--init-groups --inh-caps=-all --bounding-set=-all -- \
		"$@" "${prog[@]}"
}

# same NAME ARGS...: both C libraries print the same, byte for byte.
same()
{
	local name=$1 tmp
	shift
	tmp=$(mktemp -d)
	dump patched "$@" >"$tmp/patched" 2>&1
	dump vanilla "$@" >"$tmp/vanilla" 2>&1
	if [ -s "$tmp/vanilla" ] && cmp -s "$tmp/patched" "$tmp/vanilla"; then
		echo "# $(wc -l <"$tmp/patched") lines identical"
		ktap_test_pass "$name"
	else
		diff "$tmp/vanilla" "$tmp/patched" | head -n 20 | sed 's/^/# /'
		ktap_test_fail "$name"
	fi
	rm -rf "$tmp"
}

if [ -x "$DIR"/vanilla/ld-linux-x86-64.so.2 ]; then
	same "every errno, not opted in, same as vanilla glibc" env LANG=C.UTF-8
	same "every errno, not opted in, German, same as vanilla glibc" \
		env LANG=de_DE.UTF-8

	# Opted in while the sysctl allowed it, then switched off.
	saved=$(cat /proc/sys/kernel/denial_reason)
	PREFIX=("$DIR"/opted_in_then_off.sh)
	same "every errno, opted in, sysctl 0, same as vanilla glibc" \
		env LANG=C.UTF-8
	PREFIX=()
	echo "$saved" >/proc/sys/kernel/denial_reason

	# The comparison sees a difference where there is one: opted in,
	# only the EACCES lines change.
	tmp=$(mktemp -d)
	PREFIX=("$DIR"/opt_in)
	dump patched env LANG=C.UTF-8 >"$tmp/patched" 2>&1
	PREFIX=()
	dump vanilla env LANG=C.UTF-8 >"$tmp/vanilla" 2>&1
	changed=$(diff "$tmp/vanilla" "$tmp/patched" | grep -c '^>' || true)
	other=$(diff "$tmp/vanilla" "$tmp/patched" | grep '^>' |
		grep -Evc '^> ([^ ]*: )?13 ' || true)
	if [ "$changed" -gt 0 ] && [ "$other" = 0 ]; then
		echo "# $changed lines with a reason"
		ktap_test_pass "opted in: the EACCES lines, and only they, change"
	else
		diff "$tmp/vanilla" "$tmp/patched" | head -n 20 | sed 's/^/# /'
		ktap_test_fail "opted in: the EACCES lines, and only they, change"
	fi
	rm -rf "$tmp"
else
	for n in 1 2 3 4; do
		ktap_test_skip "no vanilla glibc in $DIR/vanilla"
	done
fi
ktap_finished
