package passwords

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/common-zxcvbn.txt
var commonZxcvbn string

//go:embed data/common-kz.txt
var commonKZ string

// minStripped is the shortest core, once digits and punctuation are
// stripped around it, that is still compared with the list.
const minStripped = 3

var blocklist struct {
	once sync.Once
	set  map[string]struct{}
	// kz is the ASCII forms of common-kz.txt, most common first, given to
	// zxcvbn as one more dictionary.
	kz []string
}

// lines returns the entries of an embedded list, lowercase and in NFC.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, strings.ToLower(Normalize(l)))
	}
	return out
}

func loadBlocklist() {
	b := &blocklist
	b.set = make(map[string]struct{}, 40000)
	add := func(e string) {
		forms := []string{e}
		if hasCyrillic(e) {
			forms = append(forms, toLayout(e), transliterate(e))
		}
		for _, f := range forms {
			keys(f, func(k string) bool {
				b.set[k] = struct{}{}
				return false
			})
		}
	}
	for _, e := range lines(commonZxcvbn) {
		add(e)
	}
	seen := map[string]bool{}
	for _, e := range lines(commonKZ) {
		add(e)
		forms := []string{e}
		if hasCyrillic(e) {
			forms = []string{transliterate(e), toLayout(e)}
		}
		for _, f := range forms {
			if isASCII(f) && !seen[f] {
				seen[f] = true
				b.kz = append(b.kz, f)
			}
		}
	}
}

func blockSet() map[string]struct{} {
	blocklist.once.Do(loadBlocklist)
	return blocklist.set
}

// kzWords is the Kazakhstan/Russia list in ASCII, for zxcvbn.
func kzWords() []string {
	blocklist.once.Do(loadBlocklist)
	return blocklist.kz
}

// transliterate spells lowercase s in Latin with the first spelling of each
// Cyrillic letter.
func transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if vs, ok := translit[r]; ok {
			b.WriteString(vs[0])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// keys calls f with the forms of s under which the list is indexed and
// searched: s itself, s with trailing digits, punctuation and spaces
// stripped, s with them stripped on both ends, and each of these with
// leetspeak undone. It stops when f returns true.
func keys(s string, f func(string) bool) bool {
	right := strings.TrimRightFunc(s, isFiller)
	both := strings.TrimLeftFunc(right, isFiller)
	for i, k := range [3]string{s, right, both} {
		if i > 0 && (k == s || utf8.RuneCountInString(k) < minStripped) {
			continue
		}
		if i == 2 && k == right {
			continue
		}
		if f(k) {
			return true
		}
		if d := deleet(k); d != k && f(d) {
			return true
		}
	}
	return false
}

// isCommon tells whether lowercase pw is, or is close to, a common password.
func isCommon(lower string) bool {
	set := blockSet()
	hit := func(k string) bool {
		_, ok := set[k]
		return ok
	}
	if keys(lower, hit) {
		return true
	}
	// Typed on the Latin layout while meaning Russian or the other way
	// round ("зфыыцщкв" is "password").
	if hasCyrillic(lower) && keys(strings.ToLower(toLayout(lower)), hit) {
		return true
	}
	// Full-width and other compatibility forms ("ｑｗｅｒｔｙ").
	if !isASCII(lower) {
		if k := strings.ToLower(norm.NFKC.String(lower)); k != lower && keys(k, hit) {
			return true
		}
	}
	return false
}
