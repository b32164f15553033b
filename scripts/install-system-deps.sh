#!/bin/sh
# Install the Debian packages that `make run` (argument "run") or `make test` (argument
# "test") needs and that are missing. Runs apt-get only as root; otherwise it prints the
# command to run.
set -eu

want="fonts-noto-cjk libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libdbus-1-3 libfontconfig1"
if [ "${1:-run}" = test ]; then
    want="$want openssh-server openssh-client postgresql"
fi

missing=""
for pkg in $want; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: missing packages:$missing (no apt-get here: install them by hand)" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: missing packages:$missing" >&2
    echo "install-system-deps: run: sudo apt-get install$missing" >&2
    exit 1
fi
echo "install-system-deps: installing$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
