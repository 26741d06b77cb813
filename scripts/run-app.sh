#!/usr/bin/env bash
# Runs Xinfang Desk: builds the UI and the desktop app (release) and opens the window on the
# default database, or the one XINFANG_DB names. With no display it says so and runs the headless
# demo instead: a demo office in a scratch database, then its due list.
#
#   scripts/run-app.sh                       # the window, default database
#   XINFANG_DB=/path/office.sqlite scripts/run-app.sh
#   RUN_APP_PROFILE=debug scripts/run-app.sh # a debug build (shares the e2e tests' build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/xinfang-target}"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "没有图形显示（DISPLAY 未设置），无法打开窗口：改为运行命令行演示。"
  echo "No display (DISPLAY is not set): running the headless demo instead."
  demo_db="${XINFANG_DEMO_DB:-${TMPDIR:-/tmp}/xinfang-demo.sqlite}"
  rm -f "$demo_db" "$demo_db-wal" "$demo_db-shm"
  cargo build --release --quiet -p xinfang
  cli="$CARGO_TARGET_DIR/release/xinfang"
  "$cli" --db "$demo_db" demo
  echo
  echo "今日到期与超期（前 20 件，以演示账号 zhangwd 局领导 查看）："
  XINFANG_USER=zhangwd XINFANG_PASSWORD=xinfang-demo "$cli" --db "$demo_db" due --limit 20
  echo
  echo "演示数据库：$demo_db（可用 XINFANG_DB=$demo_db 在有显示的机器上打开窗口）"
  exit 0
fi

echo "run-app: building the UI"
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
(cd ui && npm run build --silent)

if [ "${RUN_APP_PROFILE:-release}" = "debug" ]; then
  echo "run-app: building the app (debug)"
  cargo build -p xinfang-desk
  app="$CARGO_TARGET_DIR/debug/xinfang-desk"
else
  echo "run-app: building the app (release; the first build takes several minutes)"
  cargo build --release -p xinfang-desk --features custom-protocol
  app="$CARGO_TARGET_DIR/release/xinfang-desk"
fi

echo "run-app: opening the window on ${XINFANG_DB:-the default database}"
exec "$app"
