package service

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// DefaultBackOfficeStep is how long an application rests in a status
// before the back office moves it on (BackOfficeConfig.Step).
const DefaultBackOfficeStep = 2 * time.Minute

// BackOfficeConfig configures the back-office worker: a goroutine of the
// Service that, every Step, moves each unfinished application whose last
// change is at least Step old one step forward:
//
//	submitted → accepted → processing → approved or rejected → executed
//
// with actor back_office. At processing it checks the rules again (a
// payment from an account emptied meanwhile, or no longer open to the
// person, is rejected with the not_eligible reason as ReasonCode). Office
// staff may move applications themselves in between; the worker then
// carries on from where they left them.
type BackOfficeConfig struct {
	// Step is both the rest in a status and the worker's period (0:
	// DefaultBackOfficeStep). The bundled demo service uses seconds so
	// that a newcomer sees statuses move.
	Step time.Duration
	// Disabled leaves every application to the office staff.
	Disabled bool
}

// backOfficeBatch bounds the applications moved by one tick.
const backOfficeBatch = 500

// backOffice is the worker of a Service.
type backOffice struct {
	store *store.Store
	log   *slog.Logger
	clock func() time.Time
	step  time.Duration
	// holder names this process in the lease of the job: with several
	// instances on one database, one of them moves the applications.
	holder string

	stopOnce sync.Once
	cancel   context.CancelFunc
	done     chan struct{}
}

func newBackOffice(st *store.Store, cfg Config) *backOffice {
	step := cfg.BackOffice.Step
	if step <= 0 {
		step = DefaultBackOfficeStep
	}
	return &backOffice{store: st, log: cfg.Logger, clock: cfg.Clock, step: step, holder: hex.EncodeToString(randomBytes(8))}
}

// start runs the ticker loop until stop.
func (b *backOffice) start() {
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel, b.done = cancel, make(chan struct{})
	go func() {
		defer close(b.done)
		t := time.NewTicker(b.step)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := b.tick(ctx, b.clock()); err != nil && ctx.Err() == nil {
					b.log.LogAttrs(ctx, slog.LevelError, "back office", slog.Any("err", err))
				}
			}
		}
	}()
}

// stop ends the loop and waits for a tick under way.
func (b *backOffice) stop() {
	b.stopOnce.Do(func() {
		if b.cancel != nil {
			b.cancel()
			<-b.done
		}
		// Hand the job over at once rather than when the lease runs out.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := b.store.ReleaseLease(ctx, backOfficeLease, b.holder); err != nil {
			b.log.LogAttrs(ctx, slog.LevelWarn, "back office", slog.Any("err", err))
		}
	})
}

// next is the status the back office moves an application in status to
// ("" when none); processing needs the rules checked again (recheck).
func nextStatus(status string) string {
	switch status {
	case api.StatusSubmitted:
		return api.StatusAccepted
	case api.StatusAccepted:
		return api.StatusProcessing
	case api.StatusProcessing:
		return api.StatusApproved
	case api.StatusApproved:
		return api.StatusExecuted
	}
	return ""
}

// backOfficeLease is the name of the back office's lease (store.AcquireLease).
const backOfficeLease = "back_office"

// tick moves every unfinished application whose last change is at least
// step before now one step forward, and returns how many it moved. An
// application somebody else moved in between is left alone. It runs only
// while this process holds the job's lease (1.5 steps, renewed by each
// tick): of several instances on one database one does the work, and
// another takes over within 1.5 steps when it stops.
func (b *backOffice) tick(ctx context.Context, now time.Time) (int, error) {
	mine, err := b.store.AcquireLease(ctx, backOfficeLease, b.holder, now, b.step+b.step/2)
	if err != nil || !mine {
		return 0, err
	}
	due, err := b.store.DueApplications(ctx, now.Add(-b.step), backOfficeBatch)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, a := range due {
		if ctx.Err() != nil {
			return moved, ctx.Err()
		}
		m := store.Move{ID: a.ID, To: nextStatus(a.Status), Actor: api.ActorBackOffice, At: now}
		if m.To == "" {
			continue
		}
		if m.To == api.StatusApproved {
			reason, err := recheck(ctx, b.store, a, now)
			if err != nil {
				return moved, fmt.Errorf("back office: %s: %w", a.Number, err)
			}
			if reason != "" {
				m.To, m.ReasonCode = api.StatusRejected, reason
			}
		}
		_, err := b.store.MoveApplication(ctx, m)
		if errors.Is(err, store.ErrInvalidState) {
			continue
		}
		if err != nil {
			return moved, fmt.Errorf("back office: %s: %w", a.Number, err)
		}
		moved++
		b.log.LogAttrs(ctx, slog.LevelInfo, "back office moved an application",
			slog.String("number", a.Number), slog.String("from", a.Status), slog.String("to", m.To))
	}
	return moved, nil
}

// RunBackOffice runs one round of the back office at now (tests, and a
// deployment that drives it from outside with BackOffice.Disabled): it
// moves every application due at now one step and returns how many.
func (s *Service) RunBackOffice(ctx context.Context, now time.Time) (int, error) {
	return s.backOffice.tick(ctx, now)
}
