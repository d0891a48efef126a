#!/usr/bin/env bash
# System packages the test suite needs: Chromium (browser tests, PDF briefs)
# and the fonts it renders with. Installed from Debian's package manager when
# missing; nothing is downloaded at run or test time.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  SUDO=sudo
else
  SUDO=
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is needed for the browser tests: install it with your package manager (Debian: apt-get install chromium)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
