#!/usr/bin/env bash
# Issue 1 000 notices through Desk::issue_document and compare, in the same run, with
# LibreOffice converting the equivalent .fodt to PDF (what offices do today with a Word/WPS
# template). Installs LibreOffice Writer (headless, no GUI) only if missing: the tests never
# need it, so it is not in scripts/setup.sh. Figures: docs/performance.md, "Documents".
#   NOTICES=1000 BASELINE_RUNS=10 bash bench/notices-baseline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/xinfang-target}"

if ! command -v soffice >/dev/null 2>&1; then
  echo "notices-baseline: installing LibreOffice Writer (headless)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui >/dev/null
fi
bash scripts/setup.sh
cargo bench --bench notices
