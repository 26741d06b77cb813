#!/usr/bin/env bash
# Draws the application icon (a red rounded square with a white 信) and writes every size Tauri
# needs. Needs ImageMagick and fonts-noto-cjk. The outputs are committed; run again only to change
# the design.
set -euo pipefail
cd "$(dirname "$0")"
FONT=Noto-Sans-CJK-SC-Bold
convert -size 1024x1024 xc:none \
  -fill '#c8102e' -draw 'roundrectangle 64,64 959,959 180,180' \
  -font "$FONT" -pointsize 640 -fill white -gravity center -annotate +0+20 '信' \
  -depth 8 PNG32:icon.png
for s in 32 64 128 256; do convert icon.png -resize ${s}x${s} -depth 8 PNG32:${s}x${s}.png; done
convert icon.png -resize 256x256 -depth 8 PNG32:128x128@2x.png
rm -f 64x64.png 256x256.png
convert icon.png -depth 8 -define icon:auto-resize=256,128,64,48,32,16 icon.ico
