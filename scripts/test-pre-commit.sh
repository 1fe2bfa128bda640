#!/usr/bin/env bash
# End-to-end proof of the `language: swift` pre-commit hook published in .pre-commit-hooks.yaml.
# A deliberate test, not part of `swift test`: run it with `make test-pre-commit` or
#
#   scripts/test-pre-commit.sh [REPO]        # REPO defaults to the repository holding this script
#
# What it does, all inside one temporary directory that is removed on exit (KEEP_TMP=1 keeps it):
#   1. Snapshots REPO's working tree (tracked files as they are on disk, plus untracked files
#      that are not ignored) into a throwaway git repository with one commit, so uncommitted
#      work is what gets tested.
#   2. Uses `pre-commit` from PATH, or installs pre-commit $PRE_COMMIT_VERSION (default 4.7.0)
#      into a venv: $PRE_COMMIT_VENV if set (created when missing, kept for reuse), else a
#      temporary one. PRE_COMMIT_HOME points into the temporary directory, so the user's
#      pre-commit cache is never touched.
#   3. Makes a scratch git repository holding a Fargate task definition with an invalid
#      cpu/memory pair (256/4096, rule ECS101) plus unrelated files (package.json,
#      settings.yaml, README.md), and checks that:
#      a. `pre-commit try-repo SNAPSHOT ecs-lint --all-files` fails with ECS101 on the task
#         definition and says nothing about the unrelated files;
#      b. with a .pre-commit-config.yaml pinning SNAPSHOT at its commit, `pre-commit run`
#         fails the same way, pre-commit hands ecs-lint exactly the JSON/YAML files (types_or:
#         README.md filtered out, package.json, settings.yaml and the config itself passed and
#         skipped silently by ecs-lint), and the `ecs-lint-system` hook behaves the same with the
#         freshly built binary on PATH;
#      c. after `pre-commit install`, a real `git commit` of the still-broken task definition is
#         rejected, and once memory is fixed to "512" the hook passes and the commit succeeds;
#      d. a broken task definition under a path that .ecs-lint.yaml excludes commits cleanly:
#         pre-commit names the file, and --force-exclude applies the exclude to named files;
#      e. the `ecs-lint-fix` hook rewrites a mis-cased networkMode (failing, as fixing hooks do
#         when they change files) and passes on the fixed file.
#
# How pre-commit 4 sees a local repository (why step 1 exists):
#   - A `repo:` entry in .pre-commit-config.yaml is cloned at `rev`, so the hook only ever sees
#     committed state; uncommitted edits in REPO are invisible to it.
#   - `pre-commit try-repo PATH` without `--ref` does pick up uncommitted changes: when
#     `git diff HEAD` is non-empty it clones PATH into a "shadow" repo and commits the staged
#     files plus `git add -u` (modified tracked files) there. Untracked files are NOT included,
#     so a new source file, or a .pre-commit-hooks.yaml that was never `git add`ed, is missing.
#     The snapshot in step 1 includes them.
#   - try-repo always uses a fresh store in its own temporary directory (it ignores
#     PRE_COMMIT_HOME), so it rebuilds the hook every time. The hook is therefore built twice
#     per run: once for try-repo and once into PRE_COMMIT_HOME for the config-based runs and
#     the real commits. Each build is `swift build -c release` of ecs-lint: about one to two
#     minutes on 2 cores (more on a busy machine). SKIP_TRY_REPO=1 skips step 3a and one build.
#   - Package.resolved is git-ignored here, so the hook's clone has none: SwiftPM resolves the
#     dependencies anew (newest versions allowed by Package.swift), which needs the package
#     sources to be reachable (network, or a git `insteadOf` mirror). Users of the hook get the
#     same: their build is pinned by `rev`, but dependency versions float within Package.swift's
#     ranges.
#
# Prints one final line, "test-pre-commit: PASS" or "test-pre-commit: FAIL: <reason>", and exits
# 0 on success, 1 on a failed check, 2 on a usage/setup problem.
set -euo pipefail

PRE_COMMIT_VERSION="${PRE_COMMIT_VERSION:-4.7.0}"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="${1:-$(git -C "$script_dir" rev-parse --show-toplevel)}"

status_printed=0
ticker_pid=""
tmp=""

fail() {
  echo "test-pre-commit: FAIL: $*" >&2
  status_printed=1
  exit 1
}

usage_error() {
  echo "test-pre-commit: FAIL: $*" >&2
  status_printed=1
  exit 2
}

stop_ticker() {
  if [ -n "$ticker_pid" ]; then
    kill "$ticker_pid" 2>/dev/null || true
    wait "$ticker_pid" 2>/dev/null || true
    ticker_pid=""
  fi
}

cleanup() {
  local rc=$?
  stop_ticker
  if [ "$rc" -ne 0 ] && [ "$status_printed" -eq 0 ]; then
    echo "test-pre-commit: FAIL: aborted with status $rc (see the output above)" >&2
  fi
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ]; then
      echo "kept $tmp" >&2
    else
      rm -rf "$tmp"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '==> [%4ds] %s\n' "$SECONDS" "$*"; }

# Runs a command with its output indented and saved to $1, printing a line every 30 s while
# it is quiet (swift builds inside pre-commit print nothing for minutes). Returns its status.
run_logged() {
  local log="$1"
  shift
  (
    start=$SECONDS
    nap=""
    trap 'kill $nap 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 >/dev/null 2>&1 &
      nap=$!
      wait "$nap"
      printf '    ... still running (%ds)\n' "$((SECONDS - start))"
    done
  ) &
  ticker_pid=$!
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  stop_ticker
  sed 's/^/    | /' "$log"
  return "$rc"
}

# Checks the output of a failing ecs-lint hook run.
expect_findings() {
  local log="$1" what="$2"
  grep -q -- '- exit code: 1' "$log" || fail "$what: the hook did not exit with status 1"
  grep -q 'ECS101' "$log" || fail "$what: no ECS101 in the output"
  grep -q 'deploy/web-taskdef.json' "$log" || fail "$what: the task definition is not named"
  expect_no_unrelated "$log" "$what"
}

expect_no_unrelated() {
  local log="$1" what="$2"
  if grep -nE 'package\.json|settings\.yaml|README\.md|\.pre-commit-config\.yaml' "$log"; then
    fail "$what: the output mentions an unrelated file"
  fi
}

# --- inputs -----------------------------------------------------------------------------------
[ -d "$repo" ] || usage_error "no such directory: $repo"
repo="$(cd "$repo" && pwd)"
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || usage_error "$repo is not a git repository"
[ "$(git -C "$repo" rev-parse --show-toplevel)" = "$repo" ] || usage_error "$repo is not the top of a git repository"
[ -f "$repo/Package.swift" ] || usage_error "$repo has no Package.swift"
[ -f "$repo/.pre-commit-hooks.yaml" ] || usage_error "$repo has no .pre-commit-hooks.yaml"
command -v swift >/dev/null 2>&1 || usage_error "swift is not on PATH (the swift hook builds with it)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ecs-lint-pre-commit.XXXXXX")"
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
# Fixed identity for the throwaway commits; nothing here reads the user's git identity.
export GIT_AUTHOR_NAME="ecs-lint test" GIT_AUTHOR_EMAIL="ecs-lint-test@example.invalid"
export GIT_COMMITTER_NAME="ecs-lint test" GIT_COMMITTER_EMAIL="ecs-lint-test@example.invalid"
unset SKIP PRE_COMMIT_ALLOW_NO_CONFIG PRE_COMMIT_NO_CONCURRENCY GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# git in the throwaway repositories, without the user's global config (core.hooksPath,
# commit signing, templates). System config stays, and with it any insteadOf mirrors.
sgit() { GIT_CONFIG_GLOBAL=/dev/null git -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# --- 1. snapshot ------------------------------------------------------------------------------
snap="$tmp/ecs-lint-snapshot"
head_desc="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=normal)" ]; then
  head_desc="$head_desc + uncommitted changes"
fi
step "snapshot of $repo ($head_desc) -> $snap"
mkdir -p "$snap"
(
  cd "$repo"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done |
    tar --null --no-recursion -T - -cf -
) | tar -C "$snap" -xf -
sgit -C "$snap" init -q
sgit -C "$snap" add -A
sgit -C "$snap" commit -q -m "ecs-lint working tree snapshot ($head_desc)"
rev="$(git -C "$snap" rev-parse HEAD)"
grep -q -- '--force-exclude' "$snap/.pre-commit-hooks.yaml" ||
  echo "    note: this .pre-commit-hooks.yaml does not pass --force-exclude"
echo "    $(git -C "$snap" ls-files | wc -l | tr -d ' ') files, commit $rev"

# --- 2. pre-commit ----------------------------------------------------------------------------
if command -v pre-commit >/dev/null 2>&1; then
  pre_commit="$(command -v pre-commit)"
  step "using $pre_commit"
else
  venv="${PRE_COMMIT_VENV:-$tmp/venv}"
  if [ ! -x "$venv/bin/pre-commit" ]; then
    step "installing pre-commit==$PRE_COMMIT_VERSION into $venv"
    command -v python3 >/dev/null 2>&1 || usage_error "python3 is not on PATH"
    python3 -m venv "$venv" || usage_error "python3 -m venv failed"
    "$venv/bin/pip" install -q --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION" ||
      usage_error "pip install pre-commit==$PRE_COMMIT_VERSION failed"
  fi
  pre_commit="$venv/bin/pre-commit"
fi
echo "    $("$pre_commit" --version)"

# --- 3. scratch repository with a broken task definition ------------------------------------
work="$tmp/scratch"
step "scratch repository $work"
mkdir -p "$work/deploy"
write_taskdef() { # $1 = image tag, $2 = memory
  cat >"$work/deploy/web-taskdef.json" <<EOF
{
  "family": "web",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "256",
  "memory": "$2",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "public.ecr.aws/nginx/nginx:$1",
      "essential": true
    }
  ]
}
EOF
}
write_taskdef 1.27 4096
cat >"$work/package.json" <<'EOF'
{
  "name": "web-frontend",
  "version": "1.0.0",
  "private": true,
  "scripts": {"build": "vite build", "test": "vitest"}
}
EOF
cat >"$work/settings.yaml" <<'EOF'
log_level: info
retries: 3
endpoints:
  - name: api
    url: http://localhost:8080
EOF
printf '# web\n\nDeploys the web task. Configuration lives in settings.yaml and package.json.\n' >"$work/README.md"
sgit -C "$work" init -q
sgit -C "$work" add -A
sgit -C "$work" commit -q -m "web service with a broken task definition"
cd "$work"

# --- 3a. try-repo -----------------------------------------------------------------------------
if [ "${SKIP_TRY_REPO:-0}" = 1 ]; then
  step "SKIP_TRY_REPO=1: skipping pre-commit try-repo"
else
  step "pre-commit try-repo SNAPSHOT ecs-lint --all-files (builds the hook: swift build -c release, a minute or more)"
  rc=0
  run_logged "$tmp/try-repo.log" "$pre_commit" try-repo "$snap" ecs-lint --ref "$rev" --all-files --color never || rc=$?
  [ "$rc" -eq 1 ] || fail "try-repo: expected status 1 (hook failed), got $rc"
  expect_findings "$tmp/try-repo.log" "try-repo"
  echo "    ok: try-repo fails with ECS101 on deploy/web-taskdef.json only"
fi

# --- 3b. config pinning the snapshot ----------------------------------------------------------
cat >"$work/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $snap
    rev: $rev
    hooks:
      - id: ecs-lint
      # The fixing hook of the same repository (same build); run by hand below.
      - id: ecs-lint-fix
        stages: [manual]
  - repo: local
    hooks:
      # Shows which files a json/yaml hook receives (manual stage: never runs on commit).
      - id: list-json-yaml
        name: files a types_or [json, yaml] hook receives
        entry: printf '%s\n'
        language: system
        types_or: [json, yaml]
        require_serial: true
        verbose: true
        stages: [manual]
EOF
sgit add .pre-commit-config.yaml # staged, so --all-files (git ls-files) includes it

step "pre-commit install-hooks (builds the hook again, into PRE_COMMIT_HOME)"
run_logged "$tmp/install-hooks.log" "$pre_commit" install-hooks ||
  fail "pre-commit install-hooks failed"
step "pre-commit install (git pre-commit hook in the scratch repository)"
run_logged "$tmp/install.log" env GIT_CONFIG_GLOBAL=/dev/null "$pre_commit" install ||
  fail "pre-commit install failed"

step "files handed to a types_or [json, yaml] hook"
run_logged "$tmp/list.log" "$pre_commit" run list-json-yaml --hook-stage manual --all-files --color never ||
  fail "the file-listing hook failed"
listed="$(grep -E '^[^ ].*\.(json|yaml|md)$' "$tmp/list.log" | sort | tr '\n' ' ')"
[ "$listed" = ".pre-commit-config.yaml deploy/web-taskdef.json package.json settings.yaml " ] ||
  fail "unexpected file list: $listed"
echo "    ok: README.md filtered by pre-commit; package.json, settings.yaml and .pre-commit-config.yaml reach ecs-lint"

step "pre-commit run ecs-lint --all-files (broken task definition)"
rc=0
run_logged "$tmp/run-bad.log" "$pre_commit" run ecs-lint --all-files --color never || rc=$?
[ "$rc" -eq 1 ] || fail "pre-commit run: expected status 1, got $rc"
expect_findings "$tmp/run-bad.log" "pre-commit run"
echo "    ok: fails with ECS101; unrelated JSON/YAML files skipped silently"

# The swift hook's environment is <clone>/swift_env-default; pre-commit puts its .build/release
# on PATH when running the hook, and so does this check of the system hook.
bin_dir=""
for env_dir in "$PRE_COMMIT_HOME"/repo*/swift_env-*; do
  if [ -x "$env_dir/.build/release/ecs-lint" ]; then bin_dir="$env_dir/.build/release"; fi
done
[ -n "$bin_dir" ] || fail "no swift_env-*/.build/release/ecs-lint under $PRE_COMMIT_HOME"
step "pre-commit try-repo SNAPSHOT ecs-lint-system (with the built ecs-lint on PATH)"
rc=0
run_logged "$tmp/system.log" env PATH="$bin_dir:$PATH" \
  "$pre_commit" try-repo "$snap" ecs-lint-system --ref "$rev" --all-files --color never || rc=$?
[ "$rc" -eq 1 ] || fail "ecs-lint-system: expected status 1, got $rc"
expect_findings "$tmp/system.log" "ecs-lint-system"
echo "    ok: the system hook fails the same way"

# --- 3c. real commits -------------------------------------------------------------------------
step "git commit of a still-broken task definition (must be rejected)"
write_taskdef 1.27.3 4096
before="$(git rev-parse HEAD)"
sgit add -A
rc=0
run_logged "$tmp/commit-bad.log" sgit commit -m "bump nginx" || rc=$?
[ "$rc" -ne 0 ] || fail "the commit with the broken task definition was accepted"
[ "$(git rev-parse HEAD)" = "$before" ] || fail "HEAD moved although the commit was rejected"
expect_findings "$tmp/commit-bad.log" "git commit"
echo "    ok: commit rejected by the ecs-lint hook"

step "fix memory to \"512\"; pre-commit run ecs-lint --all-files (must pass)"
write_taskdef 1.27.3 512
rc=0
run_logged "$tmp/run-good.log" "$pre_commit" run ecs-lint --all-files --color never || rc=$?
[ "$rc" -eq 0 ] || fail "pre-commit run on the fixed task definition: expected status 0, got $rc"
grep -qE '^ecs-lint\.+Passed' "$tmp/run-good.log" || fail "pre-commit run: no 'ecs-lint...Passed' line"
expect_no_unrelated "$tmp/run-good.log" "pre-commit run (fixed)"

step "git commit of the fixed task definition (must succeed)"
sgit add -A
rc=0
run_logged "$tmp/commit-good.log" sgit commit -m "bump nginx; valid Fargate memory" || rc=$?
[ "$rc" -eq 0 ] || fail "the commit with the fixed task definition was rejected"
[ "$(git rev-parse HEAD)" != "$before" ] || fail "HEAD did not move"
grep -qE '^ecs-lint\.+Passed' "$tmp/commit-good.log" || fail "git commit: the ecs-lint hook did not run"
git show HEAD:deploy/web-taskdef.json | grep -q '"memory": "512"' || fail "the commit does not hold the fix"
echo "    ok: $(git log --oneline -1)"

step "a broken task definition under an excluded path (.ecs-lint.yaml exclude + --force-exclude): commit must succeed"
mkdir -p "$work/legacy"
sed 's/"memory": "512"/"memory": "4096"/' "$work/deploy/web-taskdef.json" >"$work/legacy/old-taskdef.json"
printf 'exclude: ["legacy/**"]\n' >"$work/.ecs-lint.yaml"
sgit add -A
rc=0
run_logged "$tmp/commit-excluded.log" sgit commit -m "keep the legacy task definition, excluded from linting" || rc=$?
[ "$rc" -eq 0 ] || fail "the commit of an excluded file was rejected: pre-commit passes it by name, so --force-exclude must apply the exclude"
grep -qE '^ecs-lint\.+Passed' "$tmp/commit-excluded.log" || fail "git commit: the ecs-lint hook did not run on the excluded file"
echo "    ok: legacy/old-taskdef.json excluded by the configuration"

# --- 3e. the fixing hook ----------------------------------------------------------------------
step "pre-commit run ecs-lint-fix on a mis-cased network mode (must fix it, then pass)"
sed 's/"networkMode": "awsvpc"/"networkMode": "AWSVPC"/' "$work/deploy/web-taskdef.json" >"$work/deploy/api-taskdef.json"
sed -i 's/"family": "web"/"family": "api"/' "$work/deploy/api-taskdef.json"
sgit add -A
rc=0
run_logged "$tmp/fix.log" "$pre_commit" run ecs-lint-fix --hook-stage manual --all-files --color never || rc=$?
[ "$rc" -eq 1 ] || fail "ecs-lint-fix: expected status 1 (files were modified), got $rc"
grep -q '"networkMode": "awsvpc"' "$work/deploy/api-taskdef.json" || fail "ecs-lint-fix did not fix the network mode"
sgit add -A
rc=0
run_logged "$tmp/fix-again.log" "$pre_commit" run ecs-lint-fix --hook-stage manual --all-files --color never || rc=$?
[ "$rc" -eq 0 ] || fail "ecs-lint-fix on the fixed files: expected status 0, got $rc"
echo "    ok: the fixing hook repairs the file, and passes on the repaired file"

status_printed=1
echo "test-pre-commit: PASS ($("$pre_commit" --version), hook built from $head_desc, ${SECONDS}s)"
