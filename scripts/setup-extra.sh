#!/usr/bin/env bash
# Extra setup for the desktop app (called at the end of scripts/setup.sh; safe to run again):
# tauri-driver (the WebDriver bridge the end-to-end tests drive the real window through)
# and the end-to-end tests' own npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_DRIVER_VERSION=2.1.0
# tauri-driver has no --version: ask cargo what it installed.
if ! command -v tauri-driver >/dev/null 2>&1 \
  || ! cargo install --list 2>/dev/null | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
  echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION (cargo install)"
  # Its own target dir, so it neither waits on nor pollutes the project's build lock.
  CARGO_TARGET_DIR="${TMPDIR:-/tmp}/tauri-driver-build" \
    cargo install "tauri-driver@$TAURI_DRIVER_VERSION" --locked --quiet
  rm -rf "${TMPDIR:-/tmp}/tauri-driver-build"
fi

if [ -f tests/e2e/package.json ]; then
  if [ ! -d tests/e2e/node_modules ] \
    || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    echo "setup: installing end-to-end test packages (npm ci)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
