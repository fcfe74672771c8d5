#!/bin/sh
# Checks the deployment kit of deploy/: the systemd unit with
# systemd-analyze verify (the binary it names is a built kabinetd in a
# temporary root), and the nginx site with `nginx -t` (the three-instance
# test of cmd/kabinetd runs it for real). Part of make test; skips a tool
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
