#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The scenarios of make demo: unmodified Debian programs, run as the test
# user into each kind of denial, must print a friendly message that
# extends today's and names the mechanism and its facts.  fe-demo holds
# the scenarios and their expectations; this runs it in its checking
# mode.

DIR="$(dirname "$(readlink -f "$0")")"
. "$DIR"/../kselftest/ktap_helpers.sh

if [ "$(id -u)" != 0 ]; then
	ktap_print_header
	ktap_skip_all "must run as root"
	exit "$KSFT_SKIP"
fi
if ! command -v fe-demo >/dev/null || ! command -v friendly >/dev/null; then
	ktap_print_header
	ktap_skip_all "no fe-demo or friendly: not in the Friendly EPERM VM"
	exit "$KSFT_SKIP"
fi
exec fe-demo --ktap
