package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// openDB opens a fresh SQLite database in a temporary directory.
func openDB(t *testing.T) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "test.db") + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func TestOutboxSendList(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clock := &fakeClock{t: time.Date(2026, 5, 4, 10, 0, 0, 0, time.FixedZone("UTC+5", 5*3600))}
	o, err := NewOutbox(ctx, db, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	// A second outbox on the same database finds the table there.
	if _, err := NewOutbox(ctx, db, clock.Now); err != nil {
		t.Fatalf("second NewOutbox: %v", err)
	}

	subject, body := OTPText("", "493817", 15)
	if err := o.Send(ctx, Message{Channel: ChannelSMS, To: "77012345600", Subject: subject, Body: body, Kind: KindOTP}); err != nil {
		t.Fatal(err)
	}
	clock.Set(clock.Now().Add(time.Second))
	if err := o.Send(ctx, Message{Channel: ChannelEmail, To: "asel.n@mail.kz", Subject: "Пароль изменён", Body: "Пароль изменён.", Kind: KindPasswordChanged}); err != nil {
		t.Fatal(err)
	}
	// A message stamped earlier (a clock set back) still sorts by time.
	clock.Set(clock.Now().Add(-time.Hour))
	if err := o.Send(ctx, Message{Channel: ChannelSMS, To: "77770000000", Body: "старое"}); err != nil {
		t.Fatal(err)
	}

	got, err := o.List(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("List gave %d messages, want 3", len(got))
	}
	if got[0].Channel != ChannelEmail || got[0].To != "asel.n@mail.kz" || got[0].Subject != "Пароль изменён" {
		t.Errorf("newest = %+v", got[0])
	}
	if got[1].Channel != ChannelSMS || got[1].To != "77012345600" || got[1].Body != body || got[1].Subject != subject {
		t.Errorf("second = %+v", got[1])
	}
	if got[2].Body != "старое" || got[2].Subject != "" {
		t.Errorf("oldest = %+v", got[2])
	}
	want := time.Date(2026, 5, 4, 5, 0, 0, 0, time.UTC)
	if !got[1].CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v", got[1].CreatedAt, want)
	}
	if got[0].ID == 0 || got[0].ID == got[1].ID {
		t.Errorf("IDs %d, %d", got[0].ID, got[1].ID)
	}

	if got, err := o.List(ctx, 2); err != nil || len(got) != 2 || got[0].Channel != ChannelEmail {
		t.Errorf("List(2) = %d messages, %v", len(got), err)
	}

	n, err := o.DeleteBefore(ctx, want)
	if err != nil || n != 1 {
		t.Fatalf("DeleteBefore = %d, %v; want 1", n, err)
	}
	if got, _ := o.List(ctx, 10); len(got) != 2 {
		t.Errorf("after DeleteBefore: %d messages, want 2", len(got))
	}
}

func TestOutboxEmptyListIsNotNil(t *testing.T) {
	o, err := NewOutbox(context.Background(), openDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := o.List(context.Background(), 5)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("List = %#v, %v; want an empty slice", got, err)
	}
}

func TestOutboxRefusesInvalidMessages(t *testing.T) {
	o, err := NewOutbox(context.Background(), openDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Message{
		{Channel: "fax", To: "1", Body: "x"},
		{Channel: ChannelSMS, To: " ", Body: "x"},
		{Channel: ChannelEmail, To: "a@b.kz"},
	} {
		if err := o.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("Send(%+v) = %v, want ErrInvalidMessage", m, err)
		}
	}
	if _, err := NewOutbox(context.Background(), nil, nil); err == nil {
		t.Error("NewOutbox(nil db) succeeded")
	}
}

func TestOutboxConcurrentSends(t *testing.T) {
	ctx := context.Background()
	o, err := NewOutbox(ctx, openDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			errs <- o.Send(ctx, Message{Channel: ChannelSMS, To: "77012345600", Body: fmt.Sprint("m", i)})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got, err := o.List(ctx, 100); err != nil || len(got) != 40 {
		t.Errorf("List = %d, %v; want 40", len(got), err)
	}
}
