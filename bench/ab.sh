#!/usr/bin/env bash
# ab.sh compares the benchmarks of one package at an older revision with the
# working tree, running the two test binaries in turns so that the drift of a
# shared machine falls on both sides alike, and prints benchstat's verdict.
#
#   bench/ab.sh REV PKG BENCH [ROUNDS] [BENCHTIME]
#   bench/ab.sh HEAD~3 ./ops 'RGB24/12MP/FlipV/w1' 5 20x
#
# Before/after numbers from runs made one after another drifted by 20-50% on
# the project's VM; numbers from this script did not.
set -euo pipefail
rev=${1:?revision}; pkg=${2:?package}; bench=${3:?benchmark regexp}
rounds=${4:-5}; benchtime=${5:-20x}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
command -v benchstat >/dev/null || go install golang.org/x/perf/cmd/benchstat@latest
git -C "$root" worktree add -q "$tmp/old" "$rev"
(cd "$tmp/old" && go test -c -o "$tmp/old.test" "$pkg")
(cd "$root" && go test -c -o "$tmp/new.test" "$pkg")
for _ in $(seq "$rounds"); do
	"$tmp/old.test" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime" -test.count 2 >>"$tmp/old.txt"
	"$tmp/new.test" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime" -test.count 2 >>"$tmp/new.txt"
done
benchstat "$tmp/old.txt" "$tmp/new.txt"
