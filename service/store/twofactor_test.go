package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"
)

// loginRow is a TOTP login challenge of Бекзат (no code sent).
func loginRow(id byte, at time.Time) OTPRequest {
	return OTPRequest{IDHash: bytes.Repeat([]byte{id}, 32), Purpose: PurposeLogin, IIN: "880415300157",
		Channel: MethodTOTP, CreatedAt: at, ExpiresAt: at.Add(15 * time.Minute)}
}

func requestUsed(t *testing.T, s *Store, id []byte) bool {
	t.Helper()
	r, err := s.OTPRequest(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return !r.UsedAt.IsZero()
}

func TestTwoFactorRows(t *testing.T) {
	s := openTest(t)
	seedOne(t, s, 1) // the person 880415300157
	ctx := context.Background()
	const iin = "880415300157"
	lim := OTPLimit{Max: 10, Window: time.Hour}
	if _, err := s.TwoFactor(ctx, iin); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v", err)
	}
	// A setup with its sealed secret, consumed by the enabling.
	setup := loginRow(1, t0)
	setup.Purpose = PurposeTwoFactorSetup
	if _, err := s.StartOTPRequest(ctx, setup, lim, Event{IIN: iin, Kind: EventTwoFactorSetupStarted, At: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOTPSecret(ctx, setup.IDHash, []byte("sealed")); err != nil {
		t.Fatal(err)
	}
	if b, err := s.OTPSecret(ctx, setup.IDHash); err != nil || string(b) != "sealed" {
		t.Fatalf("secret %q, %v", b, err)
	}
	hashes := [][]byte{bytes.Repeat([]byte{'a'}, 32), bytes.Repeat([]byte{'b'}, 32)}
	enable := TwoFactorEnable{SetupIDHash: setup.IDHash,
		TwoFactor:      TwoFactor{IIN: iin, Method: MethodTOTP, TOTPSecret: []byte("sealed"), TOTPLastStep: 100},
		RecoveryHashes: hashes, At: t0, Event: Event{Kind: EventTwoFactorEnabled}}
	if err := s.EnableTwoFactor(ctx, enable); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.OTPSecret(ctx, setup.IDHash); b != nil {
		t.Errorf("the setup keeps its secret after use: %q", b)
	}
	// A setup is used once.
	if err := s.EnableTwoFactor(ctx, enable); !errors.Is(err, ErrOTPStale) {
		t.Errorf("second enabling: %v", err)
	}
	tf, err := s.TwoFactor(ctx, iin)
	if err != nil || tf.Method != MethodTOTP || tf.TOTPLastStep != 100 || string(tf.TOTPSecret) != "sealed" {
		t.Fatalf("two factor %+v, %v", tf, err)
	}
	if n, _ := s.RecoveryCodesLeft(ctx, iin); n != 2 {
		t.Errorf("recovery codes %d", n)
	}

	// Replay: a step not after the last one changes nothing, the
	// challenge stays usable.
	login := loginRow(2, t0)
	if _, err := s.StartOTPRequest(ctx, login, lim, Event{IIN: iin, Kind: EventSecondStepStarted, At: t0}); err != nil {
		t.Fatal(err)
	}
	use := SecondStepUse{IIN: iin, IDHash: login.IDHash, TOTPStep: 100, At: t0.Add(time.Minute), Event: Event{Kind: "login_second_step"}}
	if err := s.UseSecondStep(ctx, use); !errors.Is(err, ErrTOTPReplay) {
		t.Fatalf("step 100 again: %v", err)
	}
	if requestUsed(t, s, login.IDHash) {
		t.Fatal("a refused replay used the challenge")
	}
	use.TOTPStep = 101
	if err := s.UseSecondStep(ctx, use); err != nil {
		t.Fatal(err)
	}
	if tf, _ := s.TwoFactor(ctx, iin); tf.TOTPLastStep != 101 || !requestUsed(t, s, login.IDHash) {
		t.Errorf("after use: step %d", tf.TOTPLastStep)
	}
	if err := s.UseSecondStep(ctx, use); !errors.Is(err, ErrOTPStale) {
		t.Errorf("a used challenge again: %v", err)
	}

	// A recovery code once; an expired challenge not at all.
	login3 := loginRow(3, t0)
	s.StartOTPRequest(ctx, login3, lim, Event{IIN: iin, Kind: EventSecondStepStarted, At: t0})
	rec := SecondStepUse{IIN: iin, IDHash: login3.IDHash, RecoveryHash: hashes[0], At: t0.Add(time.Minute)}
	if err := s.UseSecondStep(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.RecoveryCodeUnused(ctx, iin, hashes[0]); ok {
		t.Error("recovery code still unused")
	}
	login4 := loginRow(4, t0)
	s.StartOTPRequest(ctx, login4, lim, Event{IIN: iin, Kind: EventSecondStepStarted, At: t0})
	rec.IDHash = login4.IDHash
	if err := s.UseSecondStep(ctx, rec); !errors.Is(err, ErrRecoveryCodeUsed) {
		t.Errorf("recovery code twice: %v", err)
	}
	if requestUsed(t, s, login4.IDHash) {
		t.Error("a refused recovery code used the challenge")
	}
	rec.RecoveryHash, rec.At = hashes[1], t0.Add(15*time.Minute)
	if err := s.UseSecondStep(ctx, rec); !errors.Is(err, ErrOTPStale) {
		t.Errorf("expired challenge: %v", err)
	}

	// Off: the rows go, the event stays.
	on, err := s.DisableTwoFactor(ctx, iin, t0.Add(time.Hour), Event{Kind: EventTwoFactorDisabled})
	if err != nil || !on {
		t.Fatalf("disable: %v %v", on, err)
	}
	if on, _ := s.DisableTwoFactor(ctx, iin, t0.Add(time.Hour), Event{Kind: EventTwoFactorDisabled}); on {
		t.Error("disabled twice")
	}
	if n, _ := s.RecoveryCodesLeft(ctx, iin); n != 0 {
		t.Errorf("recovery codes after off: %d", n)
	}
	evs, _ := s.Events(ctx, iin, 100)
	kinds := map[string]int{}
	for _, e := range evs {
		kinds[e.Kind]++
	}
	if kinds[EventTwoFactorEnabled] != 1 || kinds[EventTwoFactorDisabled] != 1 || kinds["login_second_step"] != 1 {
		t.Errorf("events %v", kinds)
	}
}

// TestTwoFactorMigrationKeepsRequests applies the migrations before
// 00044, writes a registration request, then opens the file (00044
// rebuilds otp_requests): the row is still there, and the new purposes
// and channel are accepted.
func TestTwoFactorMigrationKeepsRequests(t *testing.T) {
	dir := t.TempDir()
	sub, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	entries, _ := fs.ReadDir(sub, ".")
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "00044") {
			continue
		}
		b, _ := fs.ReadFile(sub, e.Name())
		old[e.Name()] = &fstest.MapFile{Data: b}
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, FileName))+"?"+dsnPragmas)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, old, goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO otp_requests (id_hash, purpose, iin, channel, contact, sends, created_at, client)
		VALUES (x'01', 'registration', '850721300125', 'sms', '77081112233', 1, ?, 'c')`, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO otp_requests (id_hash, purpose, iin, created_at) VALUES (x'02', 'login', '1', ?)`, t0); err == nil {
		t.Fatal("the old schema took purpose login")
	}
	db.Close()

	s, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.OTPRequest(context.Background(), []byte{1})
	if err != nil || r.Purpose != PurposeRegistration || r.Contact != "77081112233" || r.Sends != 1 || r.Client != "c" {
		t.Fatalf("row after the migration: %+v, %v", r, err)
	}
	if _, err := s.StartOTPRequest(context.Background(), loginRow(3, t0), OTPLimit{Window: time.Hour},
		Event{Kind: EventSecondStepStarted, At: t0}); err != nil {
		t.Fatalf("a TOTP login challenge after the migration: %v", err)
	}
}
