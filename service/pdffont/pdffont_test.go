package pdffont

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/theme"
)

// The embedded files are Fyne's Noto Sans, byte for byte: the PDFs and the
// app show the same letters.
func TestSameAsFyne(t *testing.T) {
	if !bytes.Equal(Regular(), theme.DefaultTextFont().Content()) {
		t.Error("Regular differs from Fyne's Noto Sans Regular")
	}
	if !bytes.Equal(Bold(), theme.DefaultTextBoldFont().Content()) {
		t.Error("Bold differs from Fyne's Noto Sans Bold")
	}
}
