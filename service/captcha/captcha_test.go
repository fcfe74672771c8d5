package captcha

import (
	"bytes"
	"fmt"
	"image/png"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// fastStore is a store whose images are a stub, for the bookkeeping tests.
func fastStore(opts Options) *Store {
	s := NewStore(opts)
	s.draw = func(string) ([]byte, error) { return []byte("png"), nil }
	return s
}

func mustNew(t *testing.T, s *Store, now time.Time, answer string) string {
	t.Helper()
	id, _, err := s.newWithAnswer(now, answer)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestVerifyRightAnswerOnce(t *testing.T) {
	s := fastStore(Options{})
	id := mustNew(t, s, t0, "K7MPX")
	if !s.Verify(id, "K7MPX", t0.Add(time.Minute)) {
		t.Fatal("right answer refused")
	}
	if s.Verify(id, "K7MPX", t0.Add(time.Minute)) {
		t.Fatal("a captcha was accepted twice")
	}
	if s.Len() != 0 {
		t.Errorf("Len = %d after use", s.Len())
	}
}

func TestWrongAnswerConsumes(t *testing.T) {
	s := fastStore(Options{})
	id := mustNew(t, s, t0, "K7MPX")
	for _, wrong := range []string{"K7MPY", "", "K7MP", "K7MPXX"} {
		id := mustNew(t, s, t0, "K7MPX")
		if s.Verify(id, wrong, t0) {
			t.Errorf("wrong answer %q accepted", wrong)
		}
		if s.Verify(id, "K7MPX", t0) {
			t.Errorf("right answer accepted after a wrong one (%q)", wrong)
		}
	}
	if !s.Verify(id, "K7MPX", t0) {
		t.Error("an untouched captcha was consumed by others' attempts")
	}
}

func TestExpiry(t *testing.T) {
	s := fastStore(Options{})
	if s.TTL() != 5*time.Minute {
		t.Fatalf("TTL = %v", s.TTL())
	}
	for _, tt := range []struct {
		after time.Duration
		ok    bool
	}{
		{0, true},
		{4*time.Minute + 59*time.Second, true},
		{5 * time.Minute, false},
		{5*time.Minute + time.Second, false},
		{time.Hour, false},
	} {
		id := mustNew(t, s, t0, "HNPRT")
		if got := s.Verify(id, "HNPRT", t0.Add(tt.after)); got != tt.ok {
			t.Errorf("after %v: Verify = %v, want %v", tt.after, got, tt.ok)
		}
	}
	s = fastStore(Options{TTL: time.Minute})
	id := mustNew(t, s, t0, "HNPRT")
	if s.Verify(id, "HNPRT", t0.Add(61*time.Second)) {
		t.Error("custom TTL not applied")
	}
}

func TestCaseInsensitiveAndSpaces(t *testing.T) {
	s := fastStore(Options{})
	for _, typed := range []string{"acexy", "AcExY", " ACEXY ", "ac exy", "ACEXY\n"} {
		id := mustNew(t, s, t0, "ACEXY")
		if !s.Verify(id, typed, t0) {
			t.Errorf("%q refused for ACEXY", typed)
		}
	}
}

func TestLookAlikesFolded(t *testing.T) {
	s := fastStore(Options{})
	for _, tt := range []struct{ answer, typed string }{
		{"2R5M8", "ZR5M8"}, {"2R5M8", "2rsm8"}, {"2R5M8", "zrsmb"},
	} {
		id := mustNew(t, s, t0, tt.answer)
		if !s.Verify(id, tt.typed, t0) {
			t.Errorf("%q refused for %s", tt.typed, tt.answer)
		}
	}
	id := mustNew(t, s, t0, "ACEXY")
	if s.Verify(id, "ACEXZ", t0) {
		t.Error("Z accepted for Y")
	}
}

func TestUnknownID(t *testing.T) {
	s := fastStore(Options{})
	mustNew(t, s, t0, "ACEXY")
	for _, id := range []string{"", "nope", strings.Repeat("A", 26)} {
		if s.Verify(id, "ACEXY", t0) {
			t.Errorf("Verify(%q) = true", id)
		}
	}
	if s.Len() != 1 {
		t.Errorf("unknown ids consumed a captcha: Len = %d", s.Len())
	}
}

func TestIDsAreRandomAndDistinct(t *testing.T) {
	s := fastStore(Options{})
	seen := map[string]bool{}
	for range 200 {
		id := mustNew(t, s, t0, "ACEXY")
		if len(id) < 20 || seen[id] {
			t.Fatalf("id %q short or repeated", id)
		}
		seen[id] = true
	}
}

func TestEvictionBound(t *testing.T) {
	s := fastStore(Options{MaxEntries: 3})
	var ids []string
	for i := range 5 {
		ids = append(ids, mustNew(t, s, t0.Add(time.Duration(i)*time.Second), fmt.Sprintf("AAAA%c", Alphabet[i])))
		if s.Len() > 3 {
			t.Fatalf("Len = %d > 3", s.Len())
		}
	}
	for i, id := range ids {
		want := i >= 2 // the two oldest were dropped
		if got := s.Verify(id, fmt.Sprintf("AAAA%c", Alphabet[i]), t0.Add(time.Minute)); got != want {
			t.Errorf("captcha %d: Verify = %v, want %v", i, got, want)
		}
	}
	if s.Len() != 0 {
		t.Errorf("Len = %d", s.Len())
	}
	if NewStore(Options{}).max != DefaultMaxEntries {
		t.Error("default bound not applied")
	}
}

func TestExpiredDroppedOnNew(t *testing.T) {
	s := fastStore(Options{})
	for range 10 {
		mustNew(t, s, t0, "ACEXY")
	}
	id := mustNew(t, s, t0.Add(6*time.Minute), "ACEXY")
	if s.Len() != 1 {
		t.Errorf("Len = %d, want the expired captchas gone", s.Len())
	}
	if !s.Verify(id, "acexy", t0.Add(7*time.Minute)) {
		t.Error("new captcha refused")
	}
}

// The store keeps a keyed hash, not the answer.
func TestStoresNoAnswer(t *testing.T) {
	s := fastStore(Options{})
	mustNew(t, s, t0, "MW8RW")
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, el := range s.entries {
		e := el.Value.(*entry)
		if strings.Contains(id, "MW8RW") || bytes.Contains(e.sum[:], []byte("MW8RW")) {
			t.Error("answer stored in the clear")
		}
		other := NewStore(Options{}).sum(id, "MW8RW")
		if other == e.sum {
			t.Error("hash not keyed per store")
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	s := fastStore(Options{MaxEntries: 50})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				answer := fmt.Sprintf("%c%c%c%c%c", Alphabet[g], Alphabet[i%len(Alphabet)], 'A', 'C', 'E')
				id, _, err := s.newWithAnswer(t0, answer)
				if err != nil {
					t.Error(err)
					return
				}
				// Another goroutine may have evicted it (bound 50), but a
				// wrong answer is never accepted.
				if s.Verify(id, "WRONG", t0) {
					t.Error("wrong answer accepted")
				}
				_ = s.Len()
			}
		})
	}
	wg.Wait()
	if s.Len() != 0 {
		t.Errorf("Len = %d", s.Len())
	}

	// Real images, concurrently: the fonts are parsed once, safely.
	real := NewStore(Options{})
	for range 4 {
		wg.Go(func() {
			id, img, err := real.newWithAnswer(t0, "PRTUV")
			if err != nil || len(img) == 0 {
				t.Errorf("New: %v", err)
				return
			}
			if !real.Verify(id, "prtuv", t0) {
				t.Error("right answer refused")
			}
		})
	}
	wg.Wait()
}

func TestPNG(t *testing.T) {
	s := NewStore(Options{})
	id, img, err := s.New(t0)
	if err != nil {
		t.Fatal(err)
	}
	if id == "" {
		t.Fatal("empty id")
	}
	decoded, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	if b := decoded.Bounds(); b.Dx() != Width || b.Dy() != Height || Width != 240 || Height != 80 {
		t.Errorf("image is %v, want 240×80", b)
	}
	if len(img) > 64<<10 {
		t.Errorf("PNG is %d bytes", len(img))
	}
}

// Two renderings of one answer differ, and the drawing is not blank: a
// fair share of the pixels are dark ink.
func TestRenderVariesAndHasInk(t *testing.T) {
	a, err := render("KMNWV", mrand.New(mrand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := render("KMNWV", mrand.New(mrand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Error("two renderings are identical")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	dark := 0
	for y := range Height {
		for x := range Width {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x7000 {
				dark++
			}
		}
	}
	if share := float64(dark) / (Width * Height); share < 0.05 || share > 0.5 {
		t.Errorf("dark share %.2f: text missing or image swamped", share)
	}
}

func TestRandomAnswer(t *testing.T) {
	seen := map[rune]int{}
	for range 2000 {
		a, err := randomAnswer()
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != Length {
			t.Fatalf("answer %q has length %d", a, len(a))
		}
		for _, r := range a {
			if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("answer %q has %q, not in the alphabet", a, r)
			}
			seen[r]++
		}
	}
	if len(seen) != len(Alphabet) {
		t.Errorf("only %d of %d characters drawn", len(seen), len(Alphabet))
	}
	for _, bad := range "0O1IlQ" {
		if strings.ContainsRune(Alphabet, bad) || strings.ContainsRune(strings.ToUpper(Alphabet), bad) {
			t.Errorf("ambiguous %q in the alphabet", bad)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	s := NewStore(Options{})
	for b.Loop() {
		if _, _, err := s.New(t0); err != nil {
			b.Fatal(err)
		}
	}
}
