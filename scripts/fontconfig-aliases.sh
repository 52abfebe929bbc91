#!/usr/bin/env bash
# Install 中枢's fontconfig aliases (official 公文 font names → the free Debian fonts), so that a
# .docx from zhongshu opened in LibreOffice on a machine without 仿宋_GB2312, 方正小标宋简体, 黑体,
# 楷体_GB2312 or 宋体 gets the same stand-ins as the PDF, not the first CJK face fontconfig finds.
# A .docx cannot ask for them itself: LibreOffice ignores w:altName and the other font-table hints.
# As root (or through sudo): /etc/fonts/conf.d; otherwise the user's fontconfig directory.
# The file is generated from src/zhongshu/gongwen/fonts.py (typeset.docx.fontconfig_aliases).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)/src/zhongshu/gongwen/data/fontconfig/65-zhongshu-fallbacks.conf"
name="$(basename "$src")"
if [ -d /etc/fonts/conf.d ] && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
  dest="/etc/fonts/conf.d/$name"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
else
  dest="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/$name"
  sudo=""
fi
cmp -s "$src" "$dest" 2>/dev/null && exit 0
echo "Installing fontconfig aliases for the official 公文 fonts: $dest"
$sudo install -D -m 644 "$src" "$dest"
