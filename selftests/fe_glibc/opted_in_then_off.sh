#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# opted_in_then_off.sh COMMAND...: as root, opt in while the sysctl
# kernel.denial_reason allows it, set the sysctl to 0, then run COMMAND.
dir=$(dirname "$(readlink -f "$0")")
echo 1 >/proc/sys/kernel/denial_reason || exit 1
# shellcheck disable=SC2016 # expanded by the inner shell
exec "$dir"/opt_in sh -c \
	'echo 0 >/proc/sys/kernel/denial_reason && exec "$@"' sh "$@"
