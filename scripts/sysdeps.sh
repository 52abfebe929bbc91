#!/usr/bin/env bash
# Install the Debian packages named in the arguments when any is missing.
# On Debian as root: apt-get. Elsewhere: say exactly what to install, and fail.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "中枢 needs these packages (Debian names): ${missing[*]}" >&2
  echo "Install their equivalents with your system's package manager, then run make again." >&2
  exit 1
fi
