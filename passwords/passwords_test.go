package passwords

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// bekzat is a typical depositor: IIN 880415300157 encodes 15 April 1988.
var bekzat = Context{
	IIN:        "880415300157",
	Surname:    "Нурланов",
	GivenName:  "Бекзат",
	Patronymic: "Нурланович",
	BirthDate:  "1988-04-15",
	Email:      "b.nurlanov@mail.kz",
	Phone:      "+7 701 234 56 78",
}

func reason(err error) string {
	if err == nil {
		return ""
	}
	var pe *PolicyError
	if !errors.As(err, &pe) {
		return "not a *PolicyError: " + err.Error()
	}
	return pe.Reason
}

func TestCheckReasons(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		c    Context
		want string // "" accepted
	}{
		// Length, in runes after NFC.
		{"empty", "", Context{}, ReasonTooShort},
		{"7 ASCII", "Zq8#kP2", Context{}, ReasonTooShort},
		{"7 Cyrillic runes, 14 bytes", "жЫр8#кП", Context{}, ReasonTooShort},
		{"8 runes only once composed", "Zq8#kP2e\u0301", Context{}, ""},
		{"9 runes raw, 8 composed", "Zq8#kPe\u0301x", Context{}, ""},
		{"8 raw runes, 7 composed", "Zq8#kPe\u0301", Context{}, ReasonTooShort},
		{"129 runes", strings.Repeat("Kz9!x", 25) + "Kz9!", Context{}, ReasonTooLong},
		{"129 Cyrillic runes", strings.Repeat("Жаңа сөз ", 14) + "Жаң", Context{}, ReasonTooLong},

		// Common passwords.
		{"list", "qwerty123", Context{}, ReasonCommon},
		{"list, case and suffix", "Qwerty123!", Context{}, ReasonCommon},
		{"list, 8 runes", "пароль12", Context{}, ReasonCommon},
		{"list, leet", "p@ssw0rd", Context{}, ReasonCommon},
		{"list, leet and suffix", "P@ssw0rd2024!", Context{}, ReasonCommon},
		{"list, leading leet", "@dmin123", Context{}, ReasonCommon},
		{"list, prefix digits", "123password", Context{}, ReasonCommon},
		{"list, digits", "123456789", Context{}, ReasonCommon},
		{"list, word and year", "Sunshine2024", Context{}, ReasonCommon},
		{"kz: йцукен", "йцукен123", Context{}, ReasonCommon},
		{"kz: ЙЦУКЕН upper", "ЙЦУКЕНГШЩЗ", Context{}, ReasonCommon},
		{"kz: пароль", "Пароль!!", Context{}, ReasonCommon},
		{"kz: парол123", "парол123", Context{}, ReasonCommon},
		{"kz: пароль on the Latin layout", "gfhjkm2024", Context{}, ReasonCommon},
		{"password on the Russian layout", "зфыыцщкв", Context{}, ReasonCommon},
		{"kz: transliterated", "Parol2024!", Context{}, ReasonCommon},
		{"kz: qazaqstan", "Qazaqstan!", Context{}, ReasonCommon},
		{"kz: Kazakhstan", "Kazakhstan2024", Context{}, ReasonCommon},
		{"kz: алматы", "Алматы2025", Context{}, ReasonCommon},
		{"kz: astana", "astana123", Context{}, ReasonCommon},
		{"kz: enpf", "ENPF2024!", Context{}, ReasonCommon},
		{"kz: kabinet", "kabinet01", Context{}, ReasonCommon},
		{"full-width", "ｑｗｅｒｔｙ１２３", Context{}, ReasonCommon},

		// The user's own data.
		{"IIN", "880415300157ab", bekzat, ReasonContext},
		{"IIN alone, no other data", "880415300157ab", Context{IIN: "880415300157"}, ReasonContext},
		{"IIN tail", "Kz!300157x", Context{IIN: "880415300157"}, ReasonContext},
		{"birth date YYMMDD", "880415Kz!x", bekzat, ReasonContext},
		{"birth date DDMMYYYY", "15041988x", bekzat, ReasonContext},
		{"birth date from the IIN", "15041988x", Context{IIN: "880415300157"}, ReasonContext},
		{"birth date dotted", "Qx!15.04.1988", bekzat, ReasonContext},
		{"birth date short year", "Qx!15.4.88zz", bekzat, ReasonContext},
		{"birth date ISO", "x1988-04-15y", bekzat, ReasonContext},
		{"birth year", "Tulip-1988-x", Context{BirthDate: "1988-04-15"}, ReasonContext},
		{"given name transliterated", "Bekzat1988!", Context{GivenName: "Бекзат"}, ReasonContext},
		{"given name in Latin", "Bekzat1988!", Context{GivenName: "Bekzat"}, ReasonContext},
		{"given name, birth year only", "Bekzat1988!", Context{BirthDate: "1988-01-02"}, ReasonContext},
		{"Latin name in Cyrillic", "Бекзат_2024!", Context{GivenName: "Bekzat"}, ReasonContext},
		{"name in leetspeak", "B3kz@t-rocks", Context{GivenName: "Бекзат"}, ReasonContext},
		{"Kazakh letters, zh", "Zhuldyz#2024", Context{GivenName: "Жұлдыз"}, ReasonContext},
		{"Kazakh letters, j", "Juldyz!Kz77", Context{GivenName: "Жұлдыз"}, ReasonContext},
		{"Kazakh letters, q", "qairat-the-best", Context{GivenName: "Қайрат"}, ReasonContext},
		{"Cyrillic name in Cyrillic", "мояАйгерим", Context{GivenName: "Айгерим"}, ReasonContext},
		{"soft sign", "Ol'ga-forever", Context{GivenName: "Ольга"}, ReasonContext},
		{"Kazakh Latin with accents", "Şynar!Kz-77", Context{GivenName: "Шынар"}, ReasonContext},
		{"surname", "Nurlanov!!x", bekzat, ReasonContext},
		{"surname root", "Nurlan_2020xyz", Context{Surname: "Нурланов"}, ReasonContext},
		{"patronymic", "nurlanovich-77", Context{Patronymic: "Нурланович"}, ReasonContext},
		{"Kazakh patronymic root", "Seitkali!2000x", Context{Patronymic: "Сейтқалиұлы"}, ReasonContext},
		{"e-mail local part", "xb.nurlanov!", Context{Email: "b.nurlanov@mail.kz"}, ReasonContext},
		{"e-mail word", "super-aigerim-7", Context{Email: "aigerim.s@mail.kz"}, ReasonContext},
		{"phone", "x2345678y!", bekzat, ReasonContext},
		{"phone with dashes", "qq234-56-78!", bekzat, ReasonContext},

		// Guessable (zxcvbn score < 2).
		{"repeat", "aaaaaaaa", Context{}, ReasonGuessable},
		{"repeat, Cyrillic", "аааааааа", Context{}, ReasonGuessable},
		{"sequence", "abcdefghij", Context{}, ReasonGuessable},
		{"keyboard walk", "xdr5tgbhu8", Context{}, ReasonGuessable},
		{"emoji repeat", "😀😀😀😀😀😀😀😀", Context{}, ReasonGuessable},
		{"repeated word", "Менің Менің Менің Менің", Context{}, ReasonGuessable},
		{"date", "1990-05-05a", Context{}, ReasonGuessable},
		{"128 x", strings.Repeat("x", 128), Context{}, ReasonGuessable},
		{"long repeat", strings.Repeat("tulip-", 21), Context{}, ReasonGuessable},

		// Accepted: no composition rules, Unicode and spaces welcome.
		{"Kazakh passphrase", "Менің жаңа құпия сөзім 2026", bekzat, ""},
		{"Kazakh passphrase, no digits", "Бұл менің құпия сөзім!", bekzat, ""},
		{"Russian passphrase", "кот учёного идёт налево", bekzat, ""},
		{"English passphrase", "correct horse battery staple", bekzat, ""},
		{"lowercase only", "tulipembergravyplaza", bekzat, ""},
		{"random 8", "Zq8#kP2m", bekzat, ""},
		{"128 runes", strings.Repeat("Kz9!x", 25) + "Kz9", bekzat, ""},
		{"128 Cyrillic runes", strings.Repeat("Жаңа сөз ", 14) + "Жа", bekzat, ""},
		{"suggestion", "tulip-ember-gravy-plaza-47", bekzat, ""},
		{"spaces", "   Qx7 !kz w0 ", Context{}, ""},
		{"weak start, strong end", strings.Repeat("a", 64) + "Kz9!x-Tulip-ember-7", Context{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reason(Check(tt.pw, tt.c)); got != tt.want {
				t.Errorf("Check(%q) = %q, want %q", tt.pw, got, tt.want)
			}
			// The meter agrees with the verdict.
			s := Strength(tt.pw, tt.c)
			if ok := tt.want == ""; ok != (s.Score >= 2) {
				t.Errorf("Strength(%q).Score = %d, Check accepts: %v", tt.pw, s.Score, ok)
			}
		})
	}
}

func TestRunesNotBytes(t *testing.T) {
	pw := "пароль12"
	if n := utf8.RuneCountInString(pw); n != MinLength || len(pw) <= MinLength {
		t.Fatalf("test data: %d runes, %d bytes", n, len(pw))
	}
	if got := reason(Check(pw, Context{})); got != ReasonCommon {
		t.Errorf("Check(%q) = %q, want common: 8 runes is long enough", pw, got)
	}
	if got := reason(Check("пароль1", Context{})); got != ReasonTooShort {
		t.Errorf("Check(пароль1) = %q, want too_short", got)
	}
}

func TestContextDoesNotOverreach(t *testing.T) {
	// Short names, no data, and data the password does not contain.
	c := Context{Surname: "Ли", GivenName: "Ян", Email: "ab@x.kz", Phone: "12345"}
	for _, pw := range []string{"Ли-Ян-tulip-ember-7", "ab-lion-yankee-90", "12345-tulip-ember"} {
		if err := Check(pw, c); err != nil {
			t.Errorf("Check(%q) = %v", pw, err)
		}
	}
	// Another user's data is fine.
	other := Context{IIN: "950101400123", GivenName: "Айгерим", Surname: "Сейтқалиева"}
	if err := Check("Bekzat-tulip-1988", other); err != nil {
		t.Errorf("Check = %v", err)
	}
}

func TestPolicyError(t *testing.T) {
	err := Check("short", Context{})
	var pe *PolicyError
	if !errors.As(err, &pe) || pe.Reason != ReasonTooShort {
		t.Fatalf("Check(short) = %#v", err)
	}
	if !strings.Contains(err.Error(), "too_short") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestStrength(t *testing.T) {
	for _, tt := range []struct {
		pw      string
		c       Context
		score   int // exact, or -1 for 2..4
		warning string
	}{
		{"", Context{}, 0, WarningTooShort},
		{"aaaaaaaa", Context{}, 0, WarningRepeat},
		{"abcdefghij", Context{}, 0, WarningSequence},
		{"xdr5tgbhu8", Context{}, 0, WarningKeyboard},
		{"qwerty123", Context{}, 0, WarningCommon},
		{"Bekzat1988!", bekzat, 0, WarningContext},
		{"1990-05-05a", Context{}, 0, WarningDate},
		{"Zq8#k", Context{}, 1, WarningTooShort},
		{"Менің жаңа құпия сөзім 2026", bekzat, 4, ""},
		{"kovyl-tumar-bastau-zhuldyz-47", bekzat, 4, ""},
	} {
		s := Strength(tt.pw, tt.c)
		if (tt.score >= 0 && s.Score != tt.score) || (tt.score < 0 && s.Score < 2) || s.Warning != tt.warning {
			t.Errorf("Strength(%q) = %+v, want score %d warning %q", tt.pw, s, tt.score, tt.warning)
		}
		if s.Score < 0 || s.Score > 4 || s.GuessesLog10 < 0 {
			t.Errorf("Strength(%q) = %+v out of range", tt.pw, s)
		}
	}
	// The user's data weakens a password (zxcvbn user inputs).
	pw := "nurlanov-tulip"
	with, without := Strength(pw, bekzat), Strength(pw, Context{})
	if with.GuessesLog10 >= without.GuessesLog10 {
		t.Errorf("with context %.1f, without %.1f", with.GuessesLog10, without.GuessesLog10)
	}
	// Longer random passphrases estimate higher.
	if a, b := Strength("tulip-ember", Context{}), Strength("tulip-ember-gravy-plaza-47", Context{}); a.GuessesLog10 >= b.GuessesLog10 {
		t.Errorf("%.1f >= %.1f", a.GuessesLog10, b.GuessesLog10)
	}
}

var suggestion = regexp.MustCompile(`^([a-z]{4,6}-){4}[1-9][0-9]$`)

func TestSuggest(t *testing.T) {
	const n = 200
	seen := map[string]bool{}
	for range n {
		s := Suggest()
		if !suggestion.MatchString(s) {
			t.Fatalf("Suggest() = %q, not words-words-words-words-NN", s)
		}
		if seen[s] {
			t.Fatalf("Suggest() repeated %q", s)
		}
		seen[s] = true
		for _, c := range []Context{{}, bekzat} {
			if err := Check(s, c); err != nil {
				t.Fatalf("Check(Suggest() = %q) = %v", s, err)
			}
		}
		if sc := Strength(s, Context{}); sc.Score != 4 {
			t.Fatalf("Strength(%q) = %+v, want 4", s, sc)
		}
		words := strings.Split(s, "-")[:SuggestWords]
		for i := range words {
			for j := range i {
				if words[i] == words[j] {
					t.Fatalf("%q repeats a word", s)
				}
			}
		}
	}
}

func TestSuggestForAvoidsContext(t *testing.T) {
	// A name that is part of many list words must still never show up.
	c := Context{Surname: "Ким", GivenName: "Ана", Email: "ore@mail.kz"}
	for range 100 {
		s := SuggestFor(c)
		if err := Check(s, c); err != nil {
			t.Fatalf("Check(SuggestFor() = %q) = %v", s, err)
		}
	}
}

func TestWordList(t *testing.T) {
	words := suggestWords()
	if len(words) < 1000 {
		t.Fatalf("%d words", len(words))
	}
	seen := map[string]bool{}
	for _, w := range words {
		if !regexp.MustCompile(`^[a-z]{4,6}$`).MatchString(w) || seen[w] {
			t.Fatalf("bad or repeated word %q", w)
		}
		seen[w] = true
	}
	// 4 distinct words and a number 10..99: at least 40 bits.
	bits := 0.0
	for i := range SuggestWords {
		bits += math.Log2(float64(len(words) - i))
	}
	bits += math.Log2(90)
	if bits < 40 {
		t.Errorf("%.1f bits", bits)
	}
	t.Logf("%d words, %.1f bits a suggestion", len(words), bits)
}

func TestBlocklist(t *testing.T) {
	if n := len(lines(commonZxcvbn)); n != 10000 {
		t.Errorf("common-zxcvbn.txt: %d entries", n)
	}
	if n := len(lines(commonKZ)); n < 150 {
		t.Errorf("common-kz.txt: %d entries", n)
	}
	for _, w := range []string{"qwerty123", "123456789", "йцукен", "йцукен123", "пароль", "парол123",
		"qazaqstan", "kazakhstan", "almaty", "astana", "enpf", "kabinet"} {
		if _, ok := blockSet()[w]; !ok {
			t.Errorf("%q is not blocked", w)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize("e\u0301"); got != "é" {
		t.Errorf("Normalize = %q", got)
	}
	// The same password typed with composed or decomposed accents.
	if Check("Qx7!ke\u0301zw0", Context{}) != nil || Check("Qx7!kézw0", Context{}) != nil {
		t.Error("refused")
	}
}

func TestToASCII(t *testing.T) {
	for in, want := range map[string]string{
		"Менің":  "Mening",
		"ЖҰЛДЫЗ": "ZhULDYZ",
		"café":   "cafe",
		"ｑｗｅ":    "qwe",
		"plain":  "plain",
	} {
		if got := toASCII(in); got != want {
			t.Errorf("toASCII(%q) = %q, want %q", in, got, want)
		}
	}
	if got := toASCII("日本語"); len(got) != 3 || !isASCII(got) {
		t.Errorf("toASCII(日本語) = %q", got)
	}
}

// TestConcurrent runs the lazy loading from many goroutines (for -race).
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Check("Менің жаңа құпия сөзім 2026", bekzat)
			Strength("qwerty123", Context{})
			if i%2 == 0 {
				Suggest()
			}
		}()
	}
	wg.Wait()
}
