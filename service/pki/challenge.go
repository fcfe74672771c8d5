package pki

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// ChallengeTTL is how long a login nonce may be signed and sent back.
const ChallengeTTL = 5 * time.Minute

// NonceSize is the size of a login nonce: 256 bits from crypto/rand.
const NonceSize = 32

// DefaultMaxChallenges bounds the memory of a Challenges store.
const DefaultMaxChallenges = 100_000

var (
	ErrChallengeExpired = errors.New("pki: the login challenge has expired; request a new one")
	ErrChallengeReused  = errors.New("pki: the login challenge has already been used")
	ErrChallengeUnknown = errors.New("pki: unknown login challenge")
)

// ChallengeStore issues single-use login nonces. Challenges implements it in
// memory; a service run as several instances behind a load balancer needs an
// implementation over the shared database instead (a nonce issued by one
// instance may come back to another).
type ChallengeStore interface {
	New(now time.Time) (id string, nonce []byte)
	Take(nonce []byte, now time.Time) error
	TakeID(id string, now time.Time) ([]byte, error)
}

// Challenges is an in-memory ChallengeStore for one service process: each
// nonce can be taken once, within ChallengeTTL. It keeps at most Max
// entries, forgetting the oldest first (so a flood of requests can at worst
// make early challenges fail as expired; the HTTP layer throttles it).
// Safe for concurrent use.
type Challenges struct {
	// Max entries kept; DefaultMaxChallenges if zero.
	Max int

	mu      sync.Mutex
	byNonce map[string]*challenge
	byID    map[string]*challenge
	order   []*challenge // by creation
}

type challenge struct {
	id      string
	nonce   string
	created time.Time
	used    bool
}

var _ ChallengeStore = (*Challenges)(nil)

// NewChallenges returns an empty store.
func NewChallenges() *Challenges { return &Challenges{} }

// New issues a nonce of NonceSize random bytes and an id for it.
func (c *Challenges) New(now time.Time) (id string, nonce []byte) {
	nonce = make([]byte, NonceSize)
	rand.Read(nonce)
	idb := make([]byte, 16)
	rand.Read(idb)
	ch := &challenge{id: hex.EncodeToString(idb), nonce: string(nonce), created: now}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byNonce == nil {
		c.byNonce = map[string]*challenge{}
		c.byID = map[string]*challenge{}
	}
	c.prune(now)
	c.byNonce[ch.nonce] = ch
	c.byID[ch.id] = ch
	c.order = append(c.order, ch)
	return ch.id, nonce
}

// prune forgets entries well past their expiry (kept for a second TTL so
// that a late replay is reported as expired, not unknown) and the oldest
// ones beyond Max.
func (c *Challenges) prune(now time.Time) {
	limit := c.Max
	if limit <= 0 {
		limit = DefaultMaxChallenges
	}
	drop := 0
	for drop < len(c.order) && (len(c.order)-drop >= limit || now.Sub(c.order[drop].created) > 2*ChallengeTTL) {
		ch := c.order[drop]
		delete(c.byNonce, ch.nonce)
		delete(c.byID, ch.id)
		c.order[drop] = nil
		drop++
	}
	c.order = c.order[drop:]
}

// Take consumes the challenge with nonce: nil the first time within
// ChallengeTTL, ErrChallengeReused after that, ErrChallengeExpired once
// the TTL has passed, ErrChallengeUnknown for a nonce never issued (or
// long forgotten).
func (c *Challenges) Take(nonce []byte, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.take(c.byNonce[string(nonce)], now)
}

// TakeID is Take by the challenge's id (for a detached signature, where the
// nonce is not in the CMS); it returns the nonce to verify the signature
// over.
func (c *Challenges) TakeID(id string, now time.Time) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.byID[id]
	if err := c.take(ch, now); err != nil {
		return nil, err
	}
	return []byte(ch.nonce), nil
}

func (c *Challenges) take(ch *challenge, now time.Time) error {
	switch {
	case ch == nil:
		return ErrChallengeUnknown
	case ch.used:
		return ErrChallengeReused
	case now.Sub(ch.created) > ChallengeTTL:
		return ErrChallengeExpired
	}
	ch.used = true
	return nil
}
