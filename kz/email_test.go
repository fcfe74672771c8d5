package kz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseEmailValid(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"asel.n@mail.kz", "asel.n@mail.kz"},
		{"  asel.n@mail.kz \n", "asel.n@mail.kz"},
		{"Asel.N@Mail.KZ", "Asel.N@mail.kz"},
		{"a@b.kz", "a@b.kz"},
		{"first.last+tag@sub.example-mail.com", "first.last+tag@sub.example-mail.com"},
		{"o'brien@example.co.uk", "o'brien@example.co.uk"},
		{"user_1@x1.kz", "user_1@x1.kz"},
		{"асель@почта.қаз", "асель@почта.қаз"},
		{"Асель@ПОЧТА.ҚАЗ", "Асель@почта.қаз"},
		{strings.Repeat("a", 64) + "@mail.kz", strings.Repeat("a", 64) + "@mail.kz"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEmail(tt.in)
			if err != nil {
				t.Fatalf("ParseEmail(%q) = %v, want valid", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseEmail(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again, err := ParseEmail(got); err != nil || again != got {
				t.Errorf("ParseEmail(%q) = %q, %v; want it unchanged", got, again, err)
			}
		})
	}
}

func TestParseEmailInvalid(t *testing.T) {
	long := strings.Repeat("a", 60) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + ".kz"
	tests := []struct {
		name string
		in   string
		want EmailReason
	}{
		{"empty", "", EmailEmpty},
		{"spaces", " \t ", EmailEmpty},
		{"too long", long, EmailLength},
		{"local part too long", strings.Repeat("a", 65) + "@mail.kz", EmailLength},
		{"display name", "Asel <asel@mail.kz>", EmailDisplayName},
		{"quoted display name", `"Asel N" <asel@mail.kz>`, EmailDisplayName},
		{"comment", "asel@mail.kz (Asel)", EmailDisplayName},
		{"angle brackets", "<asel@mail.kz>", EmailSyntax},
		{"no at", "asel.mail.kz", EmailSyntax},
		{"two ats", "asel@n@mail.kz", EmailSyntax},
		{"space", "asel n@mail.kz", EmailSyntax},
		{"double dot", "asel..n@mail.kz", EmailSyntax},
		{"leading dot", ".asel@mail.kz", EmailSyntax},
		{"quoted local part", `"asel n"@mail.kz`, EmailSyntax},
		{"empty local part", "@mail.kz", EmailSyntax},
		{"empty domain", "asel@", EmailSyntax},
		{"two addresses", "a@b.kz, c@d.kz", EmailSyntax},
		{"trailing dot", "asel@mail.kz.", EmailSyntax},
		{"no dot in domain", "asel@localhost", EmailDomain},
		{"IP literal", "asel@[10.0.0.1]", EmailDomain},
		{"numeric TLD", "asel@10.0.0.1", EmailDomain},
		{"underscore in domain", "asel@mail_server.kz", EmailDomain},
		{"leading hyphen", "asel@-mail.kz", EmailDomain},
		{"trailing hyphen", "asel@mail-.kz", EmailDomain},
		{"label too long", "asel@" + strings.Repeat("m", 64) + ".kz", EmailDomain},
		{"invalid UTF-8", "as\xffel@mail.kz", EmailSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEmail(tt.in)
			var e *EmailError
			if !errors.As(err, &e) {
				t.Fatalf("ParseEmail(%q) = %q, %v; want *EmailError", tt.in, got, err)
			}
			if e.Reason != tt.want {
				t.Errorf("ParseEmail(%q) reason = %q, want %q", tt.in, e.Reason, tt.want)
			}
		})
	}
}

func TestEmailErrorMessages(t *testing.T) {
	for _, r := range []EmailReason{EmailEmpty, EmailLength, EmailDisplayName, EmailSyntax, EmailDomain} {
		msg := (&EmailError{r}).Error()
		if msg == "" || msg == fmt.Sprintf("invalid e-mail address (%s)", r) {
			t.Errorf("reason %q has no specific message: %q", r, msg)
		}
	}
	if got := (&EmailError{"other"}).Error(); got != "invalid e-mail address (other)" {
		t.Errorf("unknown reason message = %q", got)
	}
}
