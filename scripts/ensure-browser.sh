#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (Playwright drives it; no
# browser is downloaded). Installs it with apt-get when missing and we are root.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-browser: /usr/bin/chromium is missing; install the Debian packages chromium and chromium-driver" >&2
  exit 1
fi
echo "ensure-browser: installing Chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
