#!/usr/bin/env bash
# The benchmark in one command: builds ecs-lint (release), installs cfn-lint and checkov from
# PyPI into bench/.venv when they are missing, then times all three on the same corpus files,
# interleaved, and writes bench/results.md. See docs/PERFORMANCE.md.
#
#   bench/run.sh [--reps N] [--synthetic-mb MB] [--only NAME,...] [--out FILE]
#   bench/run.sh --only shapes --out bench/shapes.md     # the shapes that were quadratic (issue 30)
#
# BENCH_VENV overrides the virtual environment's location. Needs ../shared/corpus beside the
# repository (as CI has it), python3 with venv, and network access to PyPI on the first run.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scripts/ensure-deps.sh
echo "bench: building ecs-lint and ecs-lint-bench (release)"
swift build -c release --product ecs-lint >/dev/null
swift build -c release --product ecs-lint-bench >/dev/null

venv="${BENCH_VENV:-$repo/bench/.venv}"
# `--only shapes` (the generated shapes, ecs-lint alone) needs no peers.
peers=yes
case " $* " in *" --only shapes "*|*" --only=shapes "*) peers=no ;; esac
if [ "$peers" = yes ] && { [ ! -x "$venv/bin/cfn-lint" ] || [ ! -x "$venv/bin/checkov" ]; }; then
  echo "bench: installing cfn-lint and checkov into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check cfn-lint checkov
fi

exec python3 bench/bench.py --cfn-lint "$venv/bin/cfn-lint" --checkov "$venv/bin/checkov" "$@"
