#!/usr/bin/env bash
# Line coverage reached by a fuzz target's corpus (what fuzz/run.sh accumulated in
# fuzz/.corpus/TARGET, plus the seeds and regression inputs), per source file of the modules
# the target exercises. Replays the inputs through a coverage-instrumented build of the replay
# tool (.build/fuzz-coverage); prints llvm-cov's report.
#
#   fuzz/coverage.sh {json|yaml|pipeline}
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target="${1:-}"
case "$target" in json|yaml|pipeline) ;; *) echo "usage: fuzz/coverage.sh {json|yaml|pipeline}" >&2; exit 2 ;; esac

build=(swift build --product ecs-lint-fuzz --scratch-path .build/fuzz-coverage
       -Xswiftc -profile-generate -Xswiftc -profile-coverage-mapping)
"${build[@]}" >&2
binary="$("${build[@]}" --show-bin-path)/ecs-lint-fuzz"

# The toolchain's LLVM tools read its profile format; a system LLVM may be older.
tools="$(dirname "$(readlink -f "$(command -v swift)")")"
profiles="$(mktemp -d)"
trap 'rm -rf "$profiles"' EXIT
directories=("fuzz/.corpus/$target" "fuzz/.seeds/$target" "testdata/fuzz/$target")
count=0
# One process per batch of inputs keeps the profile count small; a failing input still counts.
find "${directories[@]}" -type f -print0 2>/dev/null | xargs -0 -n 200 sh -c '
  LLVM_PROFILE_FILE="'"$profiles"'/%p.profraw" "'"$binary"'" '"$target"' "$@" >/dev/null 2>&1 || true' sh
count=$(find "${directories[@]}" -type f 2>/dev/null | wc -l)
"$tools/llvm-profdata" merge -sparse "$profiles"/*.profraw -o "$profiles/merged.profdata"
case "$target" in
  json) sources=(Sources/ECSLintSyntax/JSONParser.swift Sources/ECSLintSyntax/InputCheck.swift Sources/ECSLintSyntax/NumberRange.swift) ;;
  yaml) sources=(Sources/ECSLintSyntax/YAMLLoader.swift Sources/ECSLintSyntax/InputCheck.swift Sources/ECSLintSyntax/NumberRange.swift) ;;
  pipeline) sources=(Sources/ECSLintSyntax Sources/ECSLintModel Sources/ECSLintLoaders Sources/ECSLintEngine/Linter.swift
                     Sources/ECSLintEngine/Suppressions.swift Sources/ECSLintRules/Rules Sources/ECSLintReporters) ;;
esac
echo "coverage of $count inputs ($target):"
"$tools/llvm-cov" report "$binary" -instr-profile="$profiles/merged.profdata" "${sources[@]}"
