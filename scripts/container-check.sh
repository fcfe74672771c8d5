#!/bin/sh
# Builds the image of the Dockerfile with podman and runs it (make
# container-check; not part of make test: a build takes minutes).
#   1. The Dockerfile is built as it is (its static build, its scratch
#      stage, its USER) with podman build --isolation chroot --network host
#      (the build's `go mod download` reaches the Go module proxy the host
#      reaches; nothing else). When the registry of its base image
#      (golang:1.26-bookworm) cannot be reached, a stand-in of that name is
#      made first: a Debian bookworm from deb.debian.org (debootstrap),
#      this host's Go toolchain in /usr/local/go and this host's CA bundle
#      (the proxy's TLS is trusted as on the host).
#   2. The image runs read-only, without capabilities, on SQLite with the
#      demo: /healthz and /readyz answer 200, the process's uid is the
#      image's 10001 (not root) and it has no capability.
#   3. With KABINET_TEST_POSTGRES (under scripts/pg-test.sh --exec, as make
#      container-check runs it): two containers of the image on that
#      database, sharing one data volume as deploy/compose.yaml's do;
#      both ready, a session made on one is valid on the other.
# Storage (overlay), containers and images live in a temporary directory
# removed on exit. Installs podman, runc and debootstrap from Debian if
# missing (as root); skips with a message where that is not possible.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}

need=""
command -v podman >/dev/null 2>&1 || need="$need podman"
command -v runc >/dev/null 2>&1 || need="$need runc"
command -v debootstrap >/dev/null 2>&1 || need="$need debootstrap"
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; } || true
fi
if ! command -v podman >/dev/null 2>&1; then
	echo "container-check: podman is not installed (apt-get install podman runc); skipped"
	exit 0
fi

tmp=$(mktemp -d /tmp/kabinet-containers.XXXXXX)
P="podman --root $tmp/root --runroot $tmp/run --storage-driver overlay --cgroup-manager cgroupfs --events-backend file"
# crun refuses the hybrid cgroup hierarchy (v1 with a v2 mount) some
# machines have; runc runs there.
if command -v runc >/dev/null 2>&1; then P="$P --runtime runc"; fi
cleanup() {
	$P rm -a -f -t 5 >/dev/null 2>&1 || true
	$P volume rm -a -f >/dev/null 2>&1 || true
	$P rmi -a -f >/dev/null 2>&1 || true
	# Whatever podman left mounted under the directory, then the directory.
	awk -v t="$tmp" 'index($2, t) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
step() { echo "container-check: $*"; }
fail() { echo "container-check: $*" >&2; exit 1; }

# Without CAP_SYS_RESOURCE a container cannot be given podman's default
# limits ("setrlimit RLIMIT_NOFILE: Operation not permitted"), nor even
# the host's hard limit of processes: give it lower ones (at most the
# host's).
hard() { awk -v n="$1" 'index($0, n) == 1 {print $(NF - 1)}' /proc/self/limits; }
lower() { if [ "$1" = unlimited ] || [ "$1" -gt "$2" ]; then echo "$2"; else echo "$1"; fi; }
nofile=$(lower "$(hard "Max open files")" 10000); nproc=$(lower "$(hard "Max processes")" 4096)
RUN="run --network host --ulimit nofile=$nofile:$nofile --ulimit nproc=$nproc:$nproc --read-only --cap-drop ALL --security-opt no-new-privileges"

# 1. The base image, or its stand-in, and the build.
base=$(sed -n 's/^FROM \([^ ]*\) AS build$/\1/p' Dockerfile)
[ -n "$base" ] || fail "no 'FROM ... AS build' in Dockerfile"
case "$base" in */*) ;; *) base=docker.io/library/$base ;; esac
if timeout 60 $P pull -q "$base" >/dev/null 2>"$tmp/pull.err"; then
	step "base image $base pulled"
else
	step "base image $base not pulled ($(tail -n 1 "$tmp/pull.err")); making a stand-in"
	command -v debootstrap >/dev/null 2>&1 || fail "debootstrap missing for the stand-in of $base"
	goroot=$($GO env GOROOT)
	debootstrap --variant=minbase --include=ca-certificates bookworm "$tmp/rootfs" http://deb.debian.org/debian >"$tmp/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$tmp/debootstrap.log" >&2; fail "debootstrap failed"; }
	cp -a "$goroot" "$tmp/rootfs/usr/local/go"
	cp /etc/ssl/certs/ca-certificates.crt "$tmp/rootfs/etc/ssl/certs/ca-certificates.crt"
	tar -C "$tmp/rootfs" -c . | $P import -q \
		--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV GOPATH=/go' --change 'ENV GOTOOLCHAIN=local' --change 'WORKDIR /go' - "$base" >/dev/null
	rm -rf "$tmp/rootfs"
	step "stand-in $base: Debian bookworm, $($GO version | cut -d' ' -f3) of this host"
fi
start=$(date +%s)
$P build -q --isolation chroot --network host --pull=never -t kabinetd:check -f Dockerfile . >"$tmp/build.log" 2>&1 ||
	{ tail -n 30 "$tmp/build.log" >&2; fail "podman build failed"; }
step "image built from the Dockerfile in $(($(date +%s) - start)) s"

port() { $GO run ./scripts/freeport 2>/dev/null || python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# status URL: the HTTP status of a GET, 000 when nothing answers.
status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }
# ready NAME URL: waits up to 3 minutes for GET /readyz to answer 200.
ready() {
	i=0
	while [ "$(status "$2/readyz")" != 200 ]; do
		i=$((i + 1))
		if [ $i -gt 180 ] || [ "$($P inspect "$1" --format '{{.State.Running}}' 2>/dev/null)" != true ]; then
			$P logs "$1" 2>&1 | tail -n 20 >&2
			fail "$1 is not ready at $2/readyz"
		fi
		sleep 1
	done
}
# checkuser NAME: the container's process runs as 10001 with no capability.
checkuser() {
	pid=$($P inspect "$1" --format '{{.State.Pid}}')
	uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
	capeff=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
	[ "$uid" = 10001 ] || fail "$1 runs as uid $uid, want 10001"
	[ "$capeff" = 0000000000000000 ] || fail "$1 has capabilities $capeff"
}

# 2. On SQLite, with the demo.
p=$(port)
$P $RUN -d --name k-sqlite -e KABINETD_LISTEN=127.0.0.1:$p -v k-sqlite-data:/data kabinetd:check --demo >/dev/null
ready k-sqlite "http://127.0.0.1:$p"
[ "$(status "http://127.0.0.1:$p/healthz")" = 200 ] || fail "k-sqlite: /healthz is not 200"
checkuser k-sqlite
step "SQLite container: /healthz and /readyz 200, uid 10001, no capabilities, read-only root"
$P rm -f -t 10 k-sqlite >/dev/null

# 3. Two instances on PostgreSQL with one data volume.
if [ -z "${KABINET_TEST_POSTGRES:-}" ]; then
	step "no KABINET_TEST_POSTGRES: two instances on PostgreSQL not run (make container-check runs them)"
	exit 0
fi
p1=$(port); p2=$(port)
env="-e KABINETD_DATABASE=$KABINET_TEST_POSTGRES -e KABINETD_TRUSTED_PROXIES=127.0.0.1/32"
# The first migrates and seeds the demo; the second starts on what it made.
$P $RUN -d --name k-pg1 $env -e KABINETD_LISTEN=127.0.0.1:$p1 -v k-pg-data:/data kabinetd:check --demo >/dev/null
ready k-pg1 "http://127.0.0.1:$p1"
$P $RUN -d --name k-pg2 $env -e KABINETD_LISTEN=127.0.0.1:$p2 -v k-pg-data:/data kabinetd:check --demo >/dev/null
ready k-pg2 "http://127.0.0.1:$p2"
checkuser k-pg1
checkuser k-pg2
tok=$(curl -s -m 30 -H 'Content-Type: application/json' -H 'X-Forwarded-For: 192.0.2.7' \
	-d '{"iin":"880415300157","password":"kabinet-demo-2026"}' "http://127.0.0.1:$p1/api/v1/auth/login" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$tok" ] || fail "no session from the demo login on k-pg1"
me=$(curl -s -m 10 -H "Authorization: Bearer $tok" -w ' %{http_code}' "http://127.0.0.1:$p2/api/v1/me")
case "$me" in
*'"iin":"880415300157"'*' 200') ;;
*) fail "k-pg2: /me with k-pg1's session: $me" ;;
esac
step "two PostgreSQL containers: both ready, a session of one valid on the other"
