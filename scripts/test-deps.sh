#!/bin/sh
# Installs what the tests beyond `go test` need on Debian/Ubuntu: a real
# Secret Service (gnome-keyring + dbus) for the keyring integration test,
# Xvfb, xdotool and ImageMagick for the smoke test and screenshots, and
# 7z and rpm for the package test (make package installs its own tools).
set -eu
EXTRA_DEB="gnome-keyring dbus dbus-x11 xvfb xauth xdotool imagemagick poppler-utils p7zip-full rpm" "$(dirname "$0")/deps.sh"
