#!/usr/bin/env bash
# Installs what the browser test (ReportsInBrowserIT) drives: Debian's chromium and chromium-driver,
# at /usr/bin/chromium and /usr/bin/chromedriver. Called by `mvn verify` before the integration
# tests (exec-maven-plugin, pre-integration-test), so a fresh Debian machine with only a JDK and
# Maven runs the browser test too. Does nothing when both are already there; never downloads a
# browser of its own (Selenium Manager is told where these two are instead).
set -euo pipefail
tool=install-browser
skip=browser.skip
. "$(dirname "$0")/debian-packages.sh"

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
# Recommends are left out (about a hundred desktop packages); fonts-dejavu-core gives the charts'
# axis labels a font on a minimal image.
debian_install "the browser test" chromium chromium-driver fonts-dejavu-core
echo "$tool: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
