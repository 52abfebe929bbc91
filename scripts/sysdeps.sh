#!/usr/bin/env bash
# Install the Debian packages named in the arguments when any is missing.
# On Debian/Ubuntu: apt-get (as root, or through sudo). Elsewhere: say exactly what to install,
# and fail, so that a missing font or browser is never discovered halfway through a test run.
set -euo pipefail
[ $# -eq 0 ] && exit 0
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
else
  missing=("$@")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "中枢 needs these packages (Debian names): ${missing[*]}" >&2
  echo "Install their equivalents with your system's package manager, then run make again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Missing Debian packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get update -q >/dev/null; then
  echo "apt-get update failed; check the network and /etc/apt/sources.list, then run make again." >&2
  exit 1
fi
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
