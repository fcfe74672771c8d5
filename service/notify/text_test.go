package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestOTPTextLanguagesAndOrder(t *testing.T) {
	tests := []struct {
		lang      string
		first     string // start of the first body line
		second    string // start of the second, "" for one line
		subjStart string
	}{
		{"", "Одноразовый пароль", "Бір реттік құпиясөз", "Одноразовый пароль / "},
		{"ru", "Одноразовый пароль", "Бір реттік құпиясөз", "Одноразовый пароль / "},
		{"ru-RU", "Одноразовый пароль", "Бір реттік құпиясөз", "Одноразовый пароль / "},
		{"xx", "Одноразовый пароль", "Бір реттік құпиясөз", "Одноразовый пароль / "},
		{"kk", "Бір реттік құпиясөз", "Одноразовый пароль", "Бір реттік құпиясөз / "},
		{"KZ", "Бір реттік құпиясөз", "Одноразовый пароль", "Бір реттік құпиясөз / "},
		{"kk_KZ", "Бір реттік құпиясөз", "Одноразовый пароль", "Бір реттік құпиясөз / "},
		{"en", "One-time password", "", "One-time password"},
		{"en-US,en;q=0.9,ru;q=0.8", "One-time password", "", "One-time password"},
		{"kk,ru;q=0.8", "Бір реттік құпиясөз", "Одноразовый пароль", "Бір реттік құпиясөз / "},
		{"*", "Одноразовый пароль", "Бір реттік құпиясөз", "Одноразовый пароль / "},
	}
	for _, tt := range tests {
		subject, body := OTPText(tt.lang, "493817", 15)
		if !strings.HasPrefix(subject, tt.subjStart) {
			t.Errorf("OTPText(%q) subject = %q, want prefix %q", tt.lang, subject, tt.subjStart)
		}
		lines := strings.Split(body, "\n")
		want := 2
		if tt.second == "" {
			want = 1
		}
		if len(lines) != want {
			t.Fatalf("OTPText(%q) body has %d lines, want %d: %q", tt.lang, len(lines), want, body)
		}
		if !strings.HasPrefix(lines[0], tt.first) || (want == 2 && !strings.HasPrefix(lines[1], tt.second)) {
			t.Errorf("OTPText(%q) body = %q", tt.lang, body)
		}
		for _, l := range lines {
			if !strings.Contains(l, "493817") || !strings.Contains(l, "15") {
				t.Errorf("OTPText(%q) line %q lacks the code or the minutes", tt.lang, l)
			}
		}
	}
}

func TestOTPTextWithoutMinutes(t *testing.T) {
	_, body := OTPText("ru", "123456", 0)
	if strings.Contains(body, "Действует") || strings.Contains(body, "жарамды") || strings.Contains(body, " 0 ") {
		t.Errorf("body with minutes 0 = %q", body)
	}
}

// Each Cyrillic part fits one UCS-2 SMS segment (70 characters), the
// English one one GSM segment (160).
func TestTextsFitOneSMSSegment(t *testing.T) {
	at := time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)
	for _, lang := range []string{LangRU, LangKK, LangEN} {
		limit := 70
		if lang == LangEN {
			limit = 160
		}
		tx := textsByLang[lang]
		for _, part := range []string{tx.otp("999999", 15), tx.otp("999999", 60), tx.changed(at.Format("02.01.2006 15:04"))} {
			if n := utf8.RuneCountInString(part); n >= limit {
				t.Errorf("%s: %d characters (limit %d): %q", lang, n, limit, part)
			}
		}
	}
}

func TestPasswordChangedTextInKazakhstanTime(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 4, 0, 0, time.UTC) // 15:04 in Astana
	subject, body := PasswordChangedText("", at)
	if subject != "Пароль изменён / Құпиясөз өзгертілді" {
		t.Errorf("subject = %q", subject)
	}
	lines := strings.Split(body, "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Пароль") || !strings.HasPrefix(lines[1], "Құпиясөз") {
		t.Fatalf("body = %q", body)
	}
	for _, l := range lines {
		if !strings.Contains(l, "01.03.2026 15:04") {
			t.Errorf("line %q lacks the time in UTC+5", l)
		}
	}
	if _, en := PasswordChangedText("en", at); !strings.Contains(en, "01.03.2026 15:04") || strings.Contains(en, "\n") {
		t.Errorf("en body = %q", en)
	}
}
