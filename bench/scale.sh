#!/bin/sh
# Data-scale run (issue #10): login, /me, /accounts and a statement page of
# the same demo depositor on the demo's database (six people) and on the
# demo's database plus N generated depositors (kabinetd admin generate),
# interleaved, as ratios big/small (bench/load -scale-small/-scale-big).
#   bench/scale.sh [N]        (default 1000000; SQLite)
#   SCALE_DATABASE=postgres://USER@HOST:PORT/DB bench/scale.sh [N]
# The SQLite databases are kept in $SCALE_DIR (default /tmp/kabinet-scale);
# on PostgreSQL they are the databases kabinet_scale_small and
# kabinet_scale_big_N of SCALE_DATABASE's server (made with psql; the user
# of the URL may create databases). The big one is reused by the next run
# with the same N: generating 1,000,000 takes about a quarter of an hour on
# 2 cores and 4.5 GB of SQLite (PostgreSQL: service/BENCH.md). The
# measurement itself takes about a minute (ARGS='-d 3s -c 1,8' to change).
# make scale-bench-pg runs it on a throw-away server (scripts/pg-test.sh
# --exec; nothing is kept). Not in make test.
set -eu
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=${SCALE_DIR:-/tmp/kabinet-scale}
pg=${SCALE_DATABASE:-}
if [ "$pg" = env ]; then pg=${KABINET_TEST_POSTGRES:?}; fi
mkdir -p bin "$dir"
go build -o bin/kabinetd ./cmd/kabinetd
go build -o bin/load ./bench/load
K=$PWD/bin/kabinetd

# demo DIR [ARG ...]: a data directory (or, with --database URL in ARGs,
# a PostgreSQL database) with the demo's data (kabinetd --demo seeds it on
# start; it is stopped once it serves).
demo() {
	d=$1
	shift
	rm -rf "$d" "$d.log"
	"$K" --demo --listen 127.0.0.1:0 --data-dir "$d" --backoffice-step 0 "$@" >"$d.log" 2>&1 &
	pid=$!
	i=0
	until grep -qs "kabinetd: serving" "$d.log"; do
		i=$((i + 1))
		if [ $i -gt 120 ] || ! kill -0 $pid 2>/dev/null; then cat "$d.log" >&2; exit 1; fi
		sleep 1
	done
	kill $pid
	wait $pid || true
}

if [ -n "$pg" ]; then
	psql=$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
	# on NAME: the URL of database NAME on SCALE_DATABASE's server.
	on() { printf '%s\n' "$pg" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/$1#"; }
	sql() { "$psql" -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }
	big=$(on "kabinet_scale_big_$n")
	small=$(on kabinet_scale_small)
	if [ "$(sql "$big" -c "SELECT value FROM meta WHERE key = 'scale'" 2>/dev/null || true)" != "$n" ]; then
		sql "$pg" -c "DROP DATABASE IF EXISTS kabinet_scale_big_$n" -c "CREATE DATABASE kabinet_scale_big_$n"
		demo "$dir/big-$n-pg" --database "$big"
		nice "$K" admin generate --depositors "$n" --database "$big"
		# VACUUM now rather than by autovacuum during the measurement.
		sql "$big" -c "VACUUM ANALYZE" -c "INSERT INTO meta (key, value) VALUES ('scale', '$n')"
	fi
	sql "$pg" -c "DROP DATABASE IF EXISTS kabinet_scale_small" -c "CREATE DATABASE kabinet_scale_small"
	demo "$dir/small-pg" --database "$small"
	./bin/load -kabinetd "$K" -scale-small "$small" -scale-big "$big" ${ARGS:--d 3s -c 1,8}
	exit
fi

big="$dir/big-$n"
if [ ! -f "$big/done" ]; then
	demo "$big"
	nice "$K" admin generate --depositors "$n" --data-dir "$big"
	touch "$big/done"
fi
demo "$dir/small"
./bin/load -kabinetd "$K" -scale-small "$dir/small" -scale-big "$big" ${ARGS:--d 3s -c 1,8}
