package passwords

import (
	"crypto/rand"
	_ "embed"
	"math/big"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/words-eff.txt
var wordsEFF string

var suggestWords = sync.OnceValue(func() []string { return lines(wordsEFF) })

// SuggestWords is how many words a suggestion has.
const SuggestWords = 4

// Suggest returns a random passphrase: SuggestWords distinct words of the
// embedded list (2,766 words of 4-6 letters, about 11.4 bits each) joined
// by "-", then "-" and a number 10..99, e.g. "tulip-ember-gravy-plaza-47":
// about 52 bits from crypto/rand. It passes Check with an empty Context and
// scores 4; use SuggestFor to also rule out the user's own data.
func Suggest() string { return SuggestFor(Context{}) }

// SuggestFor is Suggest for the user described by c: the passphrase passes
// Check(·, c) and scores 4 (a draw that happens to contain, say, the user's
// name is drawn again).
func SuggestFor(c Context) string {
	words := suggestWords()
	var s string
	for range 100 {
		s = draw(words)
		if evaluate(s, c, true).score.Score == 4 {
			return s
		}
	}
	// Not reached in practice: each draw fails with a probability far
	// below 1%.
	return s
}

func draw(words []string) string {
	picked := make([]string, 0, SuggestWords+1)
	for len(picked) < SuggestWords {
		w := words[randInt(len(words))]
		dup := false
		for _, p := range picked {
			dup = dup || p == w
		}
		if !dup {
			picked = append(picked, w)
		}
	}
	picked = append(picked, strconv.Itoa(10+randInt(90)))
	return strings.Join(picked, "-")
}

// randInt returns a uniform integer in [0, n) from crypto/rand.
func randInt(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		// crypto/rand does not fail on supported systems (Go 1.24+).
		panic("passwords: crypto/rand: " + err.Error())
	}
	return int(v.Int64())
}
