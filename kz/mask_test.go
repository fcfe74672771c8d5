package kz

import "testing"

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"77012345600", "7701*****00"},
		{"+7 701 234 56 00", "7701*****00"},
		{"87772345699", "7777*****99"},
		{"", "***********"},
		{"7012345600", "7701*****00"},  // 10 digits: a national number
		{"77272345600", "***********"}, // landline
		{"not a phone", "***********"},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"asel.n@mail.kz", "as*****@ma****"},
		{"Asel.N@Mail.KZ", "As*****@ma****"},
		{" asel.n@mail.kz ", "as*****@ma****"},
		{"a@mail.kz", "a*****@ma****"},
		{"ab@m.kz", "ab*****@m.****"},
		{"asel@x.y", "as*****@x.****"},
		{"асель@почта.kz", "ас*****@по****"},
		{"", "*****@****"},
		{"asel", "*****@****"},
		{"Asel <asel@mail.kz>", "*****@****"},
		{"asel@localhost", "*****@****"},
	}
	for _, tt := range tests {
		if got := MaskEmail(tt.in); got != tt.want {
			t.Errorf("MaskEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFirstRunes(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"", 2, ""},
		{"a", 2, "a"},
		{"abc", 2, "ab"},
		{"қққ", 2, "ққ"},
		{"a\xffb", 2, "a\xff"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		if got := firstRunes(tt.in, tt.n); got != tt.want {
			t.Errorf("firstRunes(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
