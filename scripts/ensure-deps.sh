#!/usr/bin/env bash
# Installs the system libraries ecs-lint links against (libyaml, PCRE2) and pkg-config when
# they are missing, and patch(1), with which the tests apply `--diff` output. Debian/Ubuntu only;
# elsewhere it says what to install.
set -euo pipefail
packages=""
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists yaml-0.1 libpcre2-8; }; then
  packages="libyaml-dev libpcre2-dev pkg-config"
fi
if ! command -v patch >/dev/null 2>&1; then
  packages="$packages patch"
fi
if [ -z "$packages" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ecs-lint needs libyaml, PCRE2 (8-bit) and pkg-config (and patch for its tests); install them with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "installing $packages" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
