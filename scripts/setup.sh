#!/usr/bin/env bash
# Installs everything the project needs on a Debian/Ubuntu machine, and nothing twice:
# system packages via apt (only the missing ones), then the UI's npm packages, then tauri-driver.
# Called by `make run` and `make test`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: webkit/gtk for the Tauri shell. Run/test: Xvfb, WebKitWebDriver, poppler, ImageMagick,
# xwininfo (x11-utils: the e2e specs see the system picker's window).
# Fonts: free CJK fonts for formal documents where the official ones are not installed.
APT_PACKAGES=(
  build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev libxdo-dev
  xvfb xauth x11-utils imagemagick webkit2gtk-driver poppler-utils sqlite3 faketime
  fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-ukai fonts-arphic-uming fonts-lxgw-wenkai
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f ui/package.json ]; then
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    echo "setup: installing UI packages (npm ci)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

if [ -f scripts/setup-extra.sh ]; then
  bash scripts/setup-extra.sh
fi
