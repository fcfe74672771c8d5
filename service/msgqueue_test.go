package service

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/notify"
)

// flakySender fails with ErrUnavailable while down, then delivers.
type flakySender struct {
	mu   sync.Mutex
	down bool
	sent []notify.Message
	// tries counts every attempt.
	tries int
}

func (f *flakySender) Send(_ context.Context, m notify.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	if f.down {
		return notify.ErrUnavailable
	}
	f.sent = append(f.sent, m)
	return nil
}

func (f *flakySender) set(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func (f *flakySender) delivered() []notify.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]notify.Message(nil), f.sent...)
}

func queueEnv(t *testing.T, s notify.Sender) *env {
	return otpEnv(t, func(c *Config) { c.Notifier, c.QueueMessages, c.QueueWorkerOff = s, true, true })
}

// An outage delays the code: the answer says "queued", the code is in
// the queue (sealed), the worker retries with backoff, and once the
// channel is back the same code is delivered once and works.
func TestQueueOutageDelaysNotLoses(t *testing.T) {
	f := &flakySender{down: true}
	e := queueEnv(t, f)
	ch := e.register(daurenReg())
	if ch.Delivery != api.DeliveryQueued {
		t.Fatalf("delivery = %q, want queued", ch.Delivery)
	}
	ctx := context.Background()
	// Still down: the retry is not due before the backoff.
	if n, err := e.svc.SendQueued(ctx); err != nil || n != 0 {
		t.Fatalf("SendQueued before the backoff = %d, %v", n, err)
	}
	e.clock.Advance(queueBackoff)
	if n, err := e.svc.SendQueued(ctx); err != nil || n != 1 {
		t.Fatalf("SendQueued after 10s = %d, %v", n, err)
	}
	if f.tries != 2 || len(f.delivered()) != 0 {
		t.Fatalf("tries %d, delivered %d", f.tries, len(f.delivered()))
	}
	// The second wait is twice the first.
	e.clock.Advance(queueBackoff)
	if n, _ := e.svc.SendQueued(ctx); n != 0 {
		t.Fatal("retried before the doubled backoff")
	}
	f.set(false)
	e.clock.Advance(queueBackoff)
	if n, err := e.svc.SendQueued(ctx); err != nil || n != 1 {
		t.Fatalf("SendQueued after the outage = %d, %v", n, err)
	}
	got := f.delivered()
	if len(got) != 1 || got[0].Channel != ch.Channel || got[0].Kind != notify.KindOTP {
		t.Fatalf("delivered %+v", got)
	}
	code := codeRE.FindString(got[0].Body)
	// Sent once: nothing is due any more.
	e.clock.Advance(time.Hour)
	if n, _ := e.svc.SendQueued(ctx); n != 0 || len(f.delivered()) != 1 {
		t.Fatal("a sent message was sent again")
	}
	// The row holds no code in clear.
	rows, err := e.svc.store.QueuedMessages(ctx, 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("queue rows %+v, %v", rows, err)
	}
	if r := rows[0]; r.Status != "sent" || r.Attempts != 3 || code == "" || strings.Contains(string(r.Sealed), code) {
		t.Errorf("row %+v (code %q)", r, code)
	}
}

// A code not sent before it expires is given up, never sent late.
func TestQueueExpiredCodeNotSent(t *testing.T) {
	f := &flakySender{down: true}
	e := queueEnv(t, f)
	e.register(daurenReg())
	f.set(false)
	e.clock.Advance(16 * time.Minute)
	if _, err := e.svc.SendQueued(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(f.delivered()) != 0 {
		t.Error("an expired code was sent")
	}
	rows, err := e.svc.store.QueuedMessages(context.Background(), 10)
	if err != nil || len(rows) != 1 || rows[0].Status != "expired" {
		t.Errorf("queue rows %+v, %v", rows, err)
	}
}

// A channel that works answers "sent"; one that refuses for good answers
// delivery_failed at once (the request is not left to look queued).
func TestQueueSentAndRejected(t *testing.T) {
	f := &flakySender{}
	e := queueEnv(t, f)
	if ch := e.register(daurenReg()); ch.Delivery != api.DeliverySent || len(f.delivered()) != 1 {
		t.Errorf("delivery %q, delivered %d", ch.Delivery, len(f.delivered()))
	}
	e2 := queueEnv(t, notify.SenderFunc(func(context.Context, notify.Message) error {
		return errors.Join(notify.ErrRejected, errors.New("HTTP 400"))
	}))
	w := e2.do("POST", api.PathRegistration, jsonBody(daurenReg()), "")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), api.CodeDeliveryFailed) {
		t.Errorf("rejected: %d %s", w.Code, w.Body)
	}
}
