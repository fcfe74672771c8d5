package captcha

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	mrand "math/rand/v2"
	"sync"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// fonts are the faces glyphs are drawn with (the Go fonts, BSD-licensed,
// in golang.org/x/image), parsed once.
var fonts = sync.OnceValues(func() ([]*opentype.Font, error) {
	var out []*opentype.Font
	for _, ttf := range [][]byte{gobold.TTF, gobolditalic.TTF, gomedium.TTF, gomonobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("captcha: font: %w", err)
		}
		out = append(out, f)
	}
	return out, nil
})

// newRand is a generator for the drawing's randomness (positions,
// angles, colours, noise), seeded from crypto/rand. The answer itself
// comes from crypto/rand directly.
func newRand() *mrand.Rand {
	var seed [32]byte
	_, _ = rand.Read(seed[:])
	return mrand.New(mrand.NewChaCha8(seed))
}

// between is a uniform float in [lo, hi).
func between(r *mrand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// render draws answer into a Width×Height PNG.
func render(answer string, r *mrand.Rand) ([]byte, error) {
	faces, err := fonts()
	if err != nil {
		return nil, err
	}
	bounds := image.Rect(0, 0, Width, Height)

	// Colours: one dark ink hue with per-glyph variations, on a light
	// background of another hue.
	inkHue := between(r, 0, 360)
	ink := func() color.RGBA {
		return hsv(inkHue+between(r, -25, 25), between(r, 0.55, 0.9), between(r, 0.25, 0.45), 255)
	}
	bg := image.NewRGBA(bounds)
	paintBackground(bg, r, inkHue+between(r, 120, 240))

	// The glyphs and the crossing lines are drawn on a transparent layer
	// that is then bent by a wave, so that lines and glyphs bend together.
	layer := image.NewRGBA(bounds)
	step := float64(Width-28) / float64(len(answer))
	for i, ch := range answer {
		f := faces[r.IntN(len(faces))]
		size := between(r, 42, 50)
		cx := 14 + step*(float64(i)+0.5) + between(r, -4, 4)
		cy := float64(Height)/2 + between(r, -4, 4)
		if err := drawGlyph(layer, f, ch, size, cx, cy, between(r, -0.3, 0.3), between(r, -0.25, 0.25), between(r, 0.85, 1.05), ink()); err != nil {
			return nil, err
		}
	}
	// One line as thick as a stroke of a glyph, two thin ones.
	strokeCurve(layer, r, between(r, 2.2, 2.8), ink())
	for range 2 {
		strokeCurve(layer, r, between(r, 0.9, 1.3), ink())
	}
	warped := wave(layer, r)
	draw.Draw(bg, bounds, warped, image.Point{}, draw.Over)

	// Dots: dark ones everywhere, light ones that nick the strokes.
	for range 100 {
		c := ink()
		c.A = uint8(between(r, 120, 230))
		dot(bg, r, between(r, 0.6, 1.4), premultiply(c))
	}
	for range 200 {
		dot(bg, r, between(r, 0.5, 1.1), premultiply(color.RGBA{255, 255, 255, uint8(between(r, 140, 230))}))
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, bg); err != nil {
		return nil, fmt.Errorf("captcha: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// paintBackground fills dst with a light colour of the given hue, a soft
// diagonal gradient, a few pale blobs and per-pixel grain, so that a
// plain threshold does not separate the text.
func paintBackground(dst *image.RGBA, r *mrand.Rand, hue float64) {
	c1 := hsv(hue, between(r, 0.08, 0.2), between(r, 0.9, 0.98), 255)
	c2 := hsv(hue+between(r, -40, 40), between(r, 0.08, 0.2), between(r, 0.88, 0.98), 255)
	w, h := float64(Width), float64(Height)
	for y := range Height {
		for x := range Width {
			t := (float64(x)/w + float64(y)/h) / 2
			g := between(r, -7, 7)
			dst.SetRGBA(x, y, color.RGBA{
				R: clamp8(lerp(float64(c1.R), float64(c2.R), t) + g),
				G: clamp8(lerp(float64(c1.G), float64(c2.G), t) + g),
				B: clamp8(lerp(float64(c1.B), float64(c2.B), t) + g),
				A: 255,
			})
		}
	}
	for range 6 {
		c := hsv(hue+between(r, -60, 60), between(r, 0.1, 0.3), between(r, 0.8, 0.95), uint8(between(r, 50, 110)))
		ellipse(dst, between(r, 0, w), between(r, 0, h), between(r, 10, 40), between(r, 8, 25), premultiply(c))
	}
}

// drawGlyph draws ch of font f at size (pixels) centred on (cx, cy),
// rotated by angle (radians), sheared by shear and stretched
// horizontally by sx.
func drawGlyph(dst *image.RGBA, f *opentype.Font, ch rune, size, cx, cy, angle, shear, sx float64, ink color.RGBA) error {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return fmt.Errorf("captcha: face: %w", err)
	}
	defer face.Close()
	const tile = 96
	glyph := image.NewRGBA(image.Rect(0, 0, tile, tile))
	b, _ := font.BoundString(face, string(ch))
	gw, gh := (b.Max.X - b.Min.X).Ceil(), (b.Max.Y - b.Min.Y).Ceil()
	d := font.Drawer{
		Dst:  glyph,
		Src:  image.NewUniform(ink),
		Face: face,
		Dot:  fixed.P((tile-gw)/2, (tile-gh)/2).Sub(b.Min),
	}
	d.DrawString(string(ch))

	// glyph → dst: translate the tile's centre to the origin, stretch,
	// shear, rotate, translate to (cx, cy).
	sin, cos := math.Sincos(angle)
	a, bb := cos*sx, cos*shear-sin
	c, dd := sin*sx, sin*shear+cos
	const h = tile / 2
	m := f64.Aff3{
		a, bb, cx - a*h - bb*h,
		c, dd, cy - c*h - dd*h,
	}
	draw.ApproxBiLinear.Transform(dst, m, glyph, glyph.Bounds(), draw.Over, nil)
	return nil
}

// strokeCurve draws an anti-aliased cubic curve of the given width from
// the left edge to the right one, through the text band.
func strokeCurve(dst *image.RGBA, r *mrand.Rand, width float64, ink color.RGBA) {
	w, h := float64(Width), float64(Height)
	// From high to low or low to high, so that the line crosses the
	// glyphs rather than runs along them (a line along the middle turns F
	// into E).
	y0, y3 := between(r, h*0.05, h*0.35), between(r, h*0.65, h*0.95)
	if r.IntN(2) == 0 {
		y0, y3 = y3, y0
	}
	p0 := [2]float64{between(r, -10, w*0.1), y0}
	p1 := [2]float64{between(r, w*0.2, w*0.45), between(r, 0, h)}
	p2 := [2]float64{between(r, w*0.55, w*0.8), between(r, 0, h)}
	p3 := [2]float64{between(r, w*0.9, w+10), y3}
	const n = 64
	pts := make([][2]float64, n+1)
	for i := range pts {
		t := float64(i) / n
		u := 1 - t
		for k := range 2 {
			pts[i][k] = u*u*u*p0[k] + 3*u*u*t*p1[k] + 3*u*t*t*p2[k] + t*t*t*p3[k]
		}
	}
	// The outline: one side forward, the other back.
	side := func(i int, sign float64) (float32, float32) {
		a, b := pts[max(i-1, 0)], pts[min(i+1, n)]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			l = 1
		}
		nx, ny := -dy/l*width/2*sign, dx/l*width/2*sign
		return float32(pts[i][0] + nx), float32(pts[i][1] + ny)
	}
	z := vector.NewRasterizer(Width, Height)
	z.MoveTo(side(0, 1))
	for i := 1; i <= n; i++ {
		z.LineTo(side(i, 1))
	}
	for i := n; i >= 0; i-- {
		z.LineTo(side(i, -1))
	}
	z.ClosePath()
	z.Draw(dst, dst.Bounds(), image.NewUniform(ink), image.Point{})
}

// wave bends src: each row shifts sideways and each column up and down
// along sine waves of random phase.
func wave(src *image.RGBA, r *mrand.Rand) *image.RGBA {
	dst := image.NewRGBA(src.Bounds())
	ax, px, fx := between(r, 2.5, 4), between(r, 50, 80), between(r, 0, 2*math.Pi)
	ay, py, fy := between(r, 2.5, 4), between(r, 70, 120), between(r, 0, 2*math.Pi)
	for y := range Height {
		for x := range Width {
			sx := float64(x) + ax*math.Sin(2*math.Pi*float64(y)/px+fx)
			sy := float64(y) + ay*math.Sin(2*math.Pi*float64(x)/py+fy)
			dst.SetRGBA(x, y, sample(src, sx, sy))
		}
	}
	return dst
}

// sample reads src at a fractional position, bilinearly (src is
// premultiplied, so channels interpolate directly); outside is
// transparent.
func sample(src *image.RGBA, x, y float64) color.RGBA {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	var acc [4]float64
	for _, p := range [4]struct {
		dx, dy int
		w      float64
	}{{0, 0, (1 - fx) * (1 - fy)}, {1, 0, fx * (1 - fy)}, {0, 1, (1 - fx) * fy}, {1, 1, fx * fy}} {
		px, py := x0+p.dx, y0+p.dy
		if px < 0 || py < 0 || px >= Width || py >= Height || p.w == 0 {
			continue
		}
		c := src.RGBAAt(px, py)
		acc[0] += float64(c.R) * p.w
		acc[1] += float64(c.G) * p.w
		acc[2] += float64(c.B) * p.w
		acc[3] += float64(c.A) * p.w
	}
	return color.RGBA{clamp8(acc[0]), clamp8(acc[1]), clamp8(acc[2]), clamp8(acc[3])}
}

// dot draws a small anti-aliased filled circle at a random place inside
// dst, rasterizing only its own few pixels; c is premultiplied.
func dot(dst *image.RGBA, r *mrand.Rand, radius float64, c color.RGBA) {
	const box = 6 // > 2*(max radius + 1)
	x0, y0 := r.IntN(Width-box+1), r.IntN(Height-box+1)
	ox, oy := between(r, 0, 1), between(r, 0, 1)
	z := vector.NewRasterizer(box, box)
	circle(z, box/2+ox-0.5, box/2+oy-0.5, radius, radius)
	z.Draw(dst, image.Rect(x0, y0, x0+box, y0+box), image.NewUniform(c), image.Point{})
}

// ellipse fills an anti-aliased ellipse; c is premultiplied.
func ellipse(dst *image.RGBA, cx, cy, rx, ry float64, c color.RGBA) {
	z := vector.NewRasterizer(Width, Height)
	circle(z, cx, cy, rx, ry)
	z.Draw(dst, dst.Bounds(), image.NewUniform(c), image.Point{})
}

// circle adds an ellipse (a 24-gon) to z's path.
func circle(z *vector.Rasterizer, cx, cy, rx, ry float64) {
	const n = 24
	for i := range n {
		s, co := math.Sincos(2 * math.Pi * float64(i) / n)
		x, y := float32(cx+rx*co), float32(cy+ry*s)
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// hsv converts a hue (degrees), saturation, value and alpha to an opaque
// or straight-alpha colour (premultiply it before drawing with alpha).
func hsv(h, s, v float64, a uint8) color.RGBA {
	h = math.Mod(h, 360)
	if h < 0 {
		h += 360
	}
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - c
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return color.RGBA{clamp8((r + m) * 255), clamp8((g + m) * 255), clamp8((b + m) * 255), a}
}

// premultiply turns a straight-alpha colour into color.RGBA's
// premultiplied form.
func premultiply(c color.RGBA) color.RGBA {
	f := float64(c.A) / 255
	return color.RGBA{clamp8(float64(c.R) * f), clamp8(float64(c.G) * f), clamp8(float64(c.B) * f), c.A}
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

func clamp8(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
