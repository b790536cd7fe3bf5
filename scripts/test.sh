#!/usr/bin/env bash
# Installs what is needed, builds everything with warnings as errors, and runs every test
# (unit, golden, CLI integration, crash safety: 50 SIGKILLs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2 --timeout 1200
