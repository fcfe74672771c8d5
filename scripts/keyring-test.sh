#!/bin/sh
# Runs the keyring integration tests against a real Secret Service:
# gnome-keyring in a private D-Bus session, once unlocked (the IIN
# round-trips) and once with no unlocked collection (calls must fail fast
# with "keyring unavailable", never hang or crash).
set -eu
cd "$(dirname "$0")/.."

if [ "$(uname -s)" != Linux ]; then
	echo "keyring-test: the Secret Service test runs on Linux only; skipped"; exit 0
fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		EXTRA_DEB="gnome-keyring dbus" ./scripts/deps.sh || true
	fi
fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then echo "keyring-test: gnome-keyring/dbus missing" >&2; exit 1; fi
	echo "keyring-test: gnome-keyring or dbus-run-session not installed; skipped (make test-deps)"; exit 0
fi

# The tests run with a throw-away HOME (a fresh keyring); keep Go's own
# caches where they are, or go would download and build everything again.
GOPATH=$(go env GOPATH); GOMODCACHE=$(go env GOMODCACHE); GOCACHE=$(go env GOCACHE)
export GOPATH GOMODCACHE GOCACHE
home=$(mktemp -d)
home2=$(mktemp -d)
# stop_daemons ends every process that runs with one of our throw-away
# HOMEs: gnome-keyring-daemon forks away from dbus-run-session and
# outlives it (so did its dbus-daemon), one pair per run.
stop_daemons() {
	for pid in $(ps -eo pid=,comm= | awk '$2 == "gnome-keyring-d" || $2 == "dbus-daemon" { print $1 }'); do
		for h in "$home" "$home2"; do
			if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "HOME=$h"; then
				kill "$pid" 2>/dev/null || true
			fi
		done
	done
}
cleanup() { stop_daemons; rm -rf "$home" "$home2"; }
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM
mkdir -p "$home/.local/share/keyrings" "$home/.cache"
GO=${GO:-go}

echo "keyring-test: unlocked Secret Service"
HOME=$home XDG_DATA_HOME=$home/.local/share dbus-run-session -- sh -c '
	echo -n kabinet-test-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	'"$GO"' test -race -count=1 -tags "ci keyring_integration" -run "TestKeyringIntegration" ./app/
'

stop_daemons
mkdir -p "$home2/.local/share/keyrings"
echo "keyring-test: locked Secret Service (no unlocked collection)"
HOME=$home2 XDG_DATA_HOME=$home2/.local/share dbus-run-session -- sh -c '
	gnome-keyring-daemon --start --components=secrets >/dev/null
	'"$GO"' test -race -count=1 -tags "ci keyring_locked" -run "TestKeyringLocked|TestKeyringWithoutSecretService" ./app/
'
