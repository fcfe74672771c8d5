#!/bin/sh
# Installs what the tests beyond `go test` need on Debian/Ubuntu: a real
# Secret Service (gnome-keyring + dbus) for the keyring integration test,
# and Xvfb, xdotool and ImageMagick for the smoke test and screenshots.
set -eu
EXTRA_DEB="gnome-keyring dbus dbus-x11 xvfb xauth xdotool imagemagick poppler-utils" "$(dirname "$0")/deps.sh"
