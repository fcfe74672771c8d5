package lang

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestTranslationsComplete(t *testing.T) {
	ru := Keys("ru")
	if len(ru) < 50 {
		t.Fatalf("ru has only %d keys", len(ru))
	}
	for _, code := range Supported {
		tab := Keys(code)
		for k := range ru {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s: key %q missing or empty", code, k)
			}
		}
		for k := range tab {
			if _, ok := ru[k]; !ok {
				t.Errorf("%s: key %q not in ru", code, k)
			}
		}
	}
}

func TestTemplatesSameFields(t *testing.T) {
	field := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	fields := func(s string) string {
		var out []string
		for _, m := range field.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	for k, v := range Keys("ru") {
		for _, code := range []string{"kk", "en"} {
			if got := fields(In(code, k)); got != fields(v) {
				t.Errorf("%s %q uses fields %q, ru uses %q", code, k, got, fields(v))
			}
		}
	}
}

// TestKeysUsedInCodeExist scans the project for lang.L(<literal>) calls and
// checks every literal key exists.
func TestKeysUsedInCodeExist(t *testing.T) {
	call := regexp.MustCompile(`lang\.L\("([^"]+)"`)
	ru := Keys("ru")
	n := 0
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time; see TestDynamicKeys
			}
			n++
			if _, ok := ru[key]; !ok {
				t.Errorf("%s: key %q not translated", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Fatalf("found only %d lang.L calls; is the scan broken?", n)
	}
}

func TestFallbackAndTemplate(t *testing.T) {
	defer Set(Current())
	Set("kk")
	if got := L("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key gives %q", got)
	}
	if got := L("iin.typing", map[string]any{"N": 3}); !strings.Contains(got, "3") {
		t.Errorf("template not filled: %q", got)
	}
	Set("en")
	if got := L("login.remember"); got != "Remember IIN" {
		t.Errorf("en login.remember = %q", got)
	}
	Set("ru")
	if got := L("login.remember"); got != "Запомнить ИИН" {
		t.Errorf("ru login.remember = %q", got)
	}
}

func TestNormalizeAndEnvironment(t *testing.T) {
	cases := map[string]string{
		"kk_KZ.UTF-8": "kk", "ru_RU.UTF-8": "ru", "en_US": "en", "kz": "kk",
		"C": "ru", "C.UTF-8": "ru", "POSIX": "ru", "de_DE.UTF-8": "ru", "": "ru",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := FromEnvironment(env(map[string]string{"LANG": "C"})); got != "ru" {
		t.Errorf("LANG=C gives %q", got)
	}
	if got := FromEnvironment(env(map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "kk_KZ.UTF-8"})); got != "en" {
		t.Errorf("LC_ALL first: %q", got)
	}
	if got := FromEnvironment(env(map[string]string{"LANG": "kk_KZ.UTF-8"})); got != "kk" {
		t.Errorf("LANG=kk: %q", got)
	}
}

// A Later value is made at each translation: the text of data kept since
// follows the language.
func TestLaterFollowsTheLanguage(t *testing.T) {
	defer Set(Current())
	data := map[string]any{"Field": Later(func() string { return L("forecast.savings") })}
	Set("ru")
	ru := L("forecast.error.amount", data)
	Set("kk")
	kk := L("forecast.error.amount", data)
	if !strings.Contains(ru, In("ru", "forecast.savings")) || !strings.Contains(kk, In("kk", "forecast.savings")) ||
		strings.Contains(kk, In("ru", "forecast.savings")) {
		t.Errorf("ru %q, kk %q", ru, kk)
	}
}
