package service

import (
	"bytes"
	"encoding/hex"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// pdfPages extracts the text of every page of a PDF document, one string
// per page, with a newline between text objects.
//
// It reads the file with github.com/ledongthuc/pdf (cross-reference
// tables, object and content streams, filters) but decodes the text
// through the fonts' ToUnicode maps itself: fpdf maps its two-byte codes
// with one range <0000> <FFFF> <0000>, and the library, following the
// letter of the CMap rules (a range may differ in its last byte only),
// adds only the last byte's offset, which turns "С" (U+0421) into "!".
// Here a range is an offset over the whole code, as PDF viewers read it.
func pdfPages(t *testing.T, b []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 40)])
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		maps := map[string]*toUnicode{}
		for _, name := range p.Fonts() {
			maps[name] = readToUnicode(p.Font(name).V.Key("ToUnicode"))
		}
		var cur *toUnicode
		var out strings.Builder
		pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
			args := make([]pdf.Value, stk.Len())
			for j := len(args) - 1; j >= 0; j-- {
				args[j] = stk.Pop()
			}
			switch op {
			case "BT":
				out.WriteString("\n")
			case "Tf":
				if len(args) == 2 {
					cur = maps[args[0].Name()]
				}
			case "Tj", "'", "\"":
				if len(args) > 0 {
					out.WriteString(cur.decode(args[len(args)-1].RawString()))
				}
			case "TJ":
				if len(args) == 1 {
					for k := 0; k < args[0].Len(); k++ {
						if x := args[0].Index(k); x.Kind() == pdf.String {
							out.WriteString(cur.decode(x.RawString()))
						}
					}
				}
			}
		})
		pages = append(pages, out.String())
	}
	return pages
}

// toUnicode is a font's ToUnicode CMap with two-byte codes.
type toUnicode struct {
	ranges []cmapRange
	chars  map[uint16]string
}

type cmapRange struct {
	lo, hi uint16
	dst    []uint16 // UTF-16 of the code lo
}

func code16(s string) (uint16, bool) {
	if len(s) != 2 {
		return 0, false
	}
	return uint16(s[0])<<8 | uint16(s[1]), true
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

var (
	cmapSection = regexp.MustCompile(`(?s)begin(bfchar|bfrange)(.*?)end(?:bfchar|bfrange)`)
	cmapHex     = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
)

// readToUnicode parses the bfchar and bfrange sections of a ToUnicode
// CMap stream (hex strings only, which is what PDF writers emit).
func readToUnicode(v pdf.Value) *toUnicode {
	m := &toUnicode{chars: map[uint16]string{}}
	if v.Kind() != pdf.Stream {
		return m
	}
	rd := v.Reader()
	defer rd.Close()
	b, err := io.ReadAll(rd)
	if err != nil {
		return m
	}
	unhex := func(h string) string {
		d, _ := hex.DecodeString(h)
		return string(d)
	}
	for _, sec := range cmapSection.FindAllStringSubmatch(string(b), -1) {
		var hs []string
		for _, h := range cmapHex.FindAllStringSubmatch(sec[2], -1) {
			hs = append(hs, unhex(h[1]))
		}
		switch sec[1] {
		case "bfchar":
			for i := 0; i+1 < len(hs); i += 2 {
				if c, ok := code16(hs[i]); ok {
					m.chars[c] = string(utf16.Decode(utf16Units(hs[i+1])))
				}
			}
		case "bfrange":
			for i := 0; i+2 < len(hs); i += 3 {
				l, ok1 := code16(hs[i])
				h, ok2 := code16(hs[i+1])
				if ok1 && ok2 {
					m.ranges = append(m.ranges, cmapRange{lo: l, hi: h, dst: utf16Units(hs[i+2])})
				}
			}
		}
	}
	return m
}

// decode maps a string of two-byte codes to text ("" without a map).
func (m *toUnicode) decode(raw string) string {
	if m == nil {
		return ""
	}
	var out []uint16
	for i := 0; i+1 < len(raw); i += 2 {
		c := uint16(raw[i])<<8 | uint16(raw[i+1])
		if s, ok := m.chars[c]; ok {
			out = append(out, utf16.Encode([]rune(s))...)
			continue
		}
		found := false
		for _, r := range m.ranges {
			if r.lo <= c && c <= r.hi && len(r.dst) > 0 {
				u := append([]uint16(nil), r.dst...)
				u[len(u)-1] += c - r.lo
				out = append(out, u...)
				found = true
				break
			}
		}
		if !found {
			out = append(out, 0xFFFD)
		}
	}
	return string(utf16.Decode(out))
}

func TestPDFTextExtraction(t *testing.T) {
	t.Parallel()
	l := pdfLabels("kk")
	d := newDocPDF(l, "Демо қоры", "Сынақ құжаты", testStart)
	d.paragraph("Сейтқали Әсем Ұлықбекқызы — ӘәҒғҚқҢңӨөҰұҮүҺһІі ₸ 1 234,56", 10)
	d.f.AddPage()
	b, err := d.bytes()
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, b)
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for _, want := range []string{"Демо қоры", "Сынақ құжаты", "Сейтқали Әсем Ұлықбекқызы", "ӘәҒғҚқҢңӨөҰұҮүҺһІі ₸ 1 234,56", "1-бет, барлығы 2"} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("page 1 lacks %q:\n%s", want, pages[0])
		}
	}
	if !strings.Contains(pages[1], "2-бет, барлығы 2") {
		t.Errorf("page 2: %s", pages[1])
	}
}
