#!/usr/bin/env bash
# End-to-end tests of the desktop app: builds the UI and the app (debug), starts Xvfb when there is
# no display, and runs tests/e2e with Node's test runner. Each test starts its own tauri-driver,
# WebKitWebDriver and app on its own fresh database. Everything started here is stopped on exit.
#
#   scripts/e2e.sh                 # all tests
#   scripts/e2e.sh specs/cases.test.mjs   # one file (relative to tests/e2e)
#   E2E_NO_BUILD=1 scripts/e2e.sh  # skip the builds (already built)
#   E2E_KEEP=1                     # keep each test's temporary folder (database, driver log)
#   scripts/e2e.sh --screenshots   # instead of testing: the README's screenshots into docs/img/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/xinfang-target}"
export XINFANG_DESK_BIN="${XINFANG_DESK_BIN:-$CARGO_TARGET_DIR/debug/xinfang-desk}"
export XINFANG_CLI_BIN="${XINFANG_CLI_BIN:-$CARGO_TARGET_DIR/debug/xinfang}"

for tool in tauri-driver WebKitWebDriver Xvfb node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool is missing: run scripts/setup.sh first" >&2; exit 1; }
done

XVFB_PID=""
cleanup() {
  # Only what this script started: Xvfb (tests stop their own drivers and apps).
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

if [ -z "${E2E_NO_BUILD:-}" ]; then
  echo "e2e: building the UI"
  [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  (cd ui && npm run build --silent)
  echo "e2e: building the app and the CLI (cargo build -p xinfang-desk -p xinfang)"
  cargo build -p xinfang-desk -p xinfang
  cargo build -p xinfang --example sheet_rows
fi
[ -d tests/e2e/node_modules ] || (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${DISPLAY:-}" ]; then
  # A free display number: the first without a lock file.
  n=99
  while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$n"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  [ -e "/tmp/.X11-unix/X$n" ] || { echo "e2e: Xvfb did not start on $DISPLAY" >&2; exit 1; }
  echo "e2e: started Xvfb on $DISPLAY"
fi

if [ "${1:-}" = "--screenshots" ]; then
  (cd tests/e2e && node tools/screenshots.mjs "$ROOT/docs/img")
  exit 0
fi

rm -rf tests/e2e/artifacts tests/e2e/artifacts-first-try-*
cd tests/e2e
start=$(date +%s)
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(specs/*.test.mjs)
# One spec file at a time; a file that fails is run once more, because on a loaded 2-core
# machine WebKit now and then paints nothing for a few seconds. Its first failure's
# screenshot stays in artifacts/ and the retry is reported, so real failures still fail.
rc=0
set +e
for spec in "${specs[@]}"; do
  node --test --test-concurrency=1 --test-reporter=spec "$spec"
  if [ $? -ne 0 ]; then
    echo "e2e: $spec failed; running it once more"
    mkdir -p artifacts && mv artifacts "artifacts-first-try-$(basename "$spec")" 2>/dev/null
    node --test --test-concurrency=1 --test-reporter=spec "$spec" || rc=1
  fi
done
set -e
echo "e2e: finished in $(( $(date +%s) - start )) s (exit $rc)"
[ "$rc" -eq 0 ] || echo "e2e: screenshots of failures are in $ROOT/tests/e2e/artifacts/"
exit "$rc"
