package service

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// clientLimiter throttles requests per client address with a token
// bucket each, using the service's clock so that tests control time.
//
// With several instances on one database the buckets are shared without a
// write per request: each instance admits against its own copy of the
// client's bucket and counts what it admitted; every limitSyncEvery it
// takes those counts from the client's shared bucket (table rate_buckets,
// kind "client") and reads back every shared bucket that is not full,
// which replaces its copies (sync). A client over the limit on one
// instance is so on the others after their next exchange. Until then an
// instance does not know what the others admitted since theirs: a client
// spreading its requests over N instances may get up to (N−1) × (burst +
// 2 s × rate) more than the limit in a burst; the excess is charged to the
// shared bucket, which may go one burst into debt, so that it is paid back
// by refusals afterwards (docs/OPERATIONS.md; TestClientLimitBound).
//
// Buckets that are full again are dropped, so memory stays bounded by the
// number of recently active clients.
type clientLimiter struct {
	rate  float64 // tokens a second
	burst int
	now   func() time.Time
	// store is where the buckets are shared; nil: in this process only.
	store *store.Store
	log   *slog.Logger

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time

	stopOnce sync.Once
	done     chan struct{} // closed by stop
	loop     chan struct{} // closed when the loop has ended; nil when none runs
}

// bucket is a client's bucket as this instance sees it.
type bucket struct {
	tokens float64
	at     time.Time // of tokens
	// pending counts the requests admitted here since the last exchange
	// (not in the shared bucket yet).
	pending int
}

// limitKind is the kind of the shared buckets of the limiter.
const limitKind = "client"

// limitSyncEvery is how often an instance exchanges its counts.
const limitSyncEvery = time.Second

func newClientLimiter(perSecond float64, burst int, now func() time.Time) *clientLimiter {
	return &clientLimiter{rate: perSecond, burst: burst, now: now, buckets: make(map[string]*bucket),
		done: make(chan struct{}), log: slog.New(slog.DiscardHandler)}
}

// refill brings b to now.
func (l *clientLimiter) refill(b *bucket, now time.Time) {
	if now.After(b.at) {
		b.tokens = min(float64(l.burst), b.tokens+now.Sub(b.at).Seconds()*l.rate)
		b.at = now
	}
}

// allow takes one token for client. When none is left it returns false
// and how long until one is.
func (l *clientLimiter) allow(client string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[client]
	if !ok {
		b = &bucket{tokens: float64(l.burst), at: now}
		l.buckets[client] = b
	}
	l.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		b.pending++
		return true, 0
	}
	if l.burst < 1 {
		return false, time.Minute
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep drops the buckets full again with nothing to exchange, at most
// once a minute.
func (l *clientLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for k, b := range l.buckets {
		l.refill(b, now)
		// Without the loop nobody exchanges the counts (a SQLite file):
		// they go with the bucket.
		if (b.pending == 0 || l.loop == nil) && b.tokens >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}

// sync exchanges this instance's counts with the shared buckets (see
// clientLimiter): nothing without a store.
func (l *clientLimiter) sync(ctx context.Context) error {
	if l.store == nil {
		return nil
	}
	now := l.now()
	l.mu.Lock()
	used := map[string]int{}
	for k, b := range l.buckets {
		if b.pending > 0 {
			used[k] = b.pending
			b.pending = 0
		}
	}
	l.mu.Unlock()
	shared, err := l.store.SyncBuckets(ctx, limitKind, used, l.rate, l.burst, now)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		for k, n := range used { // exchanged next time
			b, ok := l.buckets[k]
			if !ok {
				b = &bucket{tokens: float64(l.burst), at: now}
				l.buckets[k] = b
			}
			b.pending += n
		}
		return err
	}
	// The shared buckets replace the copies; what was admitted here
	// meanwhile is not in them yet.
	for k, b := range l.buckets {
		if s, ok := shared[k]; ok {
			b.tokens, b.at = s.Tokens-float64(b.pending), s.At
		} else if b.pending > 0 {
			b.tokens, b.at = float64(l.burst-b.pending), now
		} else {
			delete(l.buckets, k) // full
		}
	}
	for k, s := range shared {
		if _, ok := l.buckets[k]; !ok {
			l.buckets[k] = &bucket{tokens: s.Tokens, at: s.At}
		}
	}
	return nil
}

// start exchanges the counts every limitSyncEvery until stop.
func (l *clientLimiter) start() {
	l.loop = make(chan struct{})
	go func() {
		defer close(l.loop)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		t := time.NewTicker(limitSyncEvery)
		defer t.Stop()
		failing := false
		for {
			select {
			case <-l.done:
				return
			case <-t.C:
			}
			sctx, scancel := context.WithTimeout(ctx, limitSyncEvery)
			err := l.sync(sctx)
			scancel()
			switch {
			case err != nil && !failing:
				l.log.LogAttrs(ctx, slog.LevelWarn, "client rate limit: counts not shared with the other instances; "+
					"each limits on its own until this works again", slog.Any("err", err))
				failing = true
			case err == nil && failing:
				l.log.LogAttrs(ctx, slog.LevelInfo, "client rate limit: counts shared again")
				failing = false
			}
		}
	}()
}

// stop ends the loop, flushing what is counted.
func (l *clientLimiter) stop() {
	l.stopOnce.Do(func() {
		close(l.done)
		if l.loop == nil {
			return
		}
		<-l.loop
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		l.sync(ctx) // best effort: the others see this instance's last second
	})
}

// throttle answers 429 rate_limited, with Retry-After, to a client that
// has used up its requests.
func (s *server) throttle(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.limiter.allow(clientAddr(r))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			p := problem(http.StatusTooManyRequests, api.CodeRateLimited,
				"too many requests from this client; try again later")
			p.p.RetryAfterSeconds = max(secs, 1)
			writeProblem(w, p.p)
			return
		}
		next.ServeHTTP(w, r)
	})
}
