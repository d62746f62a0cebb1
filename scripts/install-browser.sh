#!/usr/bin/env bash
# Installs what the browser test (ReportsInBrowserIT) drives: Debian's chromium and chromium-driver,
# at /usr/bin/chromium and /usr/bin/chromedriver. Called by `mvn verify` before the integration
# tests (exec-maven-plugin, pre-integration-test), so a fresh Debian machine with only a JDK and
# Maven runs the browser test too. Does nothing when both are already there; never downloads a
# browser of its own (Selenium Manager is told where these two are instead).
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium and its ChromeDriver as /usr/bin/chromium and /usr/bin/chromedriver, or skip with -Dbrowser.skip=true" >&2
  exit 1
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
    echo "install-browser: chromium and chromium-driver are missing and this user cannot install them; run: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
  run_as_root=(sudo -n)
fi
echo "install-browser: installing Debian's chromium and chromium-driver for the browser test"
export DEBIAN_FRONTEND=noninteractive
# Recommends are left out (about a hundred desktop packages); fonts-dejavu-core gives the charts'
# axis labels a font on a minimal image.
"${run_as_root[@]}" apt-get -qq update
"${run_as_root[@]}" apt-get -qq install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
