// Package pdffont gives the service's PDF documents a Unicode TrueType
// font that covers Cyrillic and the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү,
// һ, і): Noto Sans, regular and bold, as bundled with Fyne (SIL Open
// Font License 1.1). The bytes come from Fyne's theme package, which
// builds without cgo, so the service binary needs no font file of its
// own and the app and its PDFs use the same letters.
package pdffont

import "fyne.io/fyne/v2/theme"

// Family is the name to register the font under.
const Family = "NotoSans"

// Regular is Noto Sans Regular (TTF bytes).
func Regular() []byte { return theme.DefaultTextFont().Content() }

// Bold is Noto Sans Bold (TTF bytes).
func Bold() []byte { return theme.DefaultTextBoldFont().Content() }
