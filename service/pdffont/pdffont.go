// Package pdffont gives the service's PDF documents a Unicode TrueType
// font that covers Cyrillic and the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү,
// һ, і): Noto Sans, regular and bold — the same files Fyne bundles, so
// the app and its PDFs use the same letters (SIL Open Font License 1.1,
// OFL.txt). They are embedded here rather than taken from Fyne's theme
// package so that the service (kabinetd) does not link Fyne at all.
package pdffont

import _ "embed"

// Family is the name to register the font under.
const Family = "NotoSans"

var (
	//go:embed NotoSans-Regular.ttf
	regular []byte
	//go:embed NotoSans-Bold.ttf
	bold []byte
)

// Regular is Noto Sans Regular (TTF bytes).
func Regular() []byte { return regular }

// Bold is Noto Sans Bold (TTF bytes).
func Bold() []byte { return bold }
