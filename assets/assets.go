// Package assets embeds Kabinet's icons and translation files.
package assets

import (
	"embed"
	_ "embed"
)

// Translations holds translations/{ru,kk,en}.json.
//
//go:embed translations/*.json
var Translations embed.FS

// IconPNG is the application icon (512×512 PNG).
//
//go:embed icon.png
var IconPNG []byte

// WindowIconPNG is the same icon at 128×128 for the window: the window
// manager gets it over the X connection before the window is mapped, and
// the 512-pixel one (1 MiB of pixels to decode and send) cost about 5 %
// of the start-up. Made with
// convert icon.png -resize 128x128 -strip icon-128.png.
//
//go:embed icon-128.png
var WindowIconPNG []byte
