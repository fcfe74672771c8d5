package passwords

// zxcvbn scoring on top of github.com/ccojocar/zxcvbn-go (see the package
// doc): the library's embedded frequency lists, keyboard graphs, entropy
// formulas and scoring (scoring.MinimumEntropyMatchSequence), with the
// matchers in zxmatch.go. The library's matching and frequency packages are
// not imported: their init parses all the lists at program start (about
// 40 ms and 18 MB, most of it for matchers replaced here), whereas this
// package loads them on first use, or in the background with Preload.

import (
	"encoding/json"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/ccojocar/zxcvbn-go/adjacency"
	"github.com/ccojocar/zxcvbn-go/data"
	"github.com/ccojocar/zxcvbn-go/match"
	"github.com/ccojocar/zxcvbn-go/scoring"
)

// The matchers cost more than linear time in the length of the password, so
// they run on chunks of zxcvbnChunk bytes of its ASCII rendering; the repeat
// matcher and the scoring run on the whole of it, up to zxcvbnMaxInput
// bytes (at that length anything not made of patterns scores 4 long
// before). A word straddling two chunks is scored as two pieces, which can
// only overestimate it by the entropy of a split word.
const (
	zxcvbnChunk    = 64
	zxcvbnMaxInput = 2 * zxcvbnChunk
)

// Dictionary names as they appear in matches: the library's lists, the
// Kazakhstan/Russia list and the user's own words.
const (
	dictPasswords  = "Passwords"
	dictKZ         = "kz_common"
	dictUserInputs = "user_inputs"
)

// zxLists are the library's frequency lists, most common first.
var zxLists = []struct{ name, asset string }{
	{"English", "data/English.json"},
	{"FemaleNames", "data/FemaleNames.json"},
	{"MaleNames", "data/MaleNames.json"},
	{dictPasswords, "data/Passwords.json"},
	{"Surname", "data/Surnames.json"},
}

type dictRank struct {
	dict string
	rank int
}

type spatialGraph struct {
	adjacency.Graph
	starts, degree float64 // zxcvbn's s and d
}

var zx struct {
	once  sync.Once
	words map[string]dictRank // lowercase word: the list ranking it best
	// longest[p] is the length of the longest word starting with the
	// 3-byte prefix p: substrings are only looked up where a word may be.
	longest map[string]int
	leet    map[byte][]byte // look-alike: the letters it may stand for
	graphs  []spatialGraph
}

// Preload loads the word lists now (about 40 ms) rather than on the first
// Check or Strength; a screen with a password field may call it in a
// goroutine when it opens. Calling it is optional and safe at any time.
func Preload() {
	zx.once.Do(loadZX)
}

func loadZX() {
	zx.words = make(map[string]dictRank, 100000)
	zx.longest = make(map[string]int, 5000)
	add := func(dict string, list []string) {
		for i, w := range list {
			w = strings.ToLower(w)
			if w == "" || !isASCII(w) {
				continue
			}
			if old, ok := zx.words[w]; ok && old.rank <= i+1 {
				continue
			}
			zx.words[w] = dictRank{dict, i + 1}
			if len(w) > 3 {
				zx.longest[w[:3]] = max(zx.longest[w[:3]], len(w))
			}
		}
	}
	for _, l := range zxLists {
		raw, err := data.Asset(l.asset)
		var list struct{ List []string }
		if err == nil {
			err = json.Unmarshal(raw, &list)
		}
		if err != nil {
			// Embedded in the library: cannot happen with a good build.
			panic("passwords: zxcvbn list " + l.asset + ": " + err.Error())
		}
		add(l.name, list.List)
	}
	add(dictKZ, kzWords())

	l33t := adjacency.GraphMap["l33t"].Graph
	letters := make([]string, 0, len(l33t))
	for l := range l33t {
		letters = append(letters, l)
	}
	sort.Strings(letters)
	zx.leet = map[byte][]byte{}
	for _, l := range letters {
		for _, sub := range l33t[l] {
			if len(sub) == 1 && len(l) == 1 {
				zx.leet[sub[0]] = append(zx.leet[sub[0]], l[0])
			}
		}
	}

	qwerty := adjacency.GraphMap["qwerty"]
	keypad := adjacency.GraphMap["keypad"]
	qs, qd := float64(len(qwerty.Graph)), qwerty.CalculateAvgDegree()
	ks, kd := float64(len(keypad.Graph)), keypad.CalculateAvgDegree()
	for _, name := range []string{"qwerty", "dvorak", "keypad", "macKeypad"} {
		g := spatialGraph{Graph: adjacency.GraphMap[name], starts: ks, degree: kd}
		if name == "qwerty" || name == "dvorak" {
			g.starts, g.degree = qs, qd
		}
		if g.Graph.Graph != nil {
			zx.graphs = append(zx.graphs, g)
		}
	}
}

// zxResult is zxcvbn's verdict on one ASCII string.
type zxResult struct {
	entropy  float64
	score    int
	sequence []match.Match
}

// zxcvbnASCII scores an ASCII password against the dictionaries and the
// user inputs; repeats also looks for repeated substrings.
func zxcvbnASCII(pw string, inputs []userInput, repeats bool) zxResult {
	zx.once.Do(loadZX)
	if len(pw) > zxcvbnMaxInput {
		pw = pw[:zxcvbnMaxInput]
	}
	var matches []match.Match
	for from := 0; from < len(pw); from += zxcvbnChunk {
		matches = chunkMatches(pw[from:min(len(pw), from+zxcvbnChunk)], from, inputs, matches)
	}
	if repeats {
		matches = repeatMatches(pw, inputs, matches)
	}
	r := scoring.MinimumEntropyMatchSequence(pw, prune(matches))
	return zxResult{entropy: r.Entropy, score: r.Score, sequence: r.MatchSequence}
}

// chunkMatches adds the matches found in chunk, which starts at offset in
// the password.
func chunkMatches(chunk string, offset int, inputs []userInput, out []match.Match) []match.Match {
	lower := strings.ToLower(chunk)
	first := len(out)
	out = dictionaryMatches(chunk, lower, lower, nil, inputs, out)
	out = leetMatches(chunk, lower, inputs, out)
	for _, g := range zx.graphs {
		out = spatialMatches(chunk, g, out)
	}
	out = sequenceMatches(chunk, out)
	out = dateMatches(chunk, out)
	if offset != 0 {
		for i := first; i < len(out); i++ {
			out[i].I += offset
			out[i].J += offset
		}
	}
	return out
}

// userInput is a word of the user's, ranked by its place in the list.
type userInput struct {
	word string
	rank int
}

// prune keeps, of the matches covering the same span, the first with the
// lowest entropy: the only one the scoring can pick. The scoring looks at
// every match for every position, so this saves most of its time on
// passwords with many overlapping words or look-alikes. The order, fixed,
// only decides between equal entropies, so no sorting is needed.
func prune(matches []match.Match) []match.Match {
	best := make(map[[2]int]int, len(matches))
	out := matches[:0]
	for _, m := range matches {
		k := [2]int{m.I, m.J}
		if i, ok := best[k]; ok {
			if m.Entropy < out[i].Entropy {
				out[i] = m
			}
			continue
		}
		best[k] = len(out)
		out = append(out, m)
	}
	return out
}

// zxcvbnScore scores pw (NFC) with the user's words as user inputs.
func zxcvbnScore(pw string, userInputs []string) Score {
	var inputs []userInput
	seen := map[string]bool{}
	for i, w := range userInputs {
		w = strings.ToLower(w)
		if w == "" || seen[w] || !isASCII(w) {
			continue
		}
		seen[w] = true
		inputs = append(inputs, userInput{w, i + 1})
	}
	r := zxcvbnASCII(toASCII(pw), inputs, true)
	// Russian typed on the Latin layout's keys: "йцукен" is "qwerty".
	if strings.ContainsFunc(pw, func(r rune) bool { _, ok := layout[unicode.ToLower(r)]; return ok }) {
		if l := zxcvbnASCII(toASCII(toLayout(pw)), inputs, true); l.entropy < r.entropy {
			r = l
		}
	}
	s := Score{Score: r.score, GuessesLog10: r.entropy * math.Log10(2)}
	if s.Score < 3 {
		s.Warning = warningOf(r.sequence)
	}
	return s
}

// warningOf names the longest pattern zxcvbn found.
func warningOf(seq []match.Match) string {
	best := -1
	for i, m := range seq {
		if m.Pattern == "" || m.Pattern == "bruteforce" {
			continue
		}
		if best < 0 || len(m.Token) > len(seq[best].Token) {
			best = i
		}
	}
	if best < 0 {
		return WarningGuessable
	}
	m := seq[best]
	switch m.Pattern {
	case "dictionary":
		name := strings.TrimSuffix(m.DictionaryName, "_l33t")
		switch name {
		case dictUserInputs:
			return WarningContext
		case dictPasswords, dictKZ:
			return WarningCommon
		}
		return WarningDictionary
	case "repeat":
		return WarningRepeat
	case "sequence":
		return WarningSequence
	case "spatial":
		return WarningKeyboard
	case "date":
		return WarningDate
	}
	return WarningGuessable
}
