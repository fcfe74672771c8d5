#!/bin/sh
# Start-up benchmark: time from exec to the first window being mapped, and
# resident memory 3 s later, for kabinet and for a bare one-window Fyne
# program built in the same run (the baseline). Kabinet is measured twice
# per round: its first start on an empty data folder (the bundled service
# creates the demo data and issues the demo EDS keys) and the next start
# on a folder a first start left (the login screen of every later day).
# Rounds interleave the three, so that a machine busy with other work slows
# them alike, and round i runs them in the (i mod 6)-th of their six orders,
# so that no variant always follows another (a kabinet start right after a
# kabinet start finds its files in the page cache, bare does not). Before
# the rounds, one unmeasured start of bare and one first start of kabinet
# warm the caches and leave the data folder of round 0's login screen.
# Prints medians over N rounds, the ratios to bare and whether the targets
# are met (exit status 0 either way: figures, not a test).
#   bench/startup.sh [N]     (default 5)
# Targets: memory at most 1.2x bare at the login screen, 1.5x on the first
# start; window time at most 1.2x bare.
set -eu
cd "$(dirname "$0")/.."
n=${1:-5}
mkdir -p bin
go build -tags migrated_fynedo,no_emoji -o bin/kabinet ./cmd/kabinet
go build -tags migrated_fynedo -o bin/bare ./bench/bare
tmp=$(mktemp -d)
xvfb=""
trap '[ -z "$xvfb" ] || kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
. scripts/xvfb.sh
start_xvfb "$tmp" || exit 1

# measure BIN NAME-REGEX WAIT-FOR ARGS... -> prints "ms rss_kib"; before
# stopping the program it waits (at most 60 s) for the file WAIT-FOR ("":
# none), so that a first start leaves a complete data folder behind.
measure() {
	b=$1; re=$2; waitfor=$3; shift 3
	home=$(mktemp -d -p "$tmp")
	start=$(date +%s%N)
	HOME=$home DBUS_SESSION_BUS_ADDRESS=unix:path=$home/nobus "$b" "$@" >"$home.log" 2>&1 &
	pid=$!
	while ! xdotool search --onlyvisible --name "$re" >/dev/null 2>&1; do
		kill -0 $pid 2>/dev/null || {
			echo "startup: $b exited before its window showed:" >&2
			grep -v 'user locale\|tag is not well-formed' "$home.log" | tail -5 >&2
			exit 1
		}
		sleep 0.01
	done
	end=$(date +%s%N)
	sleep 3
	rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
	w=0
	while [ -n "$waitfor" ] && [ ! -e "$waitfor" ] && [ $w -lt 600 ]; do
		sleep 0.1; w=$((w + 1))
	done
	kill $pid; wait $pid 2>/dev/null || true
	echo "$(( (end - start) / 1000000 )) $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$tmp/bare"; : >"$tmp/first"; : >"$tmp/warm"
measure bin/bare '^Kabinet bare' "" >/dev/null
last=$tmp/data-warmup
measure bin/kabinet '^Kabinet' "$last/keys/README.txt" --data-dir "$last" >/dev/null
run() {
	case $1 in
	bare) r=$(measure bin/bare '^Kabinet bare' "") || exit 1 ;;
	# The demo keys' README.txt is written last, once every key is issued.
	first)
		r=$(measure bin/kabinet '^Kabinet' "$data/keys/README.txt" --data-dir "$data") || exit 1
		last=$data ;;
	warm) r=$(measure bin/kabinet '^Kabinet' "" --data-dir "$last") || exit 1 ;;
	esac
	echo "$r" >>"$tmp/$1"
	line="$line $1 $r;"
}
i=0
while [ $i -lt "$n" ]; do
	data=$tmp/data$i
	case $((i % 6)) in
	0) order="bare first warm" ;;
	1) order="first warm bare" ;;
	2) order="warm bare first" ;;
	3) order="bare warm first" ;;
	4) order="warm first bare" ;;
	5) order="first bare warm" ;;
	esac
	line="round $i (ms KiB):"
	for v in $order; do run $v; done
	echo "$line"
	i=$((i+1))
done
bt=$(cut -d' ' -f1 "$tmp/bare" | median); bm=$(cut -d' ' -f2 "$tmp/bare" | median)
ft=$(cut -d' ' -f1 "$tmp/first" | median); fm=$(cut -d' ' -f2 "$tmp/first" | median)
wt=$(cut -d' ' -f1 "$tmp/warm" | median); wm=$(cut -d' ' -f2 "$tmp/warm" | median)
echo "rounds: $n (medians; orders rotate over the 6 permutations), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bare:                  window in ${bt} ms, RSS ${bm} KiB"
echo "kabinet, first start:  window in ${ft} ms, RSS ${fm} KiB"
echo "kabinet, login screen: window in ${wt} ms, RSS ${wm} KiB"
awk -v bt="$bt" -v bm="$bm" -v ft="$ft" -v fm="$fm" -v wt="$wt" -v wm="$wm" '
function verdict(r, t) { return r <= t ? "met" : "NOT met" }
BEGIN {
	printf "ratio to bare, login screen: memory %.2f (target <= 1.2: %s), time %.2f (target <= 1.2: %s)\n",
		wm/bm, verdict(wm/bm, 1.2), wt/bt, verdict(wt/bt, 1.2)
	printf "ratio to bare, first start:  memory %.2f (target <= 1.5: %s), time %.2f (target <= 1.2: %s)\n",
		fm/bm, verdict(fm/bm, 1.5), ft/bt, verdict(ft/bt, 1.2)
}'
