package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/notify"
)

// Details of the demo people of the OTP flows (see demo.go).
const (
	daurenPhone = "77081112233"
	daurenEmail = "dauren.omarov@mail.kz"
	bekzatPhone = "77012345600"
	bekzatEmail = "bekzat.s@mail.kz"
	aigerimMail = "aigerim.s@mail.kz"
	// goodPassword passes the policy for every demo person.
	goodPassword  = "lunar-Pickle-sofa-93-drift"
	otherPassword = "Zx9!mountain-cobalt"
)

// fakeCaptcha is a CaptchaStore whose answers the tests know: the answer
// of captcha "capN" is "ansN". Like the real one it is single use.
type fakeCaptcha struct {
	mu      sync.Mutex
	n       int
	answers map[string]string
}

func newFakeCaptcha() *fakeCaptcha { return &fakeCaptcha{answers: map[string]string{}} }

func (c *fakeCaptcha) New(time.Time) (string, []byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	id := fmt.Sprintf("cap%d", c.n)
	c.answers[id] = fmt.Sprintf("ans%d", c.n)
	return id, []byte("\x89PNG\r\n\x1a\nfake"), nil
}

func (c *fakeCaptcha) Verify(id, answer string, _ time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	want, ok := c.answers[id]
	delete(c.answers, id)
	return ok && want == answer
}

// otpEnv is a demo service (outbox sender) with a fake captcha and a
// client throttle loose enough not to get in the way of a flow.
func otpEnv(t *testing.T, mods ...func(*Config)) *env {
	t.Helper()
	base := func(c *Config) {
		c.ClientRate, c.ClientBurst = 1000, 1000
		c.Captcha = newFakeCaptcha()
	}
	return newEnv(t, append([]func(*Config){base}, mods...)...)
}

func jsonBody(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func pathWithID(path, id string) string { return strings.Replace(path, "{id}", id, 1) }

func daurenReg() api.RegistrationRequest {
	return api.RegistrationRequest{Surname: "Омаров", GivenName: "Даурен", Patronymic: "Ерланович",
		IIN: iinDauren, Phone: daurenPhone, Email: daurenEmail}
}

func confirmBody(otp, pw, repeat string) string {
	return jsonBody(api.ConfirmRequest{OTP: otp, Password: pw, PasswordRepeat: repeat})
}

// register starts a registration and fails the test unless it is 201.
func (e *env) register(req api.RegistrationRequest) api.OTPChallenge {
	e.t.Helper()
	w := e.do("POST", api.PathRegistration, jsonBody(req), "")
	if w.Code != http.StatusCreated {
		e.t.Fatalf("registration: %d %s", w.Code, w.Body)
	}
	var ch api.OTPChallenge
	decode(e.t, w, &ch)
	return ch
}

// outbox reads the demo outbox through the API.
func (e *env) outbox() []api.OutboxMessage {
	e.t.Helper()
	w := e.do("GET", api.PathOutbox, "", "")
	if w.Code != http.StatusOK {
		e.t.Fatalf("outbox: %d %s", w.Code, w.Body)
	}
	var o api.Outbox
	decode(e.t, w, &o)
	return o.Messages
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

// lastCode is the code of the newest one-time-password message to to,
// read from the demo outbox.
func (e *env) lastCode(to string) string {
	e.t.Helper()
	for _, m := range e.outbox() {
		if m.To == to && strings.Contains(m.Body, "Одноразовый пароль") {
			if c := codeRE.FindStringSubmatch(m.Body); c != nil {
				return c[1]
			}
		}
	}
	e.t.Fatalf("no code for %s in the outbox", to)
	return ""
}

// wrongCode is a 6-digit code different from code.
func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// captcha gets a captcha of the fake store and its answer.
func (e *env) captcha() (id, answer string) {
	e.t.Helper()
	w := e.do("GET", api.PathCaptcha, "", "")
	if w.Code != http.StatusOK {
		e.t.Fatalf("captcha: %d %s", w.Code, w.Body)
	}
	var c api.Captcha
	decode(e.t, w, &c)
	return c.ID, strings.Replace(c.ID, "cap", "ans", 1)
}

// startReset passes the captcha and returns the reset request.
func (e *env) startReset(iin string) api.PasswordReset {
	e.t.Helper()
	id, ans := e.captcha()
	w := e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iin, CaptchaID: id, CaptchaAnswer: ans}), "")
	if w.Code != http.StatusCreated {
		e.t.Fatalf("password reset: %d %s", w.Code, w.Body)
	}
	var pr api.PasswordReset
	decode(e.t, w, &pr)
	return pr
}

// makeIIN returns a valid IIN of a man born on 1 January 1990 + n days,
// whom the fund does not know.
func makeIIN(t *testing.T, n int) string {
	t.Helper()
	for d := n; ; d++ {
		born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)
		first11 := born.Format("060102") + "3" + fmt.Sprintf("%04d", 1000+d%9000)
		if c, ok := kz.IINCheckDigit(first11); ok {
			iin := fmt.Sprintf("%s%d", first11, c)
			if _, err := kz.ParseIIN(iin); err == nil {
				return iin
			}
		}
	}
}

// failingSender fails every message, as a gateway that is down.
var failingSender = notify.SenderFunc(func(context.Context, notify.Message) error {
	return fmt.Errorf("%w: gateway down", notify.ErrUnavailable)
})
