#!/bin/sh
# Builds Kabinet.app and Kabinet-<v>.dmg on macOS (the CI workflow
# .github/workflows/macos.yml runs it; it runs by hand on a Mac too, with the
# Xcode command line tools and Go). Universal binary (arm64 + amd64),
# -trimpath, stripped, the version stamped; FyneApp.toml is not touched.
#
# Environment: VERSION (default: VERSION file), SERVER (a fund's https://
# address baked in), DIST (default dist). Signing and notarisation run only
# when their variables are set (a fund's certificate):
#   MACOS_SIGN_IDENTITY   e.g. "Developer ID Application: Fund (TEAMID)"
#                         (the certificate must be in a keychain already)
#   NOTARY_APPLE_ID, NOTARY_TEAM_ID, NOTARY_PASSWORD (an app-specific password)
set -eu
cd "$(dirname "$0")/../.."
VERSION=${VERSION:-$(cat VERSION)}
VERSION=${VERSION#v}
DIST=${DIST:-dist}
MODULE=$(go list -m)
LDFLAGS="-s -w -X $MODULE.stamped=$VERSION"
[ -z "${SERVER:-}" ] || LDFLAGS="$LDFLAGS -X $MODULE/app.DefaultServer=$SERVER"
build=$DIST/build/macos
app=$build/Kabinet.app
rm -rf "$build"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"

for arch in arm64 amd64; do
	CGO_ENABLED=1 GOOS=darwin GOARCH=$arch MACOSX_DEPLOYMENT_TARGET=11.0 \
		go build -trimpath -tags migrated_fynedo,no_emoji -ldflags "$LDFLAGS" -o "$build/kabinet-$arch" ./cmd/kabinet
done
lipo -create -output "$app/Contents/MacOS/kabinet" "$build/kabinet-arm64" "$build/kabinet-amd64"
"$app/Contents/MacOS/kabinet" --version

sed "s/@VERSION@/$VERSION/g" packaging/macos/Info.plist.in >"$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist"
iconset=$build/kabinet.iconset
mkdir -p "$iconset"
for s in 16 32 128 256 512; do
	sips -z $s $s assets/icon.png --out "$iconset/icon_${s}x$s.png" >/dev/null
	d=$((s * 2))
	sips -z $d $d assets/icon.png --out "$iconset/icon_${s}x$s@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$app/Contents/Resources/kabinet.icns"
cp LICENSE NOTICE "$app/Contents/Resources/"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
	codesign --force --timestamp --options runtime \
		--entitlements packaging/macos/entitlements.plist \
		--sign "$MACOS_SIGN_IDENTITY" "$app"
	codesign --verify --strict --verbose=2 "$app"
else
	echo "build-app: MACOS_SIGN_IDENTITY not set: the app is not signed (Gatekeeper will refuse it)"
fi

dmg=$DIST/Kabinet-$VERSION-macos-universal.dmg
stage=$build/dmg
mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Kabinet $VERSION" -srcfolder "$stage" -ov -format UDZO "$dmg"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
	codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi

if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${NOTARY_APPLE_ID:-}" ]; then
	xcrun notarytool submit "$dmg" --apple-id "$NOTARY_APPLE_ID" --team-id "$NOTARY_TEAM_ID" \
		--password "$NOTARY_PASSWORD" --wait
	xcrun stapler staple "$dmg"
	spctl --assess --type open --context context:primary-signature --verbose "$dmg"
else
	echo "build-app: notarisation skipped (needs MACOS_SIGN_IDENTITY and NOTARY_APPLE_ID)"
fi
ls -l "$DIST"
