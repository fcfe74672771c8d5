#!/bin/sh
# Checks the deployment kit of deploy/: the systemd unit with
# systemd-analyze verify (the binary it names is a built kabinetd in a
# temporary root), and the nginx site with `nginx -t` (the three-instance
# test of cmd/kabinetd runs it for real), the Dockerfile and deploy/compose.yaml
# (see the end). Part of make test; skips a tool
# that is not installed unless CI=true.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
tmp=$(mktemp -d /tmp/kabinet-deploy.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$tmp/root/usr/local/bin" "$tmp/root/etc/systemd/system" "$tmp/root/etc/kabinetd"
	CGO_ENABLED=0 $GO build -o "$tmp/root/usr/local/bin/kabinetd" ./cmd/kabinetd
	# ExecReload's kill, as on the host.
	mkdir -p "$tmp/root/bin"
	cp /bin/kill "$tmp/root/bin/kill" 2>/dev/null || cp /usr/bin/kill "$tmp/root/bin/kill"
	cp deploy/systemd/kabinetd@.service "$tmp/root/etc/systemd/system/"
	# The host's units, for the default dependencies (sysinit.target, ...).
	for d in /lib/systemd/system /usr/lib/systemd/system; do
		[ -d "$d" ] && mkdir -p "$tmp/root$d" && cp -a "$d/." "$tmp/root$d/"
	done
	: >"$tmp/root/etc/kabinetd/env"
	out=$(systemd-analyze verify --root="$tmp/root" "$tmp/root/etc/systemd/system/kabinetd@1.service" 2>&1 || echo "exit $?")
	# Only complaints about our unit count (not about the host's units).
	if echo "$out" | grep -i 'kabinetd' | grep -v 'Documentation' ; then
		echo "deploy-check: systemd-analyze verify kabinetd@1.service failed:" >&2
		echo "$out" >&2
		exit 1
	fi
	echo "deploy-check: systemd unit verified"
elif [ "${CI:-}" = true ]; then
	echo "deploy-check: systemd-analyze missing" >&2; exit 1
else
	echo "deploy-check: systemd-analyze missing; unit not checked"
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$NGINX" ]; then
	mkdir -p "$tmp/nginx/tmp"
	cat >"$tmp/nginx/nginx.conf" <<CONF
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events {}
http {
    client_body_temp_path $tmp/nginx/tmp; proxy_temp_path $tmp/nginx/tmp;
    fastcgi_temp_path $tmp/nginx/tmp; uwsgi_temp_path $tmp/nginx/tmp; scgi_temp_path $tmp/nginx/tmp;
    access_log off;
    include $PWD/deploy/nginx/kabinetd.conf;
}
CONF
	"$NGINX" -t -q -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log"
	echo "deploy-check: nginx site verified"
elif [ "${CI:-}" = true ]; then
	echo "deploy-check: nginx missing" >&2; exit 1
fi

# The container kit (Dockerfile, deploy/compose.yaml), checked as far as
# can be done without a container engine (scripts/container-check.sh,
# make container-check, builds and runs the image with podman: minutes).
# 1. The Dockerfile's own build command gives a static binary.
build=$(sed -n 's/^RUN \(CGO_ENABLED=0 go build .*\)$/\1/p' Dockerfile)
case "$build" in
*"-o /out/kabinetd ./cmd/kabinetd") ;;
*) echo "deploy-check: no 'RUN CGO_ENABLED=0 go build ... -o /out/kabinetd ./cmd/kabinetd' in Dockerfile" >&2; exit 1 ;;
esac
build=$(echo "$build" | sed "s#-o /out/kabinetd#-o $tmp/docker/kabinetd#; s#^CGO_ENABLED=0 go #CGO_ENABLED=0 $GO #")
mkdir -p "$tmp/docker"
sh -c "$build"
if command -v file >/dev/null 2>&1; then
	info=$(file -L "$tmp/docker/kabinetd")
	case "$info" in
	*"statically linked"*) ;;
	*) echo "deploy-check: the Dockerfile's kabinetd is not static: $info" >&2; exit 1 ;;
	esac
fi
if ldd "$tmp/docker/kabinetd" >/dev/null 2>&1; then
	echo "deploy-check: ldd finds dynamic dependencies of the Dockerfile's kabinetd" >&2; exit 1
fi
"$tmp/docker/kabinetd" --version >/dev/null
# 2. It runs as a user that is not root, and that user is in the image's
#    /etc/passwd.
user=$(sed -n 's/^USER \([^ ]*\)$/\1/p' Dockerfile | tail -n 1)
uid=${user%%:*}
case "$uid" in
"" | 0 | root) echo "deploy-check: the Dockerfile's USER is '${user:-none}': must not be root" >&2; exit 1 ;;
esac
grep -q "[a-z][a-z0-9_-]*:x:$uid:$uid:" Dockerfile || { echo "deploy-check: no /etc/passwd line of uid $uid in Dockerfile" >&2; exit 1; }
grep -q '^HEALTHCHECK' Dockerfile && { echo "deploy-check: HEALTHCHECK needs a shell the image lacks" >&2; exit 1; }
# 3. The compose file parses, and every KABINETD_ variable it sets is one
#    kabinetd reads: a name in its sources, or KABINETD_<FLAG> of a flag
#    it lists.
"$tmp/docker/kabinetd" -h 2>"$tmp/docker/usage" || true
flags=$(sed -n 's/^ *-\([a-z0-9-]*\).*/\1/p' "$tmp/docker/usage" | tr 'a-z-' 'A-Z_' | sed 's/^/KABINETD_/')
known=$( (grep -ho 'KABINETD_[A-Z0-9_]*' cmd/kabinetd/*.go | grep -v '_$'; echo "$flags") | sort -u)
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
	KNOWN="$known" python3 - deploy/compose.yaml <<'PY'
import os, sys, yaml
path = sys.argv[1]
doc = yaml.safe_load(open(path))
known = set(os.environ["KNOWN"].split())
bad = []
services = doc.get("services") or {}
for want in ("db", "kabinetd1", "kabinetd2", "nginx"):
    if want not in services:
        bad.append("no service " + want)
instances = 0
for name, svc in services.items():
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) for e in env)
    for k in env:
        if k.startswith("KABINETD_") and k not in known:
            bad.append(f"{name}: {k} is not a kabinetd variable")
    if "KABINETD_LISTEN" in env:
        instances += 1
        if "KABINETD_DATABASE" not in env or not str(env["KABINETD_DATABASE"]).startswith("postgres://"):
            bad.append(f"{name}: no PostgreSQL KABINETD_DATABASE")
    if svc.get("image", "").startswith("kabinetd") and str(svc.get("user", "")).split(":")[0] in ("0", "root"):
        bad.append(f"{name}: runs as root")
if instances < 2:
    bad.append(f"{instances} kabinetd instances, want 2")
if bad:
    print("deploy-check: " + path + ":\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
	echo "deploy-check: Dockerfile (static build, non-root) and compose file verified"
elif [ "${CI:-}" = true ]; then
	echo "deploy-check: python3 with yaml missing" >&2; exit 1
else
	echo "deploy-check: python3 yaml missing; compose file not checked"
fi
