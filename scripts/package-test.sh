#!/bin/sh
# CI: the packages of `make package`, checked as a user and an
# administrator would meet them (run as root, on Debian):
#  - the .deb's Depends name the package of every library the binary links;
#    the .rpm and the tar.xz hold the same files;
#  - the .deb installs with dpkg (apt-get -f install adds what it lacks),
#    /usr/bin/kabinet --version says the version, and under Xvfb the
#    installed app opens its login window on the demo fund;
#  - with /etc/kabinet/kabinet.toml pointing at a kabinetd started here (on
#    127.0.0.1, --fund-name set), it opens on that fund: its name is in the
#    window title;
#  - dpkg --purge removes it all;
#  - the Windows installer holds kabinet.exe (7z l), when it was built.
# Whatever it started it stops, whatever it made it removes (trap).
#   scripts/package-test.sh [DIST [SHOTS]]       (default: dist shots)
set -eu
cd "$(dirname "$0")/.."
dist=${1:-dist}
shots=${2:-shots}
fund="Фонд «Пакет-тест»"
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
say() { echo "package-test: $*"; }

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
deb=$(ls "$dist"/kabinet_*_amd64.deb 2>/dev/null | head -1)
rpm=$(ls "$dist"/kabinet-*.x86_64.rpm 2>/dev/null | head -1)
txz=$(ls "$dist"/kabinet-*-linux-amd64.tar.xz 2>/dev/null | head -1)
[ -n "$deb" ] && [ -n "$rpm" ] && [ -n "$txz" ] || fail "no .deb, .rpm or tar.xz in $dist (make package)"
version=$(dpkg-deb -f "$deb" Version)
for t in Xvfb xdotool import 7z rpm; do
	command -v $t >/dev/null 2>&1 || fail "$t missing (scripts/test-deps.sh)"
done
if dpkg-query -W -f='${Status}' kabinet 2>/dev/null | grep -q installed; then
	fail "a kabinet package is installed already; this test would remove it"
fi
[ ! -e /etc/kabinet/kabinet.toml ] || fail "/etc/kabinet/kabinet.toml exists already; this test would replace it"

tmp=$(mktemp -d)
installed=""
cleanup() {
	for p in ${app:-} ${kd:-} ${xvfb:-}; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ -n "$installed" ]; then dpkg --purge kabinet >/dev/null 2>&1 || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$shots"

say "contents of $deb"
dpkg-deb -c "$deb" >"$tmp/deb.list"
for f in ./usr/bin/kabinet ./usr/share/applications/kz.demofund.kabinet.desktop \
	./usr/share/metainfo/kz.demofund.kabinet.metainfo.xml ./etc/kabinet/kabinet.toml \
	./usr/share/icons/hicolor/48x48/apps/kz.demofund.kabinet.png \
	./usr/share/icons/hicolor/256x256/apps/kz.demofund.kabinet.png; do
	grep -q " $f\$" "$tmp/deb.list" || fail "$deb lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
say "Depends: $depends"

say "contents of $rpm and $txz"
rpm -qpl "$rpm" 2>/dev/null >"$tmp/rpm.list"
for f in /usr/bin/kabinet /usr/share/applications/kz.demofund.kabinet.desktop /usr/share/metainfo/kz.demofund.kabinet.metainfo.xml; do
	grep -qx "$f" "$tmp/rpm.list" || fail "$rpm lacks $f"
done
rpm -qp --requires "$rpm" 2>/dev/null | grep -q 'libGL.so.1()(64bit)' || fail "$rpm does not require libGL.so.1"
tar -tJf "$txz" >"$tmp/txz.list"
grep -q '/bin/kabinet$' "$tmp/txz.list" && grep -q 'hicolor/128x128/apps/kz.demofund.kabinet.png$' "$tmp/txz.list" ||
	fail "$txz lacks bin/kabinet or its icons"

say "install $deb"
installed=1
if ! dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then
	cat "$tmp/dpkg.log"
	DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq || fail "apt-get -f install"
fi
dpkg-query -W -f='${Status}' kabinet | grep -q "install ok installed" || fail "not installed"
got=$(/usr/bin/kabinet --version)
[ "$got" = "kabinet $version" ] || fail "kabinet --version says «$got», the package is $version"

# Every library the binary links (NEEDED), and every X library GLFW opens
# at run time (dlopen: Xcursor, Xrandr, Xinerama, Xi, Xxf86vm), comes from a
# package the .deb depends on.
libs=$( (objdump -p /usr/bin/kabinet | awk '/NEEDED/ {print $2}'; strings /usr/bin/kabinet | grep -oE '^libX[A-Za-z0-9]*\.so\.[0-9]+$') | sort -u)
say "libraries: $(echo $libs)"
for lib in $libs; do
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
	[ -n "$path" ] || fail "$lib not found by ldconfig"
	pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) || true
	[ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || true
	echo ", $depends," | grep -q ", $pkg[ ,(|]" || fail "$lib is in $pkg, which the .deb does not depend on ($depends)"
done
say "Depends covers the binary's libraries"

. scripts/xvfb.sh
start_xvfb "$tmp" || fail "Xvfb did not start"

# window TITLE-PATTERN SHOT: start the installed app (a fresh user), wait
# for a window whose title matches, screenshot, stop it.
window() {
	home=$(mktemp -d "$tmp/home.XXXX")
	HOME=$home XDG_CONFIG_HOME=$home/config LANG=C.UTF-8 DBUS_SESSION_BUS_ADDRESS=unix:path=$home/nobus \
		/usr/bin/kabinet --lang ru >"$home/app.log" 2>&1 &
	app=$!
	i=0
	while :; do
		wid=$(xdotool search --onlyvisible --name '^Kabinet' 2>/dev/null | head -1 || true)
		if [ -n "$wid" ]; then
			title=$(xdotool getwindowname "$wid")
			case "$title" in *"$1"*) break ;; esac
		fi
		i=$((i+1))
		if [ $i -gt 900 ] || ! kill -0 $app 2>/dev/null; then
			cat "$home/app.log" >&2
			fail "no window titled «…$1» (last title: «${title:-none}»)"
		fi
		sleep 0.1
	done
	say "window: «$title»"
	xdotool windowsize "$wid" 1200 780 windowmove "$wid" 0 0 2>/dev/null || true
	sleep 2
	import -window root "$shots/$2.png"
	kill $app; wait $app 2>/dev/null || true; app=""
}

say "the installed app on the demo fund"
window "Демо пенсионный фонд" package-demo

say "the installed app on a fund named in /etc/kabinet/kabinet.toml"
go build -o "$tmp/kabinetd" ./cmd/kabinetd
"$tmp/kabinetd" --listen 127.0.0.1:0 --data-dir "$tmp/kabinetd-data" --no-demo --fund-name "$fund" --backoffice-step 0 \
	>"$tmp/kabinetd.out" 2>"$tmp/kabinetd.log" &
kd=$!
i=0; until grep -q "serving" "$tmp/kabinetd.out"; do
	i=$((i+1)); [ $i -gt 600 ] && { cat "$tmp/kabinetd.log" >&2; fail "kabinetd did not start"; }
	kill -0 $kd 2>/dev/null || { cat "$tmp/kabinetd.log" >&2; fail "kabinetd stopped"; }
	sleep 0.1
done
url=$(sed -n 's/^kabinetd: serving //p' "$tmp/kabinetd.out")
printf '# written by scripts/package-test.sh\nserver = "%s"\n' "$url" >/etc/kabinet/kabinet.toml
window "$fund" package-fund
say "the window names the fund of $url"

say "remove"
dpkg --purge kabinet >/dev/null
installed=""
[ ! -e /usr/bin/kabinet ] && [ ! -e /usr/share/applications/kz.demofund.kabinet.desktop ] && [ ! -e /etc/kabinet/kabinet.toml ] ||
	fail "files left after dpkg --purge"

setup=$(ls "$dist"/kabinet-*-windows-amd64-setup.exe 2>/dev/null | head -1 || true)
if [ -n "$setup" ]; then
	7z l "$setup" >"$tmp/setup.list"
	for f in kabinet.exe uninstall.exe LICENSE.txt; do
		grep -q " $f\$" "$tmp/setup.list" || fail "$setup lacks $f"
	done
	# The kabinet.exe it installs carries its icon and version information.
	7z x -so "$setup" kabinet.exe >"$tmp/kabinet.exe" 2>/dev/null
	7z l "$tmp/kabinet.exe" | grep -q '\.rsrc/0/ICON/1$' || fail "the installed kabinet.exe has no icon"
	v4=$(echo "$version" | sed 's/[-+].*//').0
	7z x -so "$tmp/kabinet.exe" .rsrc/1033/version.txt 2>/dev/null | iconv -f UTF-16LE -t UTF-8 |
		grep -q "\"ProductVersion\", *\"$v4\"" || fail "the installed kabinet.exe's version information is not $v4"
	say "$setup holds kabinet.exe ($v4, with its icon) and its uninstaller"
else
	say "no Windows installer in $dist (make package builds it)"
fi
say "OK"
