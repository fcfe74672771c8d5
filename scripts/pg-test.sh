#!/bin/sh
# Runs the store, service and kabinetd tests against a real PostgreSQL
# (among them the three-instance test behind nginx): Debian's postgresql
# and nginx packages (installed if missing), a throw-away cluster under
# /tmp on 127.0.0.1 and a free port, run as the postgres user (initdb and
# postgres refuse root), stopped and removed on exit whatever happens.
# The tests get its address in KABINET_TEST_POSTGRES; each test works in
# a schema of its own. Extra arguments go to `go test` (e.g. -run X).
#   scripts/pg-test.sh --exec CMD [ARG ...]
# runs CMD instead of the tests, on a cluster that syncs its writes like a
# real server (make load-bench-pg).
set -eu
mode=test
if [ "${1:-}" = "--exec" ]; then
	mode=exec
	shift
fi
cd "$(dirname "$0")/.."
GO=${GO:-go}

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
has_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
# nginx is the reverse proxy of the three-instance test (cmd/kabinetd).
if { [ -z "$(pgbin)" ] || ! has_nginx; } && command -v apt-get >/dev/null 2>&1; then
	EXTRA_DEB="postgresql nginx" ./scripts/deps.sh || true
	if [ -z "$(pgbin)" ] || ! has_nginx; then
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql nginx) >/dev/null 2>&1 || true
	fi
fi
BIN=$(pgbin)
if [ -z "$BIN" ]; then
	if [ "${CI:-}" = true ]; then echo "pg-test: postgresql not installed" >&2; exit 1; fi
	echo "pg-test: postgresql not installed; skipped (apt-get install postgresql)"; exit 0
fi

# As root, run the server as postgres; as anyone else, as oneself.
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
	as() { runuser -u postgres -- "$@"; }
else
	as() { "$@"; }
fi

dir=$(mktemp -d /tmp/kabinet-pg.XXXXXX)
chmod 0755 "$dir"
data="$dir/data"
cleanup() {
	if [ -f "$data/postmaster.pid" ]; then
		as "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sync="-c fsync=off -c synchronous_commit=off" # throw-away test data
if [ $mode = exec ]; then sync=""; fi

# A free port: ask the kernel for one, then give it back to postgres.
port=$($GO run ./scripts/freeport 2>/dev/null || python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
as "$BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
as "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir $sync -c max_connections=300" start >/dev/null ||
	{ cat "$dir/server.log" >&2; exit 1; }

KABINET_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export KABINET_TEST_POSTGRES
echo "pg-test: PostgreSQL $("$BIN/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port"
if [ $mode = exec ]; then
	"$@"
else
	$GO test -race -tags ci -count=1 "$@" ./service/store/ ./service/synth/ ./service/ ./cmd/kabinetd/
fi
