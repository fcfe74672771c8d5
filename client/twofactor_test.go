package client_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/service"
)

// totpCode is RFC 6238 (SHA-1, 30 s, 6 digits) written for the test.
func totpCode(secret []byte, at time.Time) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1000000)
}

func TestTOTPCodeRFC6238(t *testing.T) {
	// RFC 6238 Appendix B, SHA-1: the last six digits of the 8-digit codes.
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 20000000000: "353130"} {
		if got := totpCode([]byte("12345678901234567890"), time.Unix(unix, 0)); got != want {
			t.Errorf("at %d: %s, want %s", unix, got, want)
		}
	}
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestTwoFactorCalls(t *testing.T) {
	for _, transport := range []string{"inprocess", "http"} {
		t.Run(transport, func(t *testing.T) {
			clock := &testClock{t: time.Now().Truncate(30 * time.Second)}
			svc, err := service.Open(context.Background(), service.Config{
				DataDir: t.TempDir(), Demo: true, Clock: clock.Now,
				Argon2: &service.Argon2Params{Memory: 1024, Iterations: 1, Parallelism: 1, KeyLen: 32, SaltLen: 16},
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { svc.Close() })
			c := client.NewInProcess(svc.Handler())
			if transport == "http" {
				srv := httptest.NewServer(svc.Handler())
				t.Cleanup(srv.Close)
				if c, err = client.New(srv.URL); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			const iin, pw = "880415300157", "kabinet-demo-2026"
			if _, err := c.Login(ctx, iin, pw); err != nil {
				t.Fatal(err)
			}
			st, err := c.TwoFactor(ctx)
			if err != nil || st.Enabled || !st.PasswordNeeded {
				t.Fatalf("status %+v, %v", st, err)
			}
			_, err = c.TwoFactorSetup(ctx, api.TwoFactorTOTP, "wrong-password")
			if p, ok := client.ProblemOf(err); !ok || p.Code != api.CodeInvalidCredentials || p.Status != 403 || p.AttemptsLeft == nil {
				t.Fatalf("wrong password: %v", err)
			}
			su, err := c.TwoFactorSetup(ctx, api.TwoFactorTOTP, pw)
			if err != nil || su.Secret == "" || len(su.QRPNG) == 0 || su.Challenge.Channel != api.ChannelTOTP {
				t.Fatalf("setup %+v, %v", su, err)
			}
			if _, err := c.TwoFactorResend(ctx, su.Challenge.ID); !client.IsCode(err, api.CodeInvalidState) {
				t.Fatalf("resend of a TOTP setup: %v", err)
			}
			secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(su.Secret)
			if err != nil {
				t.Fatal(err)
			}
			en, err := c.TwoFactorConfirm(ctx, su.Challenge.ID, totpCode(secret, clock.Now()))
			if err != nil || len(en.RecoveryCodes) != 10 || en.Method != api.TwoFactorTOTP {
				t.Fatalf("confirm %+v, %v", en, err)
			}
			if err := c.Logout(ctx); err != nil {
				t.Fatal(err)
			}

			// The password alone: a typed second-step error, no token.
			_, err = c.Login(ctx, iin, pw)
			ch, ok := client.AsSecondStep(err)
			if !ok || ch.Channel != api.ChannelTOTP || ch.ID == "" || c.Token() != "" {
				t.Fatalf("login with the second step on: %v (token %q)", err, c.Token())
			}
			_, err = c.SecondStep(ctx, ch.ID, totpCode(secret, clock.Now()))
			if p, _ := client.ProblemOf(err); p.Code != api.CodeOTPInvalid || p.Reason != api.ReasonReused || p.AttemptsLeft == nil || *p.AttemptsLeft != 4 {
				t.Fatalf("replayed code: %v %+v", err, p)
			}
			if _, err := c.SecondStepResend(ctx, ch.ID); !client.IsCode(err, api.CodeInvalidState) {
				t.Fatalf("resend of a TOTP challenge: %v", err)
			}
			clock.Advance(30 * time.Second)
			s, err := c.SecondStep(ctx, ch.ID, totpCode(secret, clock.Now()))
			if err != nil || s.Token == "" || c.Token() != s.Token {
				t.Fatalf("second step: %+v, %v", s, err)
			}
			if me, err := c.Me(ctx); err != nil || me.IIN != iin {
				t.Fatalf("me %+v, %v", me, err)
			}
			c.Logout(ctx)

			// A recovery code instead.
			_, err = c.Login(ctx, iin, pw)
			ch, _ = client.AsSecondStep(err)
			if _, err := c.SecondStepRecovery(ctx, ch.ID, en.RecoveryCodes[0]); err != nil {
				t.Fatalf("recovery code: %v", err)
			}
			if st, err := c.TwoFactor(ctx); err != nil || !st.Enabled || st.RecoveryCodesLeft != 9 {
				t.Fatalf("status %+v, %v", st, err)
			}
			if err := c.TwoFactorOff(ctx, ""); !client.IsCode(err, api.CodeBadRequest) {
				t.Fatalf("off without password: %v", err)
			}
			if err := c.TwoFactorOff(ctx, pw); err != nil {
				t.Fatal(err)
			}
			c.Logout(ctx)
			if _, err := c.Login(ctx, iin, pw); err != nil {
				t.Fatalf("login after off: %v", err)
			}

			// A code sent by SMS: resend throttled, with the wait.
			c.Logout(ctx)
			if _, err := c.Login(ctx, "700303300418", pw); err != nil {
				t.Fatal(err)
			}
			su, err = c.TwoFactorSetup(ctx, api.TwoFactorSMS, pw)
			if err != nil || su.Challenge.Channel != "sms" || su.Challenge.MaskedContact == "" || su.Secret != "" {
				t.Fatalf("sms setup %+v, %v", su, err)
			}
			_, err = c.TwoFactorResend(ctx, su.Challenge.ID)
			if p, _ := client.ProblemOf(err); p.Code != api.CodeResendTooSoon || p.RetryAfterSeconds != 60 {
				t.Fatalf("resend too soon: %v %+v", err, p)
			}
			clock.Advance(time.Minute)
			if ch, err := c.TwoFactorResend(ctx, su.Challenge.ID); err != nil || !ch.ResendAfter.After(clock.Now()) {
				t.Fatalf("resend: %+v, %v", ch, err)
			}
		})
	}
}
