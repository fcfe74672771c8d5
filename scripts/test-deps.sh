#!/bin/sh
# Installs what the tests beyond `go test` need on Debian/Ubuntu: a real
# Secret Service (gnome-keyring + dbus) for the keyring integration test,
# Xvfb, xdotool and ImageMagick for the smoke test and screenshots, and
# OpenSSL with its GOST engine, the independent oracle of eds/gost tests.
set -eu
EXTRA_DEB="gnome-keyring dbus dbus-x11 xvfb xauth xdotool imagemagick poppler-utils openssl libengine-gost-openssl" "$(dirname "$0")/deps.sh"
