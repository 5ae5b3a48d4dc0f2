#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (Playwright drives it; no
# browser is downloaded), and poppler-utils (pdftotext, pdftoppm), which the document tests use
# to read and render the PDFs they make. Installs what is missing with apt-get when we are root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" = "0" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-browser: missing; install the Debian packages ${missing[*]}" >&2
  exit 1
fi
echo "ensure-browser: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
