#!/bin/sh
# Start-up benchmark: time from exec to the first window being mapped, and
# resident memory 3 s later, for kabinet and for a bare one-window Fyne
# program built in the same run (the baseline). Prints medians over N runs
# and the ratios kabinet/bare. Needs Xvfb and xdotool (make test-deps).
#   bench/startup.sh [N]     (default 5)
set -eu
cd "$(dirname "$0")/.."
n=${1:-5}
mkdir -p bin
go build -tags migrated_fynedo -o bin/kabinet ./cmd/kabinet
go build -tags migrated_fynedo -o bin/bare ./bench/bare
tmp=$(mktemp -d)
xvfb=""
trap '[ -z "$xvfb" ] || kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
. scripts/xvfb.sh
start_xvfb "$tmp" || exit 1

# measure BIN NAME-REGEX ARGS... -> prints "ms rss_kib"
measure() {
	b=$1; re=$2; shift 2
	home=$(mktemp -d -p "$tmp")
	start=$(date +%s%N)
	HOME=$home DBUS_SESSION_BUS_ADDRESS=unix:path=$home/nobus "$b" "$@" >/dev/null 2>&1 &
	pid=$!
	while ! xdotool search --onlyvisible --name "$re" >/dev/null 2>&1; do
		kill -0 $pid 2>/dev/null || { echo "startup: $b exited" >&2; exit 1; }
		sleep 0.01
	done
	end=$(date +%s%N)
	sleep 3
	rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
	kill $pid; wait $pid 2>/dev/null || true
	echo "$(( (end - start) / 1000000 )) $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$tmp/k"; : >"$tmp/b"
i=0
while [ $i -lt "$n" ]; do
	measure bin/bare '^Kabinet bare' >>"$tmp/b"
	measure bin/kabinet '^Kabinet' --data-dir "$tmp/data" >>"$tmp/k"
	i=$((i+1))
done
bt=$(cut -d' ' -f1 "$tmp/b" | median); bm=$(cut -d' ' -f2 "$tmp/b" | median)
kt=$(cut -d' ' -f1 "$tmp/k" | median); km=$(cut -d' ' -f2 "$tmp/k" | median)
echo "runs: $n (medians; kabinet on a warm data folder after the first run)"
echo "bare:    window in ${bt} ms, RSS ${bm} KiB"
echo "kabinet: window in ${kt} ms, RSS ${km} KiB"
awk -v a="$kt" -v b="$bt" -v c="$km" -v d="$bm" 'BEGIN {printf "ratio kabinet/bare: time %.2f, memory %.2f (target <= 1.2)\n", a/b, c/d}'
