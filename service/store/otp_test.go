package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func otpRow(id byte, at time.Time) OTPRequest {
	return OTPRequest{IDHash: bytes.Repeat([]byte{id}, 32), Purpose: PurposeReset, IIN: "880415300157",
		Channel: "sms", Contact: "77012345600", CodeHash: bytes.Repeat([]byte{'c'}, 32), Sends: 1,
		CreatedAt: at, SentAt: at, ExpiresAt: at.Add(15 * time.Minute), ResendAfter: at.Add(time.Minute)}
}

func TestStartOTPRequestLimit(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	lim := OTPLimit{Max: 3, Window: time.Hour, Keep: 2 * time.Hour}
	ev := Event{IIN: "880415300157", Kind: EventResetStarted, At: t0}
	for i := range 3 {
		at := t0.Add(time.Duration(i) * 10 * time.Minute)
		if _, err := s.StartOTPRequest(ctx, otpRow(byte(i), at), lim, ev); err != nil {
			t.Fatal(err)
		}
	}
	wait, err := s.StartOTPRequest(ctx, otpRow(9, t0.Add(30*time.Minute)), lim, ev)
	if !errors.Is(err, ErrThrottled) || wait != 30*time.Minute {
		t.Fatalf("4th = %v, %v; want ErrThrottled after 30m", wait, err)
	}
	// Other purposes and IINs have their own counts.
	r := otpRow(10, t0.Add(30*time.Minute))
	r.Purpose = PurposeRegistration
	if _, err := s.StartOTPRequest(ctx, r, lim, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartOTPRequest(ctx, otpRow(11, t0.Add(time.Hour)), lim, ev); err != nil {
		t.Fatalf("after the first left the window: %v", err)
	}
	// Rows older than Keep are pruned.
	if _, err := s.StartOTPRequest(ctx, otpRow(12, t0.Add(2*time.Hour+time.Second)), lim, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OTPRequest(ctx, otpRow(0, t0).IDHash); !errors.Is(err, ErrNotFound) {
		t.Errorf("old row: %v", err)
	}
	evs, _ := s.Events(ctx, "880415300157", 100)
	if len(evs) != 6 {
		t.Errorf("%d events, want 6 (one per start)", len(evs))
	}
}

func TestOTPCodeAndFailures(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	r := otpRow(1, t0)
	if _, err := s.StartOTPRequest(ctx, r, OTPLimit{Window: time.Hour}, Event{Kind: EventResetStarted, At: t0}); err != nil {
		t.Fatal(err)
	}
	c := OTPCode{Channel: "email", Contact: "a@b.kz", Hash: bytes.Repeat([]byte{'d'}, 32),
		SentAt: t0.Add(time.Minute), ExpiresAt: t0.Add(16 * time.Minute), ResendAfter: t0.Add(2 * time.Minute)}
	if err := s.SetOTPCode(ctx, r.IDHash, 0, 4, c, Event{}); !errors.Is(err, ErrOTPStale) {
		t.Fatalf("wrong previous sends: %v", err)
	}
	if err := s.SetOTPCode(ctx, r.IDHash, 1, 4, c, Event{}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OTPRequest(ctx, r.IDHash)
	if got.Sends != 2 || got.Channel != "email" || !bytes.Equal(got.CodeHash, c.Hash) || !got.ExpiresAt.Equal(c.ExpiresAt) {
		t.Errorf("after resend: %+v", got)
	}
	for i := 1; i <= 3; i++ {
		got, err := s.RecordOTPFailure(ctx, r.IDHash, 3, t0, "c")
		if err != nil || got.Failures != i || got.Alive() != (i < 3) {
			t.Fatalf("failure %d: %+v, %v", i, got, err)
		}
	}
	got, _ = s.RecordOTPFailure(ctx, r.IDHash, 3, t0, "c")
	if got.Failures != 3 || got.DeadReason != DeadFailures {
		t.Errorf("dead request counted on: %+v", got)
	}
	if _, err := s.SetPassword(ctx, PasswordSet{IIN: "880415300157", Hash: "h", At: t0,
		OTPIDHash: r.IDHash, OTPCodeHash: c.Hash, Event: Event{Kind: EventPasswordReset}}); !errors.Is(err, ErrOTPStale) {
		t.Errorf("dead request used: %v", err)
	}
	if _, err := s.RecordOTPFailure(ctx, []byte("nope"), 3, t0, "c"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown request: %v", err)
	}
}

func TestOTPResendLimitKills(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	r := otpRow(1, t0)
	s.StartOTPRequest(ctx, r, OTPLimit{Window: time.Hour}, Event{Kind: EventResetStarted, At: t0})
	err := s.SetOTPCode(ctx, r.IDHash, 1, 1, OTPCode{SentAt: t0}, Event{IIN: r.IIN, At: t0})
	if !errors.Is(err, ErrOTPStale) {
		t.Fatal(err)
	}
	got, _ := s.OTPRequest(ctx, r.IDHash)
	if got.DeadReason != DeadResends {
		t.Errorf("request = %+v", got)
	}
}

func TestSetPassword(t *testing.T) {
	s := openTest(t)
	seedOne(t, s, 1) // 880415300157 with password hash "h"
	ctx := context.Background()
	iin := "880415300157"
	for i, tok := range []string{"a", "b", "c"} {
		if _, err := s.StartSession(ctx, Session{TokenHash: []byte(tok), IIN: iin, CreatedAt: t0.Add(time.Duration(i)),
			LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	s.RecordLoginFailure(ctx, iin, t0, FailurePolicy{MaxFailures: 5, LockFor: time.Minute}, "c")

	r := otpRow(1, t0)
	s.StartOTPRequest(ctx, r, OTPLimit{Window: time.Hour}, Event{Kind: EventResetStarted, At: t0})
	if _, err := s.SetPassword(ctx, PasswordSet{IIN: iin, Hash: "h2", At: t0, RequireUnregistered: true,
		Event: Event{Kind: EventRegistrationCompleted}}); !errors.Is(err, ErrPasswordConflict) {
		t.Errorf("registered person registered again: %v", err)
	}
	if _, err := s.SetPassword(ctx, PasswordSet{IIN: iin, Hash: "h2", At: t0, RequireHash: "other",
		Event: Event{Kind: EventPasswordChanged}}); !errors.Is(err, ErrPasswordConflict) {
		t.Errorf("changed from a stale hash: %v", err)
	}
	// Expired at At: refused.
	if _, err := s.SetPassword(ctx, PasswordSet{IIN: iin, Hash: "h2", At: r.ExpiresAt, OTPIDHash: r.IDHash, OTPCodeHash: r.CodeHash,
		Event: Event{Kind: EventPasswordReset}}); !errors.Is(err, ErrOTPStale) {
		t.Errorf("expired code used: %v", err)
	}
	ended, err := s.SetPassword(ctx, PasswordSet{IIN: iin, Hash: "h2", At: t0.Add(time.Minute), Client: "c",
		OTPIDHash: r.IDHash, OTPCodeHash: r.CodeHash, RequireHash: "h",
		EndSessions: true, KeepSession: []byte("b"), ClearFailures: true, Event: Event{Kind: EventPasswordReset}})
	if err != nil || ended != 2 {
		t.Fatalf("set = %d, %v", ended, err)
	}
	d, _ := s.Depositor(ctx, iin)
	if d.PasswordHash != "h2" || !d.PasswordChangedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("depositor = %+v", d)
	}
	for tok, open := range map[string]bool{"a": false, "b": true, "c": false} {
		sess, _ := s.Session(ctx, []byte(tok))
		if sess.EndedAt.IsZero() != open || (!open && sess.EndReason != EndPasswordChanged) {
			t.Errorf("session %s = %+v", tok, sess)
		}
	}
	if st, _ := s.LoginState(ctx, iin, "c", t0, FailurePolicy{}); st.Failures != 0 || st.IINFailures != 0 {
		t.Errorf("failures not cleared: %+v", st)
	}
	if _, err := s.SetPassword(ctx, PasswordSet{IIN: iin, Hash: "h3", At: t0.Add(time.Minute),
		OTPIDHash: r.IDHash, OTPCodeHash: r.CodeHash, Event: Event{Kind: EventPasswordReset}}); !errors.Is(err, ErrOTPStale) {
		t.Errorf("code used twice: %v", err)
	}
}

func TestContactShared(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	people := []SeedDepositor{
		{Depositor: Depositor{IIN: "880415300157", Surname: "A", GivenName: "B", BirthDate: "1988-04-15", Sex: "male",
			Role: RoleDepositor, Phone: "77012345600", Email: "A@Mail.kz", CreatedAt: t0}},
		{Depositor: Depositor{IIN: "950109400452", Surname: "C", GivenName: "D", BirthDate: "1995-01-09", Sex: "female",
			Role: RoleDepositor, Phone: "77012345600", Email: "d@mail.kz", CreatedAt: t0}},
	}
	if _, err := s.Seed(ctx, "t", t0, people); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		iin, phone, email string
		p, e              bool
	}{
		{"950109400452", "77012345600", "", true, false},
		{"950109400452", "", "a@mail.KZ", false, true},
		{"950109400452", "", "d@mail.kz", false, false},
		{"880415300157", "77012345601", "", false, false},
		{"880415300157", "", "", false, false},
	} {
		p, e, err := s.ContactShared(ctx, tc.iin, tc.phone, tc.email)
		if err != nil || p != tc.p || e != tc.e {
			t.Errorf("%+v: %v %v %v", tc, p, e, err)
		}
	}
}

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Secret(context.Background(), "otp", 32)
	if err != nil || len(a) != 32 {
		t.Fatalf("secret = %x, %v", a, err)
	}
	s.Close()
	s, _ = Open(context.Background(), dir, nil)
	defer s.Close()
	b, _ := s.Secret(context.Background(), "otp", 32)
	c, _ := s.Secret(context.Background(), "other", 32)
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Errorf("secrets %x %x %x", a, b, c)
	}
	if _, err := s.Secret(context.Background(), "otp", 16); err == nil {
		t.Error("secret of another size accepted")
	}
}

func TestOpenSide(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"", FileName, "../x.db", "a/b.db"} {
		if db, err := OpenSide(dir, bad); err == nil {
			db.Close()
			t.Errorf("OpenSide(%q) accepted", bad)
		}
	}
	db, err := OpenSide(dir, "side.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	fi, err := os.Stat(filepath.Join(dir, "side.db"))
	if err != nil || fi.Mode().Perm() != 0o600 || mode != "wal" {
		t.Errorf("side file: %v %v %q", fi.Mode(), err, mode)
	}
}
