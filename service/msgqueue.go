package service

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// The message queue (issue 11): every message of a service with a real
// channel (SMTP, SMS gateway) is first written to message_queue, then
// tried at once; what could not be delivered is sent by the worker of
// any instance, with exponential backoff, until it is sent, refused for
// good or past its expiry. An outage delays a code; it never loses it.
const (
	// queueLease is how long one attempt may hold a message.
	queueLease = time.Minute
	// queueBackoff is the wait after the first failed attempt; it
	// doubles up to queueMaxBackoff.
	queueBackoff    = 10 * time.Second
	queueMaxBackoff = 5 * time.Minute
	// queuePoll is the worker's period.
	queuePoll = 5 * time.Second
	// queueKeep is the life of a message with no expiry of its own.
	queueKeep = 24 * time.Hour
	// queueAttemptTimeout bounds the first attempt, made in the request.
	queueAttemptTimeout = 20 * time.Second
	// queueSealName names the sealing key kept in meta.
	queueSealName = "message_queue_seal"
)

// messageQueue is a notify.Sender that queues.
type messageQueue struct {
	st     *store.Store
	next   notify.Sender // the channels
	clock  func() time.Time
	log    *slog.Logger
	holder string
	// sealKey is Config.TwoFactorKey, or nil: a key kept in meta.
	sealKey []byte

	mu      sync.Mutex
	metaKey []byte

	stopOnce sync.Once
	cancel   context.CancelFunc
	done     chan struct{}
}

func newMessageQueue(st *store.Store, next notify.Sender, cfg Config) *messageQueue {
	return &messageQueue{st: st, next: next, clock: cfg.Clock, log: cfg.Logger, holder: rand.Text(), sealKey: cfg.TwoFactorKey}
}

// sealed is what message_queue.sealed holds.
type sealedMessage struct {
	Subject string `json:"s"`
	Body    string `json:"b"`
}

func (q *messageQueue) key(ctx context.Context) ([]byte, byte, error) {
	if q.sealKey != nil {
		return q.sealKey, sealConfigured, nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.metaKey == nil {
		k, err := q.st.Secret(ctx, queueSealName, 32)
		if err != nil {
			return nil, 0, err
		}
		q.metaKey = k
	}
	return q.metaKey, sealMeta, nil
}

func queueAD(id string) []byte { return []byte("kabinet-queue-v1\x00" + id) }

func (q *messageQueue) seal(ctx context.Context, id string, m notify.Message) ([]byte, error) {
	key, kind, err := q.key(ctx)
	if err != nil {
		return nil, err
	}
	g, err := gcmOf(key)
	if err != nil {
		return nil, err
	}
	plain, _ := json.Marshal(sealedMessage{Subject: m.Subject, Body: m.Body})
	nonce := randomBytes(g.NonceSize())
	return g.Seal(append([]byte{kind}, nonce...), nonce, plain, queueAD(id)), nil
}

func (q *messageQueue) open(ctx context.Context, id string, sealed []byte) (sealedMessage, error) {
	var out sealedMessage
	key, kind, err := q.key(ctx)
	if err != nil {
		return out, err
	}
	if len(sealed) < 13 || sealed[0] != kind {
		return out, errors.New("queue: the message was sealed with another key")
	}
	g, err := gcmOf(key)
	if err != nil {
		return out, err
	}
	n := g.NonceSize()
	plain, err := g.Open(nil, sealed[1:1+n], sealed[1+n:], queueAD(id))
	if err != nil {
		return out, errors.New("queue: cannot open the message")
	}
	err = json.Unmarshal(plain, &out)
	return out, err
}

// Send queues m and tries it at once: nil when it was delivered, an
// error wrapping notify.ErrQueued when it waits for a retry, the
// channel's error when it was refused for good.
func (q *messageQueue) Send(ctx context.Context, m notify.Message) error {
	if m.Channel != notify.ChannelSMS && m.Channel != notify.ChannelEmail || m.To == "" || m.Body == "" {
		return q.next.Send(ctx, m) // the channel says what is wrong
	}
	now := q.clock()
	id := rand.Text()
	sealed, err := q.seal(ctx, id, m)
	if err != nil {
		return err
	}
	exp := m.Expires
	if exp.IsZero() {
		exp = now.Add(queueKeep)
	}
	if err := q.st.EnqueueMessage(ctx, store.QueuedMessage{ID: id, Channel: m.Channel, Recipient: m.To, Kind: m.Kind,
		Sealed: sealed, CreatedAt: now, ExpiresAt: exp}); err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queueAttemptTimeout)
	defer cancel()
	status, err := q.attempt(actx, id)
	switch {
	case err != nil && status == "":
		return err
	case status == store.MessageSent:
		return nil
	case status == store.MessageQueued:
		return fmt.Errorf("%w: %w", notify.ErrQueued, err)
	default:
		return err
	}
}

// attempt claims message id ("" the first due) and tries it once. It
// returns the status the message was left in ("" when none was claimed)
// and the delivery error, if any.
func (q *messageQueue) attempt(ctx context.Context, id string) (string, error) {
	now := q.clock()
	m, err := q.st.ClaimMessage(ctx, id, q.holder, now, queueLease)
	if err != nil {
		return "", err
	}
	finish := func(status string, next time.Time, errText string) error {
		return q.st.FinishMessage(context.WithoutCancel(ctx), m.ID, q.holder, status, q.clock(), next, errText)
	}
	if !now.Before(m.ExpiresAt) {
		return store.MessageExpired, finish(store.MessageExpired, now, "expired before it could be sent")
	}
	body, err := q.open(ctx, m.ID, m.Sealed)
	if err != nil {
		return store.MessageFailed, errors.Join(err, finish(store.MessageFailed, now, err.Error()))
	}
	serr := q.next.Send(ctx, notify.Message{Channel: m.Channel, To: m.Recipient, Subject: body.Subject, Body: body.Body, Kind: m.Kind})
	if serr == nil {
		return store.MessageSent, finish(store.MessageSent, now, "")
	}
	if errors.Is(serr, notify.ErrRejected) || errors.Is(serr, notify.ErrInvalidMessage) || errors.Is(serr, notify.ErrChannelDisabled) {
		return store.MessageFailed, errors.Join(serr, finish(store.MessageFailed, now, serr.Error()))
	}
	next := now.Add(backoff(m.Attempts))
	if !next.Before(m.ExpiresAt) {
		next = m.ExpiresAt // one last look: it expires then
	}
	q.log.LogAttrs(ctx, slog.LevelWarn, "message not sent yet: queued for a retry", slog.String("id", m.ID),
		slog.String("channel", m.Channel), slog.String("to", maskContact(m.Channel, m.Recipient)),
		slog.Int("attempts", m.Attempts), slog.Time("next", next), slog.Any("err", serr))
	if ferr := finish(store.MessageQueued, next, serr.Error()); ferr != nil {
		return "", ferr
	}
	return store.MessageQueued, serr
}

// backoff is the wait after the n-th failed attempt (1-based).
func backoff(n int) time.Duration {
	d := queueBackoff
	for i := 1; i < n && d < queueMaxBackoff; i++ {
		d *= 2
	}
	return min(d, queueMaxBackoff)
}

// RunOnce sends every message due now; it returns how many it tried.
func (q *messageQueue) RunOnce(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		_, err := q.attempt(ctx, "")
		if errors.Is(err, store.ErrNotFound) {
			return n, nil
		}
		n++
		if err != nil && !errors.Is(err, notify.ErrUnavailable) && !errors.Is(err, notify.ErrRejected) &&
			!errors.Is(err, notify.ErrInvalidMessage) && !errors.Is(err, notify.ErrChannelDisabled) {
			return n, err
		}
	}
	return n, ctx.Err()
}

// start runs the worker until stop.
func (q *messageQueue) start() {
	ctx, cancel := context.WithCancel(context.Background())
	q.cancel, q.done = cancel, make(chan struct{})
	go func() {
		defer close(q.done)
		t := time.NewTicker(queuePoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := q.RunOnce(ctx); err != nil && ctx.Err() == nil {
					q.log.LogAttrs(ctx, slog.LevelError, "message queue", slog.Any("err", err))
				}
			}
		}
	}()
}

func (q *messageQueue) stop() {
	q.stopOnce.Do(func() {
		if q.cancel != nil {
			q.cancel()
			<-q.done
		}
	})
}
