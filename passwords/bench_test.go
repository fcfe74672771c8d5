package passwords

import (
	"strings"
	"testing"
)

// Check runs on every keystroke in the UI.
var benchInputs = []struct{ name, pw string }{
	{"common", "qwerty123"},
	{"context", "Bekzat1988!"},
	{"random8", "Zq8#kP2m"},
	{"typical12", "Tulip!Ember7"},
	{"passphrase_kk", "Менің жаңа құпия сөзім 2026"},
	{"suggestion", "tulip-ember-gravy-plaza-47"},
	{"max128_ascii", strings.Repeat("Kz9!x", 25) + "Kz9"},
	{"max128_cyrillic", strings.Repeat("Жаңа сөз ", 14) + "Жа"},
	// The worst found: many overlapping dictionary and l33t matches.
	{"worst128_digits", strings.Repeat("1", 128)},
	{"worst128_leet", strings.Repeat("1|7!", 32)},
}

func BenchmarkCheck(b *testing.B) {
	Check("warm-up", bekzat)
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Check(in.pw, bekzat)
			}
		})
	}
}

func BenchmarkStrength(b *testing.B) {
	Strength("warm-up", bekzat)
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			for b.Loop() {
				Strength(in.pw, bekzat)
			}
		})
	}
}

func BenchmarkSuggest(b *testing.B) {
	Suggest()
	for b.Loop() {
		Suggest()
	}
}
