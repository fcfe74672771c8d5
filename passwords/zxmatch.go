package passwords

// zxcvbn's matchers, on an ASCII password (bytes are characters). The
// keyboard and sequence matchers are ports of github.com/ccojocar/zxcvbn-go's
// matching/spatialMatch.go and matching/sequenceMatch.go (MIT, Copyright (c)
// Nathan Button); the dictionary and leetspeak matchers do what the
// library's do without building a string for every substring; the date and
// repeat matchers follow zxcvbn 4 (Dropbox, MIT), which the library's
// predate.

import (
	"math"
	"strings"

	"github.com/ccojocar/zxcvbn-go/entropy"
	"github.com/ccojocar/zxcvbn-go/match"
	zxmath "github.com/ccojocar/zxcvbn-go/utils/math"
)

// dictionaryMatches adds a match for every substring of word (the
// password, lowercase, possibly with look-alikes undone) found in the
// dictionaries or the user inputs. When subbed is not nil only substrings
// with a substitution count, and they get zxcvbn's extra l33t entropy.
func dictionaryMatches(pw, lower, word string, subbed []int, inputs []userInput, out []match.Match) []match.Match {
	emit := func(i, j int, d dictRank) {
		if subbed != nil && subbed[j]-subbed[i] == 0 {
			return
		}
		m := match.Match{Pattern: "dictionary", DictionaryName: d.dict, I: i, J: j - 1, Token: pw[i:j]}
		m.Entropy = entropy.DictionaryEntropy(m, float64(d.rank))
		if subbed != nil {
			m.DictionaryName += "_l33t"
			m.Entropy += leetEntropy(lower[i:j], word[i:j])
		}
		out = append(out, m)
	}
	n := len(word)
	for i := 0; i < n; i++ {
		for j := i + 1; j <= n && j <= i+3; j++ {
			if d, ok := zx.words[word[i:j]]; ok {
				emit(i, j, d)
			}
		}
		if i+3 >= n {
			continue
		}
		for j, end := i+4, min(n, i+zx.longest[word[i:i+3]]); j <= end; j++ {
			if d, ok := zx.words[word[i:j]]; ok {
				emit(i, j, d)
			}
		}
	}
	for _, in := range inputs {
		for from := 0; ; {
			k := strings.Index(word[from:], in.word)
			if k < 0 {
				break
			}
			i := from + k
			emit(i, i+len(in.word), dictRank{dictUserInputs, in.rank})
			from = i + 1
		}
	}
	return out
}

// leetMatches undoes look-alikes ("p@ssw0rd") and looks the result up.
// A look-alike standing for two letters ('1' for i or l) gives one variant
// for each; at most maxLeetVariants variants are tried.
func leetMatches(pw, lower string, inputs []userInput, out []match.Match) []match.Match {
	const maxLeetVariants = 16
	var ambiguous []byte
	found := false
	for i := 0; i < len(lower); i++ {
		ls, ok := zx.leet[lower[i]]
		if !ok {
			continue
		}
		found = true
		if len(ls) > 1 && !strings.ContainsRune(string(ambiguous), rune(lower[i])) {
			ambiguous = append(ambiguous, lower[i])
		}
	}
	if !found {
		return out
	}
	subbed := make([]int, len(lower)+1)
	for i := 0; i < len(lower); i++ {
		subbed[i+1] = subbed[i]
		if _, ok := zx.leet[lower[i]]; ok {
			subbed[i+1]++
		}
	}
	variants := 1
	for range ambiguous {
		if variants*2 > maxLeetVariants {
			break
		}
		variants *= 2
	}
	buf := []byte(lower)
	for v := 0; v < variants; v++ {
		for i := 0; i < len(lower); i++ {
			ls, ok := zx.leet[lower[i]]
			if !ok {
				continue
			}
			pick := 0
			if len(ls) > 1 {
				k := strings.IndexByte(string(ambiguous), lower[i])
				pick = ((v >> k) & 1) % len(ls)
			}
			buf[i] = ls[pick]
		}
		out = dictionaryMatches(pw, lower, string(buf), subbed, inputs, out)
	}
	return out
}

// leetEntropy is zxcvbn's extra entropy for look-alikes: for each
// substitution, the ways to choose which occurrences of the letter are
// substituted.
func leetEntropy(orig, word string) float64 {
	variations := 1.0
	var done [128]bool // substitutes already counted
	for i := 0; i < len(orig); i++ {
		sub, letter := orig[i], word[i]
		if sub == letter || sub >= 128 || done[sub] {
			continue
		}
		done[sub] = true
		s := float64(strings.Count(orig, orig[i:i+1]))
		u := float64(strings.Count(orig, word[i:i+1]))
		if s == 0 || u == 0 {
			variations *= 2
			continue
		}
		possibilities := 0.0
		for k := 1.0; k <= math.Min(u, s); k++ {
			possibilities += zxmath.NChoseK(u+s, k)
		}
		variations *= possibilities
	}
	return math.Log2(variations)
}

// repeatMatches finds a substring repeated back to back ("aaaa", "abcabc",
// "Менің Менің Менің"), possibly ending with part of it ("tulip-tulip-tu"),
// and scores it as zxcvbn 4 does: the base's entropy plus log2 of the count
// (plus log2 of the base's length for a part at the end). The library's
// repeat matcher only knows single characters and, as it runs per chunk,
// not across chunks. The first few distinct bases are scored by zxcvbn
// itself, any further ones by brute force.
func repeatMatches(pw string, inputs []userInput, out []match.Match) []match.Match {
	const maxScoredBases = 4
	n := len(pw)
	var cache map[string]float64
	for i := 0; i+3 <= n; i++ {
		bestL, bestK, bestEnd := 0, 0, 0
		for l := 1; i+2*l <= n; l++ {
			base := pw[i : i+l]
			k := 1
			for i+(k+1)*l <= n && pw[i+k*l:i+(k+1)*l] == base {
				k++
			}
			if k < 2 || (l == 1 && k < 3) {
				continue
			}
			end := i + k*l
			for end < n && pw[end] == base[(end-i)%l] {
				end++
			}
			if end > bestEnd {
				bestL, bestK, bestEnd = l, k, end
				if end == n {
					break // nothing can cover more
				}
			}
		}
		if bestK == 0 {
			continue
		}
		base := pw[i : i+bestL]
		e, ok := cache[base]
		if !ok {
			if cache == nil {
				cache = map[string]float64{}
			}
			if len(cache) < maxScoredBases {
				e = zxcvbnASCII(base, inputs, false).entropy
			} else {
				e = float64(len(base)) * math.Log2(entropy.CalcBruteForceCardinality(base))
			}
			cache[base] = e
		}
		e += math.Log2(float64(bestK))
		if bestEnd > i+bestL*bestK {
			e += math.Log2(float64(bestL))
		}
		out = append(out, match.Match{Pattern: "repeat", DictionaryName: "repeat_substring", I: i, J: bestEnd - 1,
			Token: pw[i:bestEnd], Entropy: e})
	}
	return out
}

// spatialMatches finds keyboard walks of 3+ keys in one graph (a port of
// the library's spatialMatchHelper, with the graph's constants computed
// once instead of re-reading the keyboard map for every match).
func spatialMatches(pw string, g spatialGraph, out []match.Match) []match.Match {
	for i := 0; i < len(pw)-1; {
		j := i + 1
		lastDirection := -99
		turns := 0
		shifted := 0
		for {
			found := false
			if j < len(pw) {
				adjacents := g.Graph.Graph[pw[j-1:j]]
				cur := pw[j : j+1]
				for dir, adj := range adjacents {
					idx := strings.Index(adj, cur)
					if idx < 0 {
						continue
					}
					found = true
					if idx == 1 {
						shifted++
					}
					if lastDirection != dir {
						turns++
						lastDirection = dir
					}
					break
				}
			}
			if found {
				j++
				continue
			}
			if j-i > 2 {
				m := match.Match{Pattern: "spatial", I: i, J: j - 1, Token: pw[i:j], DictionaryName: g.Graph.Name}
				m.Entropy = spatialEntropy(g, j-i, turns, shifted)
				out = append(out, m)
			}
			i = j
			break
		}
	}
	return out
}

// spatialEntropy is the library's entropy.SpatialEntropy.
func spatialEntropy(g spatialGraph, length, turns, shifted int) float64 {
	s, d, l := g.starts, g.degree, float64(length)
	possibilities := 0.0
	for i := 2.0; i <= l+1; i++ {
		possibleTurns := math.Min(float64(turns), i-1)
		for j := 1.0; j <= possibleTurns+1; j++ {
			possibilities += zxmath.NChoseK(i-1, j-1) * s * math.Pow(d, j)
		}
	}
	e := math.Log2(possibilities)
	if shifted > 0 {
		S, U := float64(shifted), l-float64(shifted)
		possibilities = 0
		for i := 0.0; i < math.Min(S, U)+1; i++ {
			possibilities += zxmath.NChoseK(S+U, i)
		}
		e += math.Log2(possibilities)
	}
	return e
}

// zxSequences are the runs the sequence matcher knows ("abcd", "9876").
var zxSequences = []struct{ name, chars string }{
	{"lower", "abcdefghijklmnopqrstuvwxyz"},
	{"upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
	{"digits", "0123456789"},
}

// sequenceMatches finds runs of 3+ consecutive letters or digits, up or
// down.
func sequenceMatches(pw string, out []match.Match) []match.Match {
	for i := 0; i < len(pw); {
		j := i + 1
		seq, dir := -1, 0
		if j < len(pw) {
			for k, s := range zxSequences {
				a, b := strings.IndexByte(s.chars, pw[i]), strings.IndexByte(s.chars, pw[j])
				if a >= 0 && b >= 0 && (b-a == 1 || b-a == -1) {
					seq, dir = k, b-a
					break
				}
			}
		}
		if seq >= 0 {
			chars := zxSequences[seq].chars
			for j < len(pw) {
				cur := strings.IndexByte(chars, pw[j])
				if cur < 0 || cur-strings.IndexByte(chars, pw[j-1]) != dir {
					break
				}
				j++
			}
			if j-i > 2 {
				m := match.Match{Pattern: "sequence", DictionaryName: zxSequences[seq].name, I: i, J: j - 1, Token: pw[i:j]}
				m.Entropy = entropy.SequenceEntropy(m, len(chars), dir == 1)
				out = append(out, m)
			}
		}
		i = j
	}
	return out
}

// Years a date may have: zxcvbn takes 1000..2050; birth and event years
// are enough here.
const (
	dateMinYear = 1900
	dateMaxYear = 2050
)

// dateSplits are where a run of 4 to 8 digits may be cut into day, month
// and year (zxcvbn's DATE_SPLITS).
var dateSplits = map[int][][2]int{
	4: {{1, 2}, {2, 3}},         // 1 1 91, 11 1 1
	5: {{1, 3}, {2, 3}},         // 1 11 91, 11 1 91
	6: {{1, 2}, {2, 4}, {4, 5}}, // 1 1 1991, 11 11 91, 1991 1 1
	7: {{1, 3}, {2, 3}, {4, 5}, {4, 6}},
	8: {{2, 4}, {4, 6}}, // 11 11 1991, 1991 11 11
}

// dateMatches finds dates with or without separators: 150488, 15041988,
// 1988-04-15, 15.4.88 (zxcvbn 4's date matcher).
func dateMatches(pw string, out []match.Match) []match.Match {
	n := len(pw)
	for i := 0; i < n; i++ {
		if !isDigit(pw[i]) {
			continue
		}
		// Without separators.
		for l := 4; l <= 8 && i+l <= n && isDigit(pw[i+l-1]); l++ {
			if !allDigits(pw[i : i+l]) {
				break
			}
			tok := pw[i : i+l]
			best := math.Inf(1)
			for _, sp := range dateSplits[l] {
				y, twoDigit, ok := dmyYear(atoi(tok[:sp[0]]), atoi(tok[sp[0]:sp[1]]), atoi(tok[sp[1]:]))
				if ok {
					best = math.Min(best, dateEntropy(y, twoDigit, ""))
				}
			}
			if !math.IsInf(best, 1) {
				out = append(out, match.Match{Pattern: "date", DictionaryName: "date_match", I: i, J: i + l - 1, Token: tok, Entropy: best})
			}
		}
		// With separators: d{1,4} sep d{1,2} sep d{1,4}, the same separator.
		for a := 1; a <= 4 && i+a < n && isDigit(pw[i+a-1]); a++ {
			sep := pw[i+a]
			if !strings.ContainsRune(" /\\_.-", rune(sep)) || !allDigits(pw[i:i+a]) {
				continue
			}
			for b := 1; b <= 2 && i+a+1+b < n; b++ {
				if !allDigits(pw[i+a+1:i+a+1+b]) || pw[i+a+1+b] != sep {
					continue
				}
				from := i + a + 2 + b
				for c := 1; c <= 4 && from+c <= n && allDigits(pw[from:from+c]); c++ {
					if from+c < n && isDigit(pw[from+c]) && c < 4 {
						continue // take the whole number
					}
					y, twoDigit, ok := dmyYear(atoi(pw[i:i+a]), atoi(pw[i+a+1:i+a+1+b]), atoi(pw[from:from+c]))
					if ok {
						out = append(out, match.Match{Pattern: "date", DictionaryName: "date_match", I: i, J: from + c - 1,
							Token: pw[i : from+c], Entropy: dateEntropy(y, twoDigit, string(sep))})
					}
				}
			}
		}
	}
	return out
}

// dmyYear tells whether three numbers make a date in some order (zxcvbn's
// map_ints_to_dmy) and returns its year, and whether it was 2 digits.
func dmyYear(x, y, z int) (year int, twoDigit, ok bool) {
	ints := [3]int{x, y, z}
	if y > 31 || y <= 0 {
		return 0, false, false
	}
	over12, over31, under1 := 0, 0, 0
	for _, v := range ints {
		if (v > 99 && v < dateMinYear) || v > dateMaxYear {
			return 0, false, false
		}
		if v > 31 {
			over31++
		}
		if v > 12 {
			over12++
		}
		if v <= 0 {
			under1++
		}
	}
	if over31 >= 2 || over12 == 3 || under1 >= 2 {
		return 0, false, false
	}
	splits := [2][3]int{{z, x, y}, {x, y, z}} // year, then the other two
	for _, s := range splits {
		if s[0] >= dateMinYear && s[0] <= dateMaxYear {
			return s[0], false, isDayMonth(s[1], s[2])
		}
	}
	for _, s := range splits {
		if isDayMonth(s[1], s[2]) {
			return s[0], true, true
		}
	}
	return 0, false, false
}

func isDayMonth(a, b int) bool {
	return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (b >= 1 && b <= 31 && a >= 1 && a <= 12)
}

// dateEntropy is the library's entropy.DateEntropy.
func dateEntropy(year int, twoDigit bool, sep string) float64 {
	y := int64(year)
	if twoDigit {
		y %= 100
	}
	return entropy.DateEntropy(match.DateMatch{Year: y, Separator: sep})
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
