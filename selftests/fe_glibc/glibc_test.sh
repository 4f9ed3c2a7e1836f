#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the glibc tests listed in glibc-tests, built against the patched
# glibc (the VM's system C library), one KTAP result each.  glibc's test
# driver exits 0 for PASS, 77 for UNSUPPORTED and anything else for FAIL.

DIR="$(dirname "$(readlink -f "$0")")"
. "$DIR"/../kselftest/ktap_helpers.sh

mapfile -t tests < <(grep -v -e '^#' -e '^$' "$DIR/glibc-tests")

ktap_print_header
ktap_set_plan "${#tests[@]}"
for t in "${tests[@]}"; do
	bin=$DIR/${t##*/}
	if [ ! -x "$bin" ]; then
		ktap_test_fail "$t (not built: run scripts/build-glibc-tests)"
		continue
	fi
	out=$(cd /tmp && TMPDIR=/tmp "$bin" 2>&1)
	rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
	case $rc in
	0) ktap_test_pass "$t" ;;
	77) ktap_test_skip "$t" ;;
	*) ktap_test_fail "$t (exit $rc)" ;;
	esac
done
ktap_finished
