#!/bin/sh
# Installs the system libraries Fyne needs to build the desktop window
# (cgo + OpenGL + X11 headers), only those that are missing.
# Debian/Ubuntu (apt), Fedora/RHEL (dnf); macOS and Windows need none.
set -eu

sudo_cmd() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
		echo "deps: need root or sudo to install: $*" >&2; return 1; fi
}

case "$(uname -s)" in
Darwin)
	xcode-select -p >/dev/null 2>&1 || { echo "deps: install the Xcode command line tools: xcode-select --install" >&2; exit 1; }
	exit 0 ;;
Linux) ;;
*) exit 0 ;;
esac

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	pkgs="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev ${EXTRA_DEB:-}"
	missing=""
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && exit 0
	echo "deps: installing$missing"
	sudo_cmd apt-get update -qq
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
elif command -v rpm >/dev/null 2>&1 && command -v dnf >/dev/null 2>&1; then
	pkgs="gcc pkgconf-pkg-config mesa-libGL-devel libX11-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel ${EXTRA_RPM:-}"
	missing=""
	for p in $pkgs; do rpm -q "$p" >/dev/null 2>&1 || missing="$missing $p"; done
	[ -z "$missing" ] && exit 0
	echo "deps: installing$missing"
	sudo_cmd dnf install -y $missing
else
	echo "deps: unknown Linux distribution; install the OpenGL and X11 development headers (see README)" >&2
fi
