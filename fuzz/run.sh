#!/usr/bin/env bash
# Fuzzes one target with libFuzzer (built by swiftc with -sanitize=fuzzer plus AddressSanitizer).
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer options...]     TARGET: json | yaml | hcl | pipeline
#
# Seeds come from ../shared/corpus (when present), testdata/, the regression inputs in
# testdata/fuzz/TARGET/ and the kept corpus in testdata/fuzz/corpus/TARGET/. New interesting
# inputs accumulate in fuzz/.corpus/TARGET (not committed); with FUZZ_SEEDS=own the run seeds
# from the project's files only, into fuzz/.corpus-own/TARGET, which fuzz/keep.sh can keep;
# a crash, a timeout (> 5 s per input) or a memory blow-up (> 1 GiB) is written to
# fuzz/artifacts/TARGET/ and ends the run with a non-zero status. Turn a crash into a
# regression test by trimming it (-minimize_crash=1) and adding it under testdata/fuzz/TARGET/.
# See docs/ROBUSTNESS.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

usage() { echo "usage: fuzz/run.sh {json|yaml|hcl|pipeline} SECONDS [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target="$1"; seconds="$2"; shift 2
case "$target" in json|yaml|hcl|pipeline) ;; *) usage ;; esac
case "$seconds" in ''|*[!0-9]*) usage ;; esac

scripts/ensure-deps.sh
echo "fuzz: building ecs-lint-fuzz with libFuzzer and AddressSanitizer (.build/fuzz)" >&2
# SwiftPM's --sanitize options link libFuzzer's main in place of ours, but pass one -sanitize
# flag per sanitizer, and swiftc keeps only the last: coverage instrumentation would be lost.
# The combined -Xswiftc flag restores it.
build=(swift build -c release --product ecs-lint-fuzz --scratch-path .build/fuzz
       --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING)
"${build[@]}" >&2
binary="$("${build[@]}" --show-bin-path)/ecs-lint-fuzz"

# One seed directory per target: the files of the matching format, flattened, small ones only
# (libFuzzer mutates short inputs far faster). FUZZ_SEEDS=own seeds from the project's own files
# only (testdata/, examples/) and accumulates in fuzz/.corpus-own/TARGET: what fuzz/keep.sh
# commits must hold nothing from ../shared/corpus, whose files are not ours to copy.
seed_roots=(../shared/corpus testdata examples)
corpus="fuzz/.corpus/$target"
if [ "${FUZZ_SEEDS:-all}" = own ]; then
  seed_roots=(testdata examples)
  corpus="fuzz/.corpus-own/$target"
fi
seeds="fuzz/.seeds/$target"
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "fuzz/artifacts/$target"
case "$target" in
  json) patterns=(-name '*.json') ;;
  yaml) patterns=(-name '*.yaml' -o -name '*.yml' -o -name '*.template') ;;
  hcl) patterns=(-name '*.tf' -o -name '*.tfvars') ;;
  pipeline) patterns=(-name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' -o -name '*.tf') ;;
esac
index=0
while IFS= read -r -d '' file; do
  cp "$file" "$seeds/$(printf '%04d' "$index")-$(basename "$file")"
  index=$((index + 1))
done < <(find "${seed_roots[@]}" -path testdata/fuzz/corpus -prune -o -type f \( "${patterns[@]}" \) -size -64k -print0 2>/dev/null | sort -z)
regressions=()
[ -d "testdata/fuzz/$target" ] && regressions=("testdata/fuzz/$target")
# The kept corpus of earlier runs (fuzz/keep.sh): the inputs that reached new coverage.
[ -d "testdata/fuzz/corpus/$target" ] && regressions+=("testdata/fuzz/corpus/$target")
echo "fuzz: $target for ${seconds}s from $index seed files" >&2

# LeakSanitizer's known false positives (indirect enum trees held by globals: the declarative
# checks and the field schema the pipeline's linter keeps) are suppressed as in the test suite.
export LSAN_OPTIONS="suppressions=$repo/Tests/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
ECS_LINT_FUZZ_TARGET="$target" exec "$binary" \
  -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=65536 \
  -dict="fuzz/$target.dict" -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1 \
  "$@" "$corpus" "$seeds" "${regressions[@]}"
