#!/usr/bin/env bash
# The crash campaign: the CLI killed with SIGKILL at random moments while it registers, issues,
# imports and backs up, RUNS times per operation (tests/crash.rs; the test suite runs a few).
# Prints the seed and, per operation, the runs, the kills and the acknowledged writes checked.
# Figures: docs/reliability.md, "Crash tests".
#   RUNS=100 bash bench/crash-campaign.sh        XINFANG_CRASH_SEED=… repeats a campaign
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/xinfang-target}"
bash scripts/setup.sh
XINFANG_CRASH_RUNS="${RUNS:-100}" cargo test --test crash -- --nocapture --test-threads=1 2>&1 \
  | grep -E "^crash:|test result|panicked|FAILED"
