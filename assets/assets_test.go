package assets

import (
	"bytes"
	"image"
	_ "image/png"
	"testing"
)

// The window's icon is the application icon scaled down: same picture,
// 128×128.
func TestWindowIconIsTheIconAt128(t *testing.T) {
	big, _, err := image.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatal(err)
	}
	small, _, err := image.Decode(bytes.NewReader(WindowIconPNG))
	if err != nil {
		t.Fatal(err)
	}
	if b := small.Bounds(); b.Dx() != 128 || b.Dy() != 128 {
		t.Fatalf("window icon is %dx%d, want 128x128", b.Dx(), b.Dy())
	}
	// Sample a grid: each small pixel is close to the big one it stands for.
	scale := big.Bounds().Dx() / 128
	far := 0
	for y := 4; y < 128; y += 8 {
		for x := 4; x < 128; x += 8 {
			r1, g1, b1, a1 := small.At(x, y).RGBA()
			r2, g2, b2, a2 := big.At(x*scale+scale/2, y*scale+scale/2).RGBA()
			if d(r1, r2)+d(g1, g2)+d(b1, b2)+d(a1, a2) > 4*0x3000 {
				far++
			}
		}
	}
	if far > 256/10 {
		t.Errorf("%d of 256 sampled pixels differ from the 512-pixel icon", far)
	}
}

func d(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
