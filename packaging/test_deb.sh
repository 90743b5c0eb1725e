#!/usr/bin/env bash
# Install the .deb into a temporary root (dpkg -x, no root needed) and run its selftest there.
set -euo pipefail
# No pipes into grep -q / head: under pipefail the writer's SIGPIPE fails the script (exit 141).
debs=(dist/annotary_*_amd64.deb)
deb=${debs[0]}
test -f "$deb"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
test "$(dpkg-deb --field "$deb" Package)" = annotary
dpkg -x "$deb" "$root"
test -L "$root/usr/bin/annotary"
test "$(readlink "$root/usr/bin/annotary")" = /opt/annotary/annotary
grep -q "MimeType=application/x-annotary;" "$root/usr/share/applications/annotary.desktop"
grep -q 'glob pattern="\*.annotary"' "$root/usr/share/mime/packages/annotary.xml"
test -f "$root/usr/share/icons/hicolor/scalable/apps/annotary.svg"
ANNOTARY_HOME="$root/home" QT_QPA_PLATFORM=offscreen "$root/opt/annotary/annotary" selftest
echo "deb: installed into a temporary root and its selftest passed"
