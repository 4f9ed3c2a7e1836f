#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM runs what the build produced: the patched kernel, the staged
# glibc as the system C library, and a test user without privileges.
# The host writes the expected values into $FE_EXPECT.

DIR="$(dirname "$(readlink -f "$0")")"
. "$DIR"/../kselftest/ktap_helpers.sh

FE_EXPECT=${FE_EXPECT:-/opt/fe/expected.env}
TEST_USER=${TEST_USER:-david}

ktap_print_header
if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must run as root"
	exit "$KSFT_SKIP"
fi
if [ ! -r "$FE_EXPECT" ]; then
	ktap_skip_all "no $FE_EXPECT: not in the Friendly EPERM VM"
	exit "$KSFT_SKIP"
fi
. "$FE_EXPECT"
ktap_set_plan 7

as_user()
{
	setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
		--inh-caps=-all --bounding-set=-all -- "$@"
}

kernel_release()
{
	[ "$(uname -r)" = "$KERNEL_RELEASE" ] ||
		{ echo "# uname -r: $(uname -r), built: $KERNEL_RELEASE"; return 1; }
}

kernel_build()
{
	grep -qF -- "$KERNEL_VERSION" /proc/version ||
		{ echo "# /proc/version: $(cat /proc/version)"; return 1; }
}

# The libc that a freshly started program maps is the staged one.
glibc_mapped()
{
	local lib
	lib=$(awk '$6 ~ /\/libc\.so\.6$/ { print $6; exit }' /proc/self/maps)
	[ -n "$lib" ] || { echo "# no libc.so.6 in /proc/self/maps"; return 1; }
	[ "$(sha256sum <"$lib" | cut -d' ' -f1)" = "$LIBC_SHA256" ] ||
		{ echo "# $lib is not the staged libc.so.6"; return 1; }
}

glibc_version()
{
	local v
	v=$(ldd --version | head -n 1)
	[ "$v" = "ldd (Friendly EPERM) 2.36" ] || { echo "# ldd --version: $v"; return 1; }
	[ "$(getconf GNU_LIBC_VERSION)" = "glibc 2.36" ]
}

user_unprivileged()
{
	local out
	[ "$(as_user id -u)" = "$(id -u "$TEST_USER")" ] && [ "$(id -u "$TEST_USER")" != 0 ] ||
		{ echo "# $TEST_USER is uid 0 or setpriv failed"; return 1; }
	as_user grep -qx 'CapEff:[[:space:]]*0000000000000000' /proc/self/status ||
		{ echo "# $TEST_USER has effective capabilities"; return 1; }
	out=$(as_user cat /etc/shadow 2>&1) &&
		{ echo "# $TEST_USER could read /etc/shadow"; return 1; }
	[ "$out" = "cat: /etc/shadow: Permission denied" ] ||
		{ echo "# unexpected: $out"; return 1; }
}

root_privileged()
{
	cat /etc/shadow >/dev/null
}

debian_tools()
{
	local f=/tmp/fe-system-test.$$ rc=0
	touch "$f"
	chattr +i "$f" && lsattr "$f" | grep -q -- '-i-' || rc=1
	chattr -i "$f" || rc=1
	setfacl -m u:"$TEST_USER":r "$f" && getfacl -p "$f" | grep -q "^user:$TEST_USER:r--" || rc=1
	setfattr -n user.fe -v 1 "$f" && [ "$(getfattr --absolute-names --only-values -n user.fe "$f")" = 1 ] || rc=1
	ps -p $$ -o pid= >/dev/null || rc=1
	ping -V >/dev/null || rc=1
	capsh --print >/dev/null || rc=1
	rm -f "$f"
	return $rc
}

ktap_test_result kernel_release kernel_release
ktap_test_result kernel_build kernel_build
ktap_test_result glibc_mapped glibc_mapped
ktap_test_result glibc_version glibc_version
ktap_test_result user_unprivileged user_unprivileged
ktap_test_result root_privileged root_privileged
ktap_test_result debian_tools debian_tools
ktap_finished
