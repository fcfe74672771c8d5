#!/bin/sh
# Runs a command and fails if it leaves behind a process of the kinds our
# tests start (X servers, D-Bus and keyring daemons, our binaries, database
# and proxy servers), pass or fail. Processes that were there before stay
# out of it.   scripts/no-leftovers.sh COMMAND [ARG ...]
set -u
kinds='Xvfb dbus-daemon gnome-keyring-d kabinet kabinetd postgres nginx haproxy smtpd exim4 wine wineserver'
# (pgrep refuses a pattern longer than 15 characters: compare names here.)
snapshot() {
	ps -eo pid=,comm= | awk -v k=" $kinds " 'index(k, " " $2 " ") { print $1 }' | sort
}
before=$(mktemp)
snapshot >"$before"
"$@"
rc=$?
# What was killed in a cleanup trap may take a moment to be reaped.
i=0
while :; do
	left=$(snapshot | comm -13 "$before" -)
	[ -z "$left" ] && break
	i=$((i + 1))
	[ $i -ge 50 ] && break
	sleep 0.1
done
rm -f "$before"
if [ -n "$left" ]; then
	echo "no-leftovers: '$*' left these processes running:" >&2
	for pid in $left; do ps -o pid=,comm=,args= -p "$pid" >&2 || true; done
	[ $rc -eq 0 ] && rc=1
fi
exit $rc
