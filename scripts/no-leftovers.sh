#!/bin/sh
# Runs a command and fails if it leaves behind a process of the kinds our
# tests start (X servers, D-Bus and keyring daemons, our binaries, database
# and proxy servers, SMTP servers), pass or fail.
#   scripts/no-leftovers.sh COMMAND [ARG ...]
# Only processes of this run count: each carries KABINET_LEFTOVER_MARK in
# its environment (inherited from here), so other work on the machine,
# before or during the run, is left out of it.
set -u
kinds=' Xvfb dbus-daemon gnome-keyring-d kabinet kabinetd postgres nginx haproxy smtpd exim4 wine wineserver '
mark="KABINET_LEFTOVER_MARK=$$-$(date +%s%N)"
export KABINET_LEFTOVER_MARK="${mark#*=}"
ours() {
	# (pgrep refuses a pattern longer than 15 characters: compare names here.)
	ps -eo pid=,comm= | awk -v k="$kinds" 'index(k, " " $2 " ") { print $1 }' | while read -r pid; do
		if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "$mark"; then
			echo "$pid"
		fi
	done
}
"$@"
rc=$?
# What was killed in a cleanup trap may take a moment to be reaped.
i=0
while :; do
	left=$(ours)
	[ -z "$left" ] && break
	i=$((i + 1))
	[ $i -ge 50 ] && break
	sleep 0.1
done
if [ -n "$left" ]; then
	echo "no-leftovers: '$*' left these processes running:" >&2
	for pid in $left; do ps -o pid=,comm=,args= -p "$pid" >&2 || true; done
	[ $rc -eq 0 ] && rc=1
fi
exit $rc
