package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A queued message is claimed by one instance at a time; a retry waits
// for its time; a lost claim is taken over after the lease; a sent one
// is never claimed again.
func TestMessageQueueClaims(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	m := QueuedMessage{ID: "m1", Channel: "email", Recipient: "x@mail.kz", Kind: "otp", Sealed: []byte{1, 2, 3},
		CreatedAt: t0, ExpiresAt: t0.Add(15 * time.Minute)}
	if err := a.EnqueueMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := a.ClaimMessage(ctx, "m1", "A", t0, time.Minute)
	if err != nil || got.Attempts != 1 || got.Recipient != "x@mail.kz" || string(got.Sealed) != "\x01\x02\x03" || !got.ExpiresAt.Equal(m.ExpiresAt) {
		t.Fatalf("claim = %+v, %v", got, err)
	}
	// The other instance finds nothing while A's claim runs.
	if _, err := b.ClaimMessage(ctx, "", "B", t0.Add(30*time.Second), time.Minute); !errors.Is(err, ErrNotFound) {
		t.Fatalf("B claimed a held message: %v", err)
	}
	// A fails; the retry is due in 2 minutes.
	if err := a.FinishMessage(ctx, "m1", "A", MessageQueued, t0, t0.Add(2*time.Minute), "unavailable"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ClaimMessage(ctx, "", "B", t0.Add(time.Minute), time.Minute); !errors.Is(err, ErrNotFound) {
		t.Fatalf("claimed before its retry time: %v", err)
	}
	got, err = b.ClaimMessage(ctx, "", "B", t0.Add(2*time.Minute), time.Minute)
	if err != nil || got.ID != "m1" || got.Attempts != 2 || got.LastError != "unavailable" {
		t.Fatalf("B's claim = %+v, %v", got, err)
	}
	// B dies holding it: after the lease A takes it over, and B's late
	// finish is refused.
	got, err = a.ClaimMessage(ctx, "", "A", t0.Add(3*time.Minute), time.Minute)
	if err != nil || got.Attempts != 3 {
		t.Fatalf("take over = %+v, %v", got, err)
	}
	if err := b.FinishMessage(ctx, "m1", "B", MessageSent, t0.Add(3*time.Minute), t0, ""); err == nil {
		t.Error("a lost claim finished the message")
	}
	if err := a.FinishMessage(ctx, "m1", "A", MessageSent, t0.Add(3*time.Minute), t0, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ClaimMessage(ctx, "", "B", t0.Add(time.Hour), time.Minute); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a sent message was claimed again: %v", err)
	}
	row, err := b.QueuedMessageByID(ctx, "m1")
	if err != nil || row.Status != MessageSent || row.Attempts != 3 {
		t.Errorf("row = %+v, %v", row, err)
	}
}
