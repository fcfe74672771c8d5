package service

import (
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/kabinet-kz/kabinet/api"
)

// clientLimiter throttles requests per client address with a token
// bucket each (golang.org/x/time/rate), using the service's clock so that
// tests control time. Buckets that have been idle long enough to be full
// again are dropped, so memory stays bounded by the number of recently
// active clients.
type clientLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newClientLimiter(perSecond float64, burst int, now func() time.Time) *clientLimiter {
	return &clientLimiter{
		limit:   rate.Limit(perSecond),
		burst:   burst,
		now:     now,
		buckets: make(map[string]*bucket),
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
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[client] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Minute
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep drops the buckets idle for longer than it takes to refill, at
// most once a minute.
func (l *clientLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	full := time.Duration(float64(l.burst)/float64(l.limit)*float64(time.Second)) + time.Second
	for k, b := range l.buckets {
		if now.Sub(b.seen) > full {
			delete(l.buckets, k)
		}
	}
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
