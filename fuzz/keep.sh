#!/usr/bin/env bash
# Keeps what a fuzz run seeded from the project's own files found (FUZZ_SEEDS=own fuzz/run.sh
# TARGET SECONDS): merges fuzz/.corpus-own/TARGET into testdata/fuzz/corpus/TARGET, adding only
# the inputs that reach coverage the kept corpus does not (libFuzzer's -merge=1), so the
# committed corpus grows by what is new, not by everything the fuzzer tried. Runs seeded from
# ../shared/corpus are never kept: their inputs are mutations of files that are not ours.
#
#   fuzz/keep.sh TARGET        TARGET: json | yaml | hcl | pipeline
#
# Uses the binary fuzz/run.sh built (.build/fuzz). See docs/ROBUSTNESS.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
[ $# -eq 1 ] || { echo "usage: fuzz/keep.sh {json|yaml|hcl|pipeline}" >&2; exit 2; }
target="$1"
case "$target" in json|yaml|hcl|pipeline) ;; *) echo "fuzz/keep.sh: unknown target '$target'" >&2; exit 2 ;; esac
binary="$(swift build -c release --product ecs-lint-fuzz --scratch-path .build/fuzz --sanitize fuzzer --sanitize address \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --show-bin-path)/ecs-lint-fuzz"
[ -x "$binary" ] || { echo "fuzz/keep.sh: build the fuzzer first (fuzz/run.sh $target SECONDS)" >&2; exit 1; }
[ -d "fuzz/.corpus-own/$target" ] || { echo "fuzz/keep.sh: no fuzz/.corpus-own/$target; run FUZZ_SEEDS=own fuzz/run.sh $target SECONDS first" >&2; exit 1; }
mkdir -p "testdata/fuzz/corpus/$target"
before=$(find "testdata/fuzz/corpus/$target" -type f | wc -l)
export LSAN_OPTIONS="suppressions=$repo/Tests/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
ECS_LINT_FUZZ_TARGET="$target" "$binary" -merge=1 -timeout=5 -rss_limit_mb=1024 -max_len=65536 \
  "testdata/fuzz/corpus/$target" "fuzz/.corpus-own/$target" >/dev/null 2>&1
after=$(find "testdata/fuzz/corpus/$target" -type f | wc -l)
echo "fuzz/keep.sh: testdata/fuzz/corpus/$target: $before → $after inputs"
