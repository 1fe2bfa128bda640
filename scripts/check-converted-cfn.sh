#!/usr/bin/env bash
# Converts every ECS JSON and CloudFormation file of the corpus to CloudFormation YAML and JSON
# with `ecs-lint convert` and runs cfn-lint on the output (docs/convert.md, "cfn-lint"). Errors the
# source already has are inherited; an error the conversion introduces fails the run (exit 1).
#
#   scripts/check-converted-cfn.sh [--formats cfn-yaml,cfn-json]
#
# cfn-lint is installed from PyPI into a virtual environment (CFN_LINT_VENV, default
# .build/cfn-lint-venv), never as a dependency of ecs-lint. Without python3 or network access to
# PyPI the check is skipped (exit 0, with a message). CORPUS overrides ../shared/corpus.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
corpus="${CORPUS:-$repo/../shared/corpus}"
venv="${CFN_LINT_VENV:-$repo/.build/cfn-lint-venv}"

if [ ! -d "$corpus" ]; then
  echo "check-converted-cfn: skipped: no corpus at $corpus" >&2
  exit 0
fi
if [ ! -x "$venv/bin/cfn-lint" ]; then
  echo "check-converted-cfn: installing cfn-lint into $venv" >&2
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check cfn-lint; }; then
    echo "check-converted-cfn: skipped: cfn-lint could not be installed (python3 with venv and PyPI access are needed)" >&2
    exit 0
  fi
fi
echo "check-converted-cfn: $("$venv/bin/cfn-lint" --version); building ecs-lint" >&2
swift build --product ecs-lint >/dev/null
exec python3 scripts/check-converted-cfn.py --ecs-lint .build/debug/ecs-lint --cfn-lint "$venv/bin/cfn-lint" \
  --corpus "$corpus" --schema rules/data/ecs-schema.json --work .build/convert-check "$@"
