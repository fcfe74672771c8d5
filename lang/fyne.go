package lang

import (
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	fynetr "fyne.io/fyne/v2/lang"
)

// Fyne's own texts (its file and folder dialogs, the buttons of its
// confirm dialogs, the entry's menu, the calendar) come from
// fyne.io/fyne/v2/lang, which picks the translation closest to the OS
// locale once and has no call to choose another. What it has is
// AddTranslationsForLocale, and a later file for a locale overrides the
// messages of an earlier one. So ApplyToFyne registers the app's
// language's texts (the "fyne.*" keys of our tables) under every locale
// Fyne v2.7.1 ships: whichever of them the OS locale matches, Fyne then
// speaks the app's language.

// fyneLocales are the locales of fyne.io/fyne/v2@v2.7.1/lang/translations
// (en is its fallback).
var fyneLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

var (
	fyneMu      sync.Mutex
	fyneApplied string
)

// fyneMessages is Fyne's message table in language code, as JSON.
func fyneMessages(code string) []byte {
	m := map[string]string{}
	for k, v := range messages(code) {
		if id, ok := strings.CutPrefix(k, "fyne."); ok {
			m[id] = v
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		panic(err) // a map of strings always marshals
	}
	return data
}

// ApplyToFyne makes Fyne's own texts follow the current language. Call it
// on the UI goroutine (Fyne's localizer has no lock) after Set; it does
// nothing when the language has not changed since the last call.
func ApplyToFyne() error {
	fyneMu.Lock()
	defer fyneMu.Unlock()
	code := Current()
	if code == fyneApplied {
		return nil
	}
	data := fyneMessages(code)
	for _, l := range fyneLocales {
		if err := fynetr.AddTranslationsForLocale(data, l); err != nil {
			return err
		}
	}
	fyneApplied = code
	return nil
}
