# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by the scripts in this directory; sourced, never run.

FE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FE_TOP

die()
{
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# One line of progress, in the style of kbuild's quiet output.
step()
{
	printf '  %-8s %s\n' "$1" "$2" >&2
}

need_cmd()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found: run 'make deps' (as root) to install the build dependencies"
	done
}

# A hash of what a build of TREE depends on: its commit, and every
# uncommitted change and new file in it, plus any extra words given.
# Builds compare it with the one they recorded to skip a no-op rebuild.
tree_state()	# TREE [EXTRA...]
{
	local tree=$1
	shift
	{
		git -C "$tree" rev-parse HEAD
		git -C "$tree" status --porcelain
		git -C "$tree" diff HEAD
		printf '%s\n' "$@"
	} | sha256sum | cut -d' ' -f1
}

# The patch files listed in SERIES_DIR/series, one path a line, in order.
series_patches()	# SERIES_DIR
{
	local p _
	while read -r p _; do
		case $p in ''|'#'*) continue ;; esac
		echo "$1/$p"
	done <"$1/series"
}

# A hash of the series file and of every patch it lists.
series_id()	# SERIES_DIR
{
	local -a patches
	mapfile -t patches < <(series_patches "$1")
	cat "$1/series" "${patches[@]}" | sha256sum | cut -d' ' -f1
}
