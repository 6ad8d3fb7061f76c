#!/usr/bin/env bash
# abcmd.sh compares whole commands the way the report does: two builds of a
# command (an older revision against the working tree) or any commands, run
# in rounds (A, B, A, B, ...) with an untimed setup before every run that
# restores what a command changes, in a fresh directory in tmpfs, optionally
# pinned to the same CPUs. It prints each command's median time, the median
# of its per-round ratios to the first command with their range, and its
# peak RSS (go run ./bench/cmd/report -compare).
#
#   bench/abcmd.sh [-r ROUNDS] [-c CPUS] [-s SETUP] [-p PKG] [-T TAGS] REV 'COMMAND with PIXTOOL'
#   bench/abcmd.sh [-r ROUNDS] [-c CPUS] [-s SETUP] -t 'NAME=COMMAND' 'NAME=COMMAND' ...
#
# In the first form PIXTOOL in COMMAND stands for the binary of PKG (default
# ./cmd/pixtool) built at REV ("old", the first row) and in the working tree
# ("new"), built with -tags TAGS if given (cloud for the object storage
# drivers). Commands and SETUP run by sh -c in the scratch directory: give
# inputs as absolute paths, outputs as relative ones. ROUNDS defaults to 10;
# CPUS is a taskset -c list.
#
#   cp big.ppm /dev/shm/in.ppm
#   bench/abcmd.sh -s 'cp /dev/shm/in.ppm work.ppm' HEAD~1 'PIXTOOL flip --horizontal --in-place work.ppm'
#   bench/abcmd.sh -c 1 -s 'cp /dev/shm/in.jpg a.jpg' -t \
#       'jpegtran=jpegtran -flip horizontal -outfile out.jpg a.jpg' 'pixtool=pixtool flip --horizontal --out out a.jpg'
#
# Whole commands timed one after the other drifted by 20-50% on the
# project's shared VM; only ratios taken within a round are comparable.
set -euo pipefail
rounds=10; cpus=; setup=; pkg=./cmd/pixtool; tools=; tags=()
while getopts 'r:c:s:p:tT:' opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	c) cpus=$OPTARG ;;
	s) setup=$OPTARG ;;
	p) pkg=$OPTARG ;;
	t) tools=1 ;;
	T) tags=(-tags "$OPTARG") ;;
	*) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/report" ./bench/cmd/report)
args=(-rounds "$rounds")
[[ -n $cpus ]] && args+=(-cpus "$cpus")
[[ -n $setup ]] && args+=(-setup "$setup")
if [[ -n $tools ]]; then
	(($# >= 2)) || { echo "abcmd.sh -t: give two or more NAME=COMMAND" >&2; exit 2; }
	for c in "$@"; do args+=(-compare "$c"); done
else
	(($# == 2)) || { echo "abcmd.sh: give REV and a COMMAND with PIXTOOL in it" >&2; exit 2; }
	rev=$1; template=$2
	[[ $template == *PIXTOOL* ]] || { echo "abcmd.sh: the command has no PIXTOOL" >&2; exit 2; }
	git -C "$root" worktree add -q "$tmp/old" "$rev"
	# both static, as README's Install builds pixtool
	(cd "$tmp/old" && CGO_ENABLED=0 go build "${tags[@]}" -o "$tmp/pixtool-old" "$pkg")
	(cd "$root" && CGO_ENABLED=0 go build "${tags[@]}" -o "$tmp/pixtool-new" "$pkg")
	args+=(-compare "old=${template//PIXTOOL/$tmp/pixtool-old}" -compare "new=${template//PIXTOOL/$tmp/pixtool-new}")
fi
"$tmp/report" "${args[@]}"
