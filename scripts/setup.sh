#!/usr/bin/env bash
# Installs the Debian 12 packages storyline builds with. Idempotent: when everything is present
# it only checks and returns (well under a second).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev libstemmer-dev libzstd-dev libxxhash-dev libsqlite3-dev sqlite3
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libcld2-dev libuchardet-dev zlib1g-dev
  libstreamvbyte-dev libxapian-dev libgtest-dev libgmock-dev libbenchmark-dev
  libxml2-dev python3 python3-numpy python3-sklearn
  libdeflate-dev libbrotli-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
