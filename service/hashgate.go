package service

import (
	"context"
	"net/http"
	"runtime"
	"sync/atomic"

	"github.com/kabinet-kz/kabinet/api"
)

// hashGate bounds the argon2id computations running at once, so that a
// login storm cannot take every core (or allocate one 19 MiB block per
// attempt): slots computations run, at most queue more wait for a slot,
// and any beyond those are answered 503 service_busy with Retry-After at
// once.
type hashGate struct {
	slots   chan struct{}
	queue   int64
	waiting atomic.Int64 // callers waiting for a slot
}

// Defaults of the gate: half of the cores (at least one) hash, and
// defaultHashQueuePerSlot callers per slot may wait (about half a second
// of argon2 runs with the OWASP parameters at most).
const defaultHashQueuePerSlot = 16

func defaultHashSlots() int { return max(1, runtime.GOMAXPROCS(0)/2) }

func newHashGate(slots, queue int) *hashGate {
	if slots <= 0 {
		slots = defaultHashSlots()
	}
	if queue < 0 {
		queue = 0
	} else if queue == 0 {
		queue = defaultHashQueuePerSlot * slots
	}
	return &hashGate{slots: make(chan struct{}, slots), queue: int64(queue)}
}

// serviceBusy is the 503 of a full hashing queue.
func serviceBusy() *problemError {
	p := problem(http.StatusServiceUnavailable, api.CodeServiceBusy,
		"too many password checks at once; try again in a moment")
	p.p.RetryAfterSeconds = 1
	return p
}

// acquire takes a slot, waiting in the queue when it has room; it returns
// serviceBusy when the queue is full, or the context's error.
func (g *hashGate) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return serviceBusy()
	}
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *hashGate) release() { <-g.slots }
