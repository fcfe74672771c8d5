package passwords

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Length limits, in Unicode characters (runes after NFC normalisation).
const (
	MinLength = 8
	MaxLength = 128
)

// The reasons Check gives, stable keys for translations
// ("password.reason.<Reason>").
const (
	ReasonTooShort  = "too_short"
	ReasonTooLong   = "too_long"
	ReasonCommon    = "common"
	ReasonContext   = "context"
	ReasonGuessable = "guessable"
)

// Context is what is known about the user: a password must not contain it.
// Every field may be empty.
type Context struct {
	IIN        string
	Surname    string
	GivenName  string
	Patronymic string
	BirthDate  string // YYYY-MM-DD; when empty it is taken from the IIN
	Email      string
	Phone      string
}

// PolicyError tells why a password is refused.
type PolicyError struct {
	Reason string // one of the Reason* constants
}

func (e *PolicyError) Error() string { return "password refused: " + e.Reason }

// Score is the strength meter's reading.
type Score struct {
	// Score is the zxcvbn score 0..4 (0-1 weak, 2 fair, 3 good, 4 strong).
	// It is at most 1 for a password Check refuses, so that the meter and
	// the verdict agree: Check(pw, c) == nil exactly when Score >= 2.
	Score int
	// GuessesLog10 is log10 of the estimated number of guesses (zxcvbn's
	// entropy in decimal digits), capped like Score.
	GuessesLog10 float64
	// Warning is "" or a stable key ("password.warning.<Warning>") naming
	// the main weakness when Score < 3: one of the Warning* constants.
	Warning string
}

// The warnings Strength gives.
const (
	WarningTooShort   = "too_short"  // shorter than MinLength
	WarningTooLong    = "too_long"   // longer than MaxLength
	WarningCommon     = "common"     // a common password or close to one
	WarningContext    = "context"    // contains the user's own data
	WarningDictionary = "dictionary" // mostly a word or name
	WarningRepeat     = "repeat"     // repeated characters or words ("aaaa", "abcabc")
	WarningSequence   = "sequence"   // "abcd", "6789"
	WarningKeyboard   = "keyboard"   // a row or walk on the keyboard
	WarningDate       = "date"       // a date or a year
	WarningGuessable  = "guessable"  // simple otherwise
)

// score2Log10 is log10 of the guesses at which zxcvbn-go's score reaches 2
// (crack time 10^4 s at 10^-4 s a guess, half the space on average).
var score2Log10 = math.Log10(2e8)

// Normalize returns pw in Unicode NFC: what Check measures and what the
// service should hash.
func Normalize(pw string) string { return norm.NFC.String(pw) }

// Check tells whether pw may be used by the user described by c: nil, or a
// *PolicyError with the first rule broken, in the order too_short,
// too_long, common, context, guessable.
func Check(pw string, c Context) error {
	if r := evaluate(pw, c, false).reason; r != "" {
		return &PolicyError{Reason: r}
	}
	return nil
}

// Strength returns the meter's reading for pw, taking the user's data as
// zxcvbn user inputs.
func Strength(pw string, c Context) Score {
	return evaluate(pw, c, true).score
}

type verdict struct {
	reason string
	score  Score
}

// evaluate runs the policy. Check stops at the first broken rule; Strength
// (full) always scores the password.
func evaluate(pw string, c Context, full bool) verdict {
	// A huge paste: NFC composes at most 4 runes into one, so no need to
	// normalise megabytes to know the answer.
	if utf8.RuneCountInString(pw) > 4*MaxLength {
		return verdict{reason: ReasonTooLong, score: Score{Warning: WarningTooLong}}
	}
	pw = Normalize(pw)
	n := utf8.RuneCountInString(pw)
	var v verdict
	switch {
	case n < MinLength:
		v.reason = ReasonTooShort
	case n > MaxLength:
		v.reason = ReasonTooLong
	}
	if v.reason != "" && !full {
		return v
	}
	lower := strings.ToLower(pw)
	ctx := buildContext(c)
	if v.reason == "" && isCommon(lower) {
		v.reason = ReasonCommon
	}
	if v.reason == "" && ctx.matches(lower) {
		v.reason = ReasonContext
	}
	if v.reason != "" && !full {
		return v
	}
	z := zxcvbnScore(pw, ctx.userInputs)
	if v.reason == "" && z.Score < 2 {
		v.reason = ReasonGuessable
	}
	v.score = z
	if v.reason != "" {
		if v.score.Score > 1 {
			v.score.Score = 1
		}
		if limit := score2Log10 - 0.01; v.score.GuessesLog10 > limit {
			v.score.GuessesLog10 = limit
		}
		switch v.reason {
		case ReasonTooShort:
			v.score.Warning = WarningTooShort
		case ReasonTooLong:
			v.score.Warning = WarningTooLong
		case ReasonCommon:
			v.score.Warning = WarningCommon
		case ReasonContext:
			v.score.Warning = WarningContext
		}
		if n == 0 {
			v.score = Score{Warning: WarningTooShort}
		}
	}
	return v
}
