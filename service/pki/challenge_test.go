package pki

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

func TestChallenges(t *testing.T) {
	c := NewChallenges()
	id, nonce := c.New(t0)
	if len(nonce) < 16 || len(id) == 0 {
		t.Fatalf("nonce %d bytes, id %q", len(nonce), id)
	}
	_, other := c.New(t0)
	if string(other) == string(nonce) {
		t.Fatal("two equal nonces")
	}
	if err := c.Take(nonce, t0.Add(ChallengeTTL)); err != nil {
		t.Fatalf("first take: %v", err)
	}
	err := c.Take(nonce, t0.Add(ChallengeTTL))
	if !errors.Is(err, ErrChallengeReused) || Code(err) != api.CodeChallengeReused {
		t.Errorf("replay: %v", err)
	}
	// after 5 minutes
	err = c.Take(other, t0.Add(ChallengeTTL+time.Second))
	if !errors.Is(err, ErrChallengeExpired) || Code(err) != api.CodeChallengeExpired {
		t.Errorf("late: %v", err)
	}
	if err := c.Take([]byte("never issued"), t0); !errors.Is(err, ErrChallengeUnknown) {
		t.Errorf("unknown: %v", err)
	}

	id, nonce = c.New(t0)
	got, err := c.TakeID(id, t0.Add(time.Minute))
	if err != nil || string(got) != string(nonce) {
		t.Fatalf("TakeID: %v", err)
	}
	if err := c.Take(nonce, t0.Add(time.Minute)); !errors.Is(err, ErrChallengeReused) {
		t.Errorf("taken by id, then by nonce: %v", err)
	}
	if _, err := c.TakeID("nope", t0); !errors.Is(err, ErrChallengeUnknown) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestChallengesBounded(t *testing.T) {
	c := &Challenges{Max: 3}
	var nonces [][]byte
	for i := range 5 {
		_, n := c.New(t0.Add(time.Duration(i) * time.Second))
		nonces = append(nonces, n)
	}
	if len(c.order) > 3 || len(c.byNonce) > 3 || len(c.byID) > 3 {
		t.Fatalf("%d entries kept, max 3", len(c.order))
	}
	if err := c.Take(nonces[0], t0.Add(time.Minute)); !errors.Is(err, ErrChallengeUnknown) {
		t.Errorf("evicted: %v", err)
	}
	if err := c.Take(nonces[4], t0.Add(time.Minute)); err != nil {
		t.Errorf("newest: %v", err)
	}
	// Old entries go away by themselves.
	c.New(t0.Add(time.Hour))
	if len(c.order) != 1 {
		t.Errorf("%d entries after an hour", len(c.order))
	}
}

func TestChallengesConcurrent(t *testing.T) {
	c := NewChallenges()
	_, shared := c.New(t0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				_, n := c.New(t0)
				if err := c.Take(n, t0); err != nil {
					t.Error(err)
				}
			}
			if c.Take(shared, t0) == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("the same nonce was taken %d times", wins)
	}
}
