// Package lang is Kabinet's thin layer over Fyne's translations: every
// visible string goes through L with a literal key, looked up in
// assets/translations/{ru,kk,en}.json for the language chosen in the app.
//
// Fyne's own fyne.io/fyne/v2/lang follows the OS locale and has no public
// call to force a language, so the in-app RU/KZ/EN switch needs this layer.
package lang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	"github.com/kabinet-kz/kabinet/assets"
)

// Supported language codes, in the order of the switch.
var Supported = []string{"ru", "kk", "en"}

// Default is used when the OS locale is unknown or not supported.
const Default = "ru"

var (
	current atomic.Value // string
	tables  = map[string]*table{}
)

// table is one language's translations, parsed from its JSON on first use:
// a start-up parses only the language it shows (about 1 ms each).
type table struct {
	code string
	once sync.Once
	m    map[string]string
}

func (t *table) get() map[string]string {
	t.once.Do(func() {
		data, err := fs.ReadFile(assets.Translations, "translations/"+t.code+".json")
		if err != nil {
			panic(fmt.Sprintf("lang: missing translations for %s: %v", t.code, err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			panic(fmt.Sprintf("lang: bad translations for %s: %v", t.code, err))
		}
		t.m = m
	})
	return t.m
}

// messages is the table of a supported language (nil for another code).
func messages(code string) map[string]string {
	if t := tables[code]; t != nil {
		return t.get()
	}
	return nil
}

func init() {
	for _, code := range Supported {
		tables[code] = &table{code: code}
	}
	current.Store(Default)
}

// Keys returns the translation table of a language (a copy), for tests.
func Keys(code string) map[string]string {
	out := map[string]string{}
	for k, v := range messages(code) {
		out[k] = v
	}
	return out
}

// Current is the language in use.
func Current() string { return current.Load().(string) }

// Set switches the language; unknown codes fall back to Default.
func Set(code string) { current.Store(Normalize(code)) }

// Normalize maps a code or locale ("kk_KZ.UTF-8", "kz", "ru-RU") to one of
// Supported, or Default.
func Normalize(code string) string {
	c := strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(c, "_-.@"); i >= 0 {
		c = c[:i]
	}
	switch c {
	case "kz", "kaz":
		c = "kk"
	case "rus":
		c = "ru"
	case "eng":
		c = "en"
	}
	for _, s := range Supported {
		if s == c {
			return s
		}
	}
	return Default
}

// FromEnvironment picks the language from the POSIX locale variables
// (LC_ALL, LC_MESSAGES, LANG, in that order). "C", "POSIX" and anything
// unsupported give Default; nothing is logged.
func FromEnvironment(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		val := getenv(v)
		if val == "" {
			continue
		}
		if v == "LANGUAGE" {
			val = strings.Split(val, ":")[0]
		}
		return Normalize(val)
	}
	return Default
}

// L translates key into the current language. data, when given, fills a
// text/template in the translation ({{.Name}}). A key missing from the
// current language falls back to Russian, then to the key itself.
func L(key string, data ...any) string {
	return In(Current(), key, data...)
}

// Later is a template value made when the text is, not when the data is:
// a message kept to be shown again after a language switch (an error
// line, a banner) names a status, a field or an inner error in the
// language of the moment. lang.Later(func() string { return L("k") }).
type Later func() string

// String is the value in the current language.
func (l Later) String() string { return l() }

// Lazy is L(key, data...) as a Later.
func Lazy(key string, data ...any) Later { return func() string { return L(key, data...) } }

// In translates key into the given language.
func In(code, key string, data ...any) string {
	s, ok := messages(code)[key]
	if !ok {
		if s, ok = messages(Default)[key]; !ok {
			s = key
		}
	}
	if len(data) == 0 || data[0] == nil || !strings.Contains(s, "{{") {
		return s
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(s)
	if err != nil {
		return s
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data[0]); err != nil {
		return s
	}
	return b.String()
}
