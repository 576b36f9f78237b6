#!/usr/bin/env bash
# Finds a Chromium for the e2e step: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own cache.
# When none is found and this runs as root on a Debian-like system, installs Debian's chromium; otherwise
# stops with one line saying how to get one.
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] && exit 0
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi
[[ -x /usr/bin/chromium ]] && exit 0
cache="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"
compgen -G "$cache/chromium-*" > /dev/null && exit 0

if [[ "$(id -u)" == "0" ]] && command -v apt-get > /dev/null; then
  echo "[test] no Chromium found: installing Debian's chromium with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  [[ -x /usr/bin/chromium ]] && exit 0
fi
echo "e2e needs Chromium: install Debian's 'chromium' package (apt-get install chromium), run 'npx playwright install chromium', or set CHROMIUM_PATH." >&2
exit 1
