package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTwoFactorText(t *testing.T) {
	at := time.Date(2026, 3, 10, 4, 5, 0, 0, time.UTC) // 09:05 in Kazakhstan
	for _, what := range []string{TwoFactorEnabled, TwoFactorChanged, TwoFactorDisabled, TwoFactorRecoveryUsed} {
		for _, l := range []string{LangRU, LangKK, LangEN} {
			tx, ok := twoFactorTexts[l][what]
			if !ok || tx[0] == "" || !strings.Contains(tx[1], "%s") {
				t.Fatalf("%s/%s missing", l, what)
			}
			_, body := TwoFactorText(l, what, at)
			part := strings.Split(body, "\n")[0]
			if !strings.Contains(part, "10.03.2026 09:05") {
				t.Errorf("%s/%s: %q has no local time", l, what, part)
			}
			// One SMS segment: 70 UCS-2 characters, or 160 GSM ones.
			limit := 70
			if l == LangEN {
				limit = 160
			}
			if n := utf8.RuneCountInString(part); n >= limit {
				t.Errorf("%s/%s: %d characters, not under %d: %q", l, what, n, limit, part)
			}
		}
	}
	subject, body := TwoFactorText("kk-KZ", TwoFactorDisabled, at)
	if !strings.HasPrefix(subject, "Екі қадамды кіру өшірілді / ") || len(strings.Split(body, "\n")) != 2 {
		t.Errorf("kk then ru: %q / %q", subject, body)
	}
}
