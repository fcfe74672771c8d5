#!/bin/sh
# Installs what the tests beyond `go test` need on Debian/Ubuntu: a real
# Secret Service (gnome-keyring + dbus) for the keyring integration test,
# PostgreSQL and nginx for the tests on that engine and behind a proxy (scripts/pg-test.sh),
# Xvfb, xdotool and ImageMagick for the smoke test and screenshots,
# OpenSSL with its GOST engine, the independent oracle of eds/gost tests,
# a real SMTP server (python3-aiosmtpd) for the e-mail tests of kabinetd,
# the sqlite3 shell, the baseline of the import benchmark,
# Node.js with npm for the OpenAPI linter of `make lint`
# (scripts/openapi-deps.sh), and 7z and rpm for the package test (make
# package installs its own tools).
set -eu
here="$(dirname "$0")"
node_deb=""
# A node that is already there (e.g. from NodeSource, which bundles npm)
# is kept: Debian's npm package would conflict with it.
command -v npm >/dev/null 2>&1 || node_deb="nodejs npm"
EXTRA_DEB="gnome-keyring dbus dbus-x11 xvfb xauth xdotool imagemagick poppler-utils openssl libengine-gost-openssl p7zip-full rpm postgresql nginx python3-aiosmtpd sqlite3 $node_deb" "$here/deps.sh"
"$here/openapi-deps.sh"
