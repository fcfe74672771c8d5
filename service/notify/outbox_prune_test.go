package notify

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"
)

// outboxRows are the bodies of the rows in the outbox table, oldest first,
// read with SQL (not through List and its limit).
func outboxRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT body FROM outbox ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sms(body string) Message { return Message{Channel: ChannelSMS, To: "77012345600", Body: body} }

// A message older than a day goes at the next Send; a day-old one not yet.
func TestOutboxPrunesOldMessagesOnSend(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	t0 := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: t0}
	o, err := NewOutbox(ctx, db, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	send := func(body string) {
		t.Helper()
		if err := o.Send(ctx, sms(body)); err != nil {
			t.Fatal(err)
		}
	}
	send("old")
	clock.Set(t0.Add(23 * time.Hour))
	send("recent")
	clock.Set(t0.Add(DefaultOutboxKeep)) // "old" is exactly a day old: kept
	send("a day later")
	if got := outboxRows(t, db); !slices.Equal(got, []string{"old", "recent", "a day later"}) {
		t.Fatalf("a day later: rows %q", got)
	}
	clock.Set(t0.Add(25 * time.Hour))
	send("new")
	if got := outboxRows(t, db); !slices.Equal(got, []string{"recent", "a day later", "new"}) {
		t.Errorf("rows %q, want the message of more than a day ago gone", got)
	}
}

// At most Max messages are kept, the newest; the default is
// DefaultOutboxMax.
func TestOutboxKeepsAtMostMaxMessages(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clock := &fakeClock{t: time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)}
	o, err := NewOutboxRetaining(ctx, db, clock.Now, Retention{Max: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := o.Send(ctx, sms(fmt.Sprint("m", i))); err != nil {
			t.Fatal(err)
		}
		clock.Set(clock.Now().Add(time.Second))
	}
	if got := outboxRows(t, db); !slices.Equal(got, []string{"m2", "m3", "m4"}) {
		t.Errorf("rows %q, want the newest three", got)
	}

	// The default bound, on a table filled beyond it by hand.
	db = openDB(t)
	o, err = NewOutbox(ctx, db, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db, DefaultOutboxMax+100, clock.Now().Add(-time.Hour)) // with "newest", 101 too many
	if err := o.Send(ctx, sms("newest")); err != nil {
		t.Fatal(err)
	}
	got := outboxRows(t, db)
	if len(got) != DefaultOutboxMax || got[len(got)-1] != "newest" || got[0] != fmt.Sprint("row ", 102) {
		t.Errorf("%d rows from %q to %q; want %d, from «row 102» to «newest»", len(got), got[0], got[len(got)-1], DefaultOutboxMax)
	}
}

// fill inserts n rows a second apart ending at end, named "row 1" to
// "row n", in one transaction.
func fill(t *testing.T, db *sql.DB, n int, end time.Time) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		at := end.Add(time.Duration(i-n) * time.Second).UTC().Format(outboxTimeLayout)
		if _, err := tx.Exec(`INSERT INTO outbox (channel, recipient, body, created_at) VALUES ('sms', '77012345600', ?, ?)`,
			fmt.Sprint("row ", i), at); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// An outbox left with old messages (a demo started again after a week)
// is pruned when it is opened; the router passes its retention on; a
// negative bound keeps everything.
func TestOutboxPrunedOnOpenAndConfigured(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	now := time.Date(2026, 5, 11, 10, 0, 0, 0, time.UTC)
	if _, err := NewOutbox(ctx, db, func() time.Time { return now.Add(-7 * 24 * time.Hour) }); err != nil {
		t.Fatal(err)
	}
	fill(t, db, 3, now.Add(-7*24*time.Hour)) // a week ago
	fill(t, db, 2, now.Add(-time.Minute))    // "row 1", "row 2" again, a minute ago
	if _, err := NewOutbox(ctx, db, func() time.Time { return now }); err != nil {
		t.Fatal(err)
	}
	if got := outboxRows(t, db); !slices.Equal(got, []string{"row 1", "row 2"}) {
		t.Errorf("after opening: rows %q, want the week-old ones gone", got)
	}

	// Through New (the service's way), with the configured bounds.
	db = openDB(t)
	s, err := New(Config{Now: func() time.Time { return now }, OutboxRetention: Retention{Keep: time.Hour, Max: 2}}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db, 2, now.Add(-2*time.Hour))
	for _, b := range []string{"a", "b", "c"} {
		if err := s.Send(ctx, sms(b)); err != nil {
			t.Fatal(err)
		}
	}
	if got := outboxRows(t, db); len(got) != 2 || got[1] != "c" || slices.Contains(got, "row 1") || slices.Contains(got, "row 2") {
		t.Errorf("configured outbox: rows %q", got)
	}

	// No bounds at all.
	db = openDB(t)
	o, err := NewOutboxRetaining(ctx, db, func() time.Time { return now }, Retention{Keep: -1, Max: -1})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db, DefaultOutboxMax+1, now.Add(-30*24*time.Hour))
	if err := o.Send(ctx, sms("x")); err != nil {
		t.Fatal(err)
	}
	if got := outboxRows(t, db); len(got) != DefaultOutboxMax+2 {
		t.Errorf("unbounded outbox: %d rows, want %d", len(got), DefaultOutboxMax+2)
	}
}
