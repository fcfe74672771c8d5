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
