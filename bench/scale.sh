#!/bin/sh
# Data-scale run (issue #10): login, /me, /accounts and a statement page of
# the same demo depositor on the demo's database (six people) and on the
# demo's database plus N generated depositors (kabinetd admin generate),
# interleaved, as ratios big/small (bench/load -scale-small/-scale-big).
#   bench/scale.sh [N]        (default 1000000; SQLite)
# The generated database is kept in $SCALE_DIR (default /tmp/kabinet-scale)
# and reused by the next run with the same N: generating 1,000,000 takes
# about a quarter of an hour on 2 cores and 4.5 GB. The measurement itself
# takes about a minute (ARGS='-d 3s -c 1,8' to change). Not in make test.
set -eu
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=${SCALE_DIR:-/tmp/kabinet-scale}
mkdir -p bin "$dir"
go build -o bin/kabinetd ./cmd/kabinetd
go build -o bin/load ./bench/load
K=$PWD/bin/kabinetd

# demo DIR: a data directory with the demo's data (kabinetd --demo seeds
# it on start; it is stopped once it serves).
demo() {
	rm -rf "$1"
	"$K" --demo --listen 127.0.0.1:0 --data-dir "$1" --backoffice-step 0 >"$1.log" 2>&1 &
	pid=$!
	i=0
	until grep -q "kabinetd: serving" "$1.log"; do
		i=$((i + 1))
		if [ $i -gt 120 ] || ! kill -0 $pid 2>/dev/null; then cat "$1.log" >&2; exit 1; fi
		sleep 1
	done
	kill $pid
	wait $pid || true
}

big="$dir/big-$n"
if [ ! -f "$big/done" ]; then
	demo "$big"
	nice "$K" admin generate --depositors "$n" --data-dir "$big"
	touch "$big/done"
fi
demo "$dir/small"
./bin/load -kabinetd "$K" -scale-small "$dir/small" -scale-big "$big" ${ARGS:--d 3s -c 1,8}
