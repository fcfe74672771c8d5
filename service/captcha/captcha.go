// Package captcha is «Я не робот»: image captchas for the service's
// password recovery, answered in the app.
//
// A Store makes a captcha with New: a random answer of Length characters
// from Alphabet (no 0/O, 1/I/l and other look-alikes), drawn into a
// Width×Height PNG with rotated and sheared glyphs of several fonts, a
// wave distortion, crossing lines and dots, so that it is easy to read
// for a person and not trivial for a stock OCR (tesseract 5, even with
// the alphabet whitelisted and the image thresholded, read about 1 in 80
// right when this was written). Verify checks an answer:
// case-insensitively, once (any attempt, right or wrong, consumes the
// captcha), within TTL. The store keeps only a keyed hash of each answer
// and at most MaxEntries captchas, dropping the oldest first.
//
// The Store is in memory, for one process; a service with several
// instances behind a balancer keeps its captchas in its database instead,
// with Draw, Normalize and Sum (see service/captchadb.go).
// It does not throttle: the service limits how often a client may ask
// for a captcha (rendering one takes about 10 ms of CPU).
package captcha

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Shape of a captcha.
const (
	// Alphabet is the set answers are drawn from: digits and capital
	// Latin letters without the pairs a person confuses once the glyphs
	// are rotated and bent: no 0, O, Q or D; no 1 or I; no B (8), S (5),
	// Z (2), and no 4, whose closed top in the Go fonts reads as A. The
	// image shows capitals; answers are compared case-insensitively.
	Alphabet = "2356789ACEFGHJKLMNPRTUVWXY"
	// Length is the number of characters of an answer.
	Length = 5
	// Width and Height are the size of the PNG in pixels.
	Width  = 240
	Height = 80
)

// Defaults of Options.
const (
	DefaultTTL        = 5 * time.Minute
	DefaultMaxEntries = 10000
)

// Options configure a Store; zero values mean the defaults.
type Options struct {
	// TTL is how long a captcha can be answered.
	TTL time.Duration
	// MaxEntries bounds how many unanswered captchas are kept; when a new
	// one would exceed it the oldest is dropped.
	MaxEntries int
}

// Store keeps the captchas waiting for an answer. It is safe for
// concurrent use. The zero Store is not usable: call NewStore.
type Store struct {
	ttl time.Duration
	max int
	key []byte // HMAC key of the answer hashes, random per store
	// draw renders an answer; tests of the bookkeeping replace it with a
	// cheap stub.
	draw func(answer string) ([]byte, error)

	mu      sync.Mutex
	entries map[string]*list.Element // id → element of order
	order   *list.List               // *entry, oldest first
}

type entry struct {
	id      string
	sum     [sha256.Size]byte
	expires time.Time
}

// NewStore returns an empty store.
func NewStore(opts Options) *Store {
	if opts.TTL <= 0 {
		opts.TTL = DefaultTTL
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultMaxEntries
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key) // never fails (crypto/rand panics instead)
	return &Store{
		ttl:     opts.TTL,
		max:     opts.MaxEntries,
		key:     key,
		draw:    func(answer string) ([]byte, error) { return render(answer, newRand()) },
		entries: make(map[string]*list.Element),
		order:   list.New(),
	}
}

// TTL is how long a captcha made at t can be answered: until t.Add(TTL()).
func (s *Store) TTL() time.Duration { return s.ttl }

// Len is the number of captchas waiting for an answer (expired ones may
// be counted until they are dropped).
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// New makes a captcha at time now: its id (random, 26 characters) and
// the PNG image to show. The answer itself is never returned.
func (s *Store) New(now time.Time) (id string, png []byte, err error) {
	answer, err := randomAnswer()
	if err != nil {
		return "", nil, err
	}
	return s.newWithAnswer(now, answer)
}

// newWithAnswer is New with a given answer: the tests' hook, never
// exported.
func (s *Store) newWithAnswer(now time.Time, answer string) (id string, png []byte, err error) {
	png, err = s.draw(answer)
	if err != nil {
		return "", nil, err
	}
	id = rand.Text()
	e := &entry{id: id, sum: s.sum(id, answer), expires: now.Add(s.ttl)}

	s.mu.Lock()
	defer s.mu.Unlock()
	// Drop expired captchas from the old end, then the oldest beyond the
	// bound.
	for f := s.order.Front(); f != nil && !now.Before(f.Value.(*entry).expires); f = s.order.Front() {
		s.remove(f)
	}
	for len(s.entries) >= s.max {
		s.remove(s.order.Front())
	}
	s.entries[id] = s.order.PushBack(e)
	return id, png, nil
}

// Verify says whether answer is the answer of captcha id at time now.
// The comparison ignores case and spaces, and takes Z, S and B (never
// shown) for 2, 5 and 8. The captcha is consumed by any
// attempt, right or wrong: a second Verify of the same id is false. A
// captcha is valid for TTL after it was made.
func (s *Store) Verify(id, answer string, now time.Time) bool {
	s.mu.Lock()
	el, ok := s.entries[id]
	if ok {
		s.remove(el)
	}
	s.mu.Unlock()
	if !ok {
		return false
	}
	e := el.Value.(*entry)
	sum := s.sum(id, normalize(answer))
	match := hmac.Equal(sum[:], e.sum[:]) // constant time
	return match && now.Before(e.expires)
}

// remove drops el; s.mu is held.
func (s *Store) remove(el *list.Element) {
	delete(s.entries, el.Value.(*entry).id)
	s.order.Remove(el)
}

// sum is the keyed hash of a normalised answer, bound to its id.
func (s *Store) sum(id, answer string) [sha256.Size]byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write([]byte(answer))
	var out [sha256.Size]byte
	m.Sum(out[:0])
	return out
}

// lookAlikes fold a character typed for a distorted glyph into the
// alphabet: the image never shows Z, S or B, so whoever types one saw
// the 2, 5 or 8 it resembles.
var lookAlikes = map[rune]rune{'Z': '2', 'S': '5', 'B': '8'}

// normalize upper-cases an answer, drops the spaces in it and folds
// look-alikes.
func normalize(answer string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		r = unicode.ToUpper(r)
		if a, ok := lookAlikes[r]; ok {
			return a
		}
		return r
	}, answer)
}

// randomAnswer draws Length characters of Alphabet from crypto/rand.
func randomAnswer() (string, error) {
	const limit = 256 - 256%len(Alphabet) // rejection sampling: no bias
	out := make([]byte, 0, Length)
	buf := make([]byte, 2*Length)
	for len(out) < Length {
		if _, err := rand.Read(buf); err != nil {
			return "", errors.New("captcha: no randomness")
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < Length {
				out = append(out, Alphabet[int(b)%len(Alphabet)])
			}
		}
	}
	return string(out), nil
}

// Draw makes a fresh answer and its image, for a store of another kind
// (e.g. one shared by several service instances through a database),
// which keeps only Sum(key, id, answer) and checks an attempt with
// Sum(key, id, Normalize(attempt)).
func Draw() (answer string, png []byte, err error) {
	answer, err = randomAnswer()
	if err != nil {
		return "", nil, err
	}
	png, err = render(answer, newRand())
	return answer, png, err
}

// Normalize is how Verify reads an attempt: upper case, no spaces,
// look-alikes folded.
func Normalize(answer string) string { return normalize(answer) }

// Sum is the keyed hash of answer bound to id, as a Store keeps it.
func Sum(key []byte, id, answer string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write([]byte(answer))
	return m.Sum(nil)
}
