package notify

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testCode  = "493817"
	testToken = "gw-secret-token"
)

// gateway is an httptest SMS gateway whose answers the test scripts.
type gateway struct {
	t      *testing.T
	srv    *httptest.Server
	calls  atomic.Int32
	mu     sync.Mutex
	keys   []string
	bodies []smsRequest
	// answer gives the status (and headers) of call n (1-based).
	answer func(n int, w http.ResponseWriter) int
}

func newGateway(t *testing.T, answer func(n int, w http.ResponseWriter) int) *gateway {
	g := &gateway{t: t, answer: answer}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(g.calls.Add(1))
		var body smsRequest
		err := json.NewDecoder(r.Body).Decode(&body)
		g.mu.Lock()
		g.keys = append(g.keys, r.Header.Get("Idempotency-Key"))
		g.bodies = append(g.bodies, body)
		g.mu.Unlock()
		switch {
		case r.Method != http.MethodPost || r.URL.Path != "/v1/sms":
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		case r.Header.Get("Authorization") != "Bearer "+testToken:
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		case !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json"):
			t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
		case err != nil:
			t.Errorf("body: %v", err)
		}
		status := g.answer(n, w)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		// A gateway may echo the text: it must not reach the logs.
		_ = json.NewEncoder(w).Encode(map[string]string{"status": http.StatusText(status), "echo": body.Text})
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) sender(t *testing.T, mod func(*SMSConfig)) (*SMS, *logBuffer) {
	t.Helper()
	logger, logs := newTestLogger(t)
	cfg := SMSConfig{
		URL:        g.srv.URL + "/v1/sms",
		Token:      testToken,
		Timeout:    2 * time.Second,
		Backoff:    time.Millisecond,
		MaxBackoff: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := NewSMS(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkLogs(t, logs) })
	return s, logs
}

// checkLogs: no code, no full number, no token in the logs.
func checkLogs(t *testing.T, logs *logBuffer) {
	t.Helper()
	out := logs.String()
	for _, secret := range []string{testCode, "77012345600", "701 234 56 00", testToken} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}

func otpSMS() Message {
	_, body := OTPText("", testCode, 15)
	return Message{Channel: ChannelSMS, To: "+7 701 234 56 00", Body: body, Kind: KindOTP}
}

func TestSMSSuccess(t *testing.T) {
	g := newGateway(t, func(int, http.ResponseWriter) int { return http.StatusAccepted })
	s, logs := g.sender(t, nil)
	m := otpSMS()
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := g.calls.Load(); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
	if b := g.bodies[0]; b.To != "77012345600" || b.Text != m.Body {
		t.Errorf("gateway got %+v", b)
	}
	if g.keys[0] == "" {
		t.Error("no Idempotency-Key")
	}
	if out := logs.String(); !strings.Contains(out, "7701*****00") || !strings.Contains(out, "SMS sent") {
		t.Errorf("log lacks the masked recipient or the outcome:\n%s", out)
	}
}

func TestSMSRetriesAfterTwo503(t *testing.T) {
	g := newGateway(t, func(n int, w http.ResponseWriter) int {
		if n <= 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	s, logs := g.sender(t, nil)
	if err := s.Send(context.Background(), otpSMS()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if n := g.calls.Load(); n != 3 {
		t.Fatalf("%d calls, want 3", n)
	}
	if g.keys[0] == "" || g.keys[0] != g.keys[1] || g.keys[1] != g.keys[2] {
		t.Errorf("Idempotency-Key changed between retries: %q", g.keys)
	}
	if c := strings.Count(logs.String(), "attempt failed"); c != 2 {
		t.Errorf("%d failed attempts logged, want 2:\n%s", c, logs)
	}
}

func TestSMSGivesUpAfterRetries(t *testing.T) {
	g := newGateway(t, func(n int, w http.ResponseWriter) int {
		if n%2 == 0 {
			w.Header().Set("Retry-After", "30") // capped by MaxBackoff
			return http.StatusTooManyRequests
		}
		return http.StatusInternalServerError
	})
	s, logs := g.sender(t, nil)
	start := time.Now()
	err := s.Send(context.Background(), otpSMS())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send = %v, want ErrUnavailable", err)
	}
	if n := g.calls.Load(); n != 1+DefaultSMSRetries {
		t.Errorf("%d calls, want %d", n, 1+DefaultSMSRetries)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v: Retry-After not capped", time.Since(start))
	}
	if !strings.Contains(err.Error(), "HTTP 500") && !strings.Contains(err.Error(), "HTTP 429") {
		t.Errorf("error %q does not say what failed", err)
	}
	if strings.Contains(err.Error(), testCode) {
		t.Errorf("error contains the code: %q", err)
	}
	if !strings.Contains(logs.String(), "SMS not sent") {
		t.Errorf("give-up not logged:\n%s", logs)
	}
}

func TestSMSConfiguredRetries(t *testing.T) {
	g := newGateway(t, func(int, http.ResponseWriter) int { return http.StatusBadGateway })
	s, _ := g.sender(t, func(c *SMSConfig) { c.MaxRetries = -1 })
	if err := s.Send(context.Background(), otpSMS()); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send = %v", err)
	}
	if n := g.calls.Load(); n != 1 {
		t.Errorf("%d calls with retries off, want 1", n)
	}
}

func TestSMS400NotRetried(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusUnprocessableEntity} {
		g := newGateway(t, func(int, http.ResponseWriter) int { return status })
		s, _ := g.sender(t, nil)
		err := s.Send(context.Background(), otpSMS())
		if !errors.Is(err, ErrRejected) || errors.Is(err, ErrUnavailable) {
			t.Errorf("HTTP %d: Send = %v, want ErrRejected", status, err)
		}
		if n := g.calls.Load(); n != 1 {
			t.Errorf("HTTP %d: %d calls, want 1", status, n)
		}
	}
}

func TestSMSNetworkErrorRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String() + "/v1/sms"
	l.Close() // nothing listens there now: connection refused
	logger, logs := newTestLogger(t)
	s, err := NewSMS(SMSConfig{URL: url, Token: testToken, Backoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}, logger)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), otpSMS())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send = %v, want ErrUnavailable", err)
	}
	if c := strings.Count(logs.String(), "attempt failed"); c != 1+DefaultSMSRetries {
		t.Errorf("%d failed attempts logged, want %d:\n%s", c, 1+DefaultSMSRetries, logs)
	}
	checkLogs(t, logs)
}

func TestSMSTimeoutRetriedAndContextStops(t *testing.T) {
	release := make(chan struct{})
	g := newGateway(t, func(n int, w http.ResponseWriter) int {
		<-release
		return http.StatusOK
	})
	defer close(release)
	s, _ := g.sender(t, func(c *SMSConfig) { c.Timeout = 20 * time.Millisecond; c.MaxRetries = 1 })
	if err := s.Send(context.Background(), otpSMS()); !errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeouts: Send = %v", err)
	}
	if n := g.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	s, _ = g.sender(t, func(c *SMSConfig) { c.Timeout = 5 * time.Second })
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	err := s.Send(ctx, otpSMS())
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrUnavailable) {
		t.Errorf("cancelled: Send = %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("cancelled Send took %v", time.Since(start))
	}
}

func TestSMSRefusesBadMessages(t *testing.T) {
	g := newGateway(t, func(int, http.ResponseWriter) int { return http.StatusOK })
	s, _ := g.sender(t, nil)
	for _, m := range []Message{
		{Channel: ChannelEmail, To: "a@b.kz", Body: "x"},
		{Channel: ChannelSMS, To: "+1 202 555 0100", Body: "x"},
		{Channel: ChannelSMS, To: "77012345600"},
	} {
		if err := s.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("Send(%+v) = %v, want ErrInvalidMessage", m, err)
		}
	}
	if n := g.calls.Load(); n != 0 {
		t.Errorf("%d calls for invalid messages", n)
	}
}
