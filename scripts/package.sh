#!/bin/sh
# make package: release builds and installers into dist/, on Debian, with
# the tools this script installs (Debian packages, pinned Go modules).
#
#   scripts/package.sh [linux] [windows]      (default: both)
#
# Environment: VERSION (default: the git tag at HEAD without its "v", else
# the VERSION file), SERVER (a fund's https:// address baked in as the
# default; see README «Which server»), DIST (default dist).
#
# Linux: dist/kabinet_<v>_amd64.deb, dist/kabinet-<v>-1.x86_64.rpm,
#        dist/kabinet-<v>-linux-amd64.tar.xz
# Windows: dist/kabinet-<v>-windows-amd64.exe (the binary) and
#        dist/kabinet-<v>-windows-amd64-setup.exe (NSIS installer)
# macOS is built on a macOS runner: .github/workflows/macos.yml.
#
# Release builds: -trimpath, stripped (-s -w), the version stamped with
# -X <module>.stamped. FyneApp.toml is not touched (no `fyne package`).
set -eu
cd "$(dirname "$0")/.."

NFPM=github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0
WINRES=github.com/tc-hib/go-winres@v0.3.3
ID=kz.demofund.kabinet
DIST=${DIST:-dist}
BUILD=$DIST/build
TARGETS=${*:-linux windows}

if [ -z "${VERSION:-}" ]; then
	tag=$(git describe --tags --exact-match 2>/dev/null || true)
	VERSION=${tag#v}
	[ -n "$VERSION" ] || VERSION=$(cat VERSION)
fi
VERSION=${VERSION#v}
case "$VERSION" in
[0-9]*) ;;
*) echo "package: VERSION must start with a digit: $VERSION" >&2; exit 2 ;;
esac
# Windows wants four numbers: 1.2.3-rc1 -> 1.2.3.0
WINVERSION=$(echo "$VERSION" | sed 's/[-+].*//').0
SERVER=${SERVER:-}
case "$SERVER" in
"" | https://*) ;;
*) echo "package: SERVER must be https://…: $SERVER" >&2; exit 2 ;;
esac
MODULE=$(go list -m)
LDFLAGS="-s -w -X $MODULE.stamped=$VERSION"
[ -z "$SERVER" ] || LDFLAGS="$LDFLAGS -X $MODULE/app.DefaultServer=$SERVER"

step() { echo "== package: $*"; }

tools() {
	extra="imagemagick appstream desktop-file-utils xz-utils"
	case " $TARGETS " in *" windows "*) extra="$extra nsis gcc-mingw-w64-x86-64" ;; esac
	EXTRA_DEB="$extra" ./scripts/deps.sh
}

icons() {
	step "icons"
	for s in 16 24 32 48 64 128 256 512; do
		d=$BUILD/icons/hicolor/${s}x$s/apps
		mkdir -p "$d"
		convert assets/icon.png -resize "${s}x$s" -strip "PNG32:$d/$ID.png"
	done
}

linux() {
	step "linux binary $VERSION"
	mkdir -p "$BUILD/linux"
	CGO_ENABLED=1 go build -trimpath -tags migrated_fynedo,no_emoji -ldflags "$LDFLAGS" -o "$BUILD/linux/kabinet" ./cmd/kabinet
	got=$("$BUILD/linux/kabinet" --version)
	[ "$got" = "kabinet $VERSION" ] || { echo "package: the binary says «$got», not kabinet $VERSION" >&2; exit 1; }
	if [ -n "$SERVER" ] && ! grep -qF "$SERVER" "$BUILD/linux/kabinet"; then
		echo "package: $SERVER is not baked into the binary (-X $MODULE/app.DefaultServer)" >&2; exit 1
	fi

	step "desktop entry and AppStream metainfo"
	date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
	sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$date/" packaging/linux/$ID.metainfo.xml >"$BUILD/linux/$ID.metainfo.xml"
	desktop-file-validate packaging/linux/$ID.desktop
	appstreamcli validate --no-net --pedantic "$BUILD/linux/$ID.metainfo.xml"

	step "deb and rpm (nfpm)"
	# nfpm expands variables in a few fields only: fill them all in here.
	sed -e "s|\${BUILD}|$BUILD|g" -e "s|\${VERSION}|$VERSION|g" -e "s|\${ARCH}|amd64|g" \
		packaging/nfpm.yaml >"$BUILD/nfpm.yaml"
	go run "$NFPM" package --config "$BUILD/nfpm.yaml" --packager deb --target "$DIST/"
	go run "$NFPM" package --config "$BUILD/nfpm.yaml" --packager rpm --target "$DIST/"

	step "tar.xz"
	name=kabinet-$VERSION-linux-amd64
	root=$BUILD/$name
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/share/applications" "$root/share/metainfo" "$root/share/doc/kabinet"
	cp "$BUILD/linux/kabinet" "$root/bin/"
	cp packaging/linux/$ID.desktop "$root/share/applications/"
	cp "$BUILD/linux/$ID.metainfo.xml" "$root/share/metainfo/"
	cp -r "$BUILD/icons" "$root/share/icons"
	cp LICENSE NOTICE packaging/linux/kabinet.toml "$root/share/doc/kabinet/"
	XZ_OPT=${XZ_OPT:--T0} tar -C "$BUILD" --owner=0 --group=0 --sort=name -cJf "$DIST/$name.tar.xz" "$name"
}

windows() {
	step "windows binary $VERSION (mingw-w64; icon and version information)"
	mkdir -p "$BUILD/windows"
	convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$BUILD/windows/kabinet.ico"
	# The resources (.syso) must sit in the package's folder while it
	# builds; they are removed whatever happens.
	trap 'rm -f cmd/kabinet/rsrc_windows_amd64.syso' EXIT INT TERM
	go run "$WINRES" simply --arch amd64 --out cmd/kabinet/rsrc \
		--icon "$BUILD/icons/hicolor/256x256/apps/$ID.png" --manifest gui \
		--product-name Kabinet --file-description "Kabinet — pension fund personal cabinet" \
		--product-version "$WINVERSION" --file-version "$WINVERSION" \
		--copyright "© Kabinet authors. Apache License 2.0" --original-filename kabinet.exe
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		go build -trimpath -tags migrated_fynedo,no_emoji -ldflags "$LDFLAGS -H windowsgui" -o "$BUILD/windows/kabinet.exe" ./cmd/kabinet
	rm -f cmd/kabinet/rsrc_windows_amd64.syso
	trap - EXIT INT TERM
	cp "$BUILD/windows/kabinet.exe" "$DIST/kabinet-$VERSION-windows-amd64.exe"
	cp LICENSE "$BUILD/windows/LICENSE.txt"

	step "windows installer (NSIS)"
	makensis -V2 -INPUTCHARSET UTF8 \
		-DVERSION="$VERSION" -DWINVERSION="$WINVERSION" \
		-DSRCDIR="$(pwd)/$BUILD/windows" -DOUTFILE="$(pwd)/$DIST/kabinet-$VERSION-windows-amd64-setup.exe" \
		"$(pwd)/packaging/windows/kabinet.nsi"
}

tools
mkdir -p "$DIST"
icons
for t in $TARGETS; do
	case "$t" in
	linux) linux ;;
	windows) windows ;;
	*) echo "package: unknown target $t (linux, windows; macOS: .github/workflows/macos.yml)" >&2; exit 2 ;;
	esac
done
step "done"
ls -l "$DIST"
