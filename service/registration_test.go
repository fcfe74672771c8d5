package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

func TestRegistrationHappyPath(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	// Names in other cases and with extra spaces; the phone as people type it.
	ch := e.register(api.RegistrationRequest{Surname: "  ОМАРОВ ", GivenName: "даурен", Patronymic: "ерЛАНОВИЧ",
		IIN: iinDauren, Phone: "+7 (708) 111-22-33"})
	if len(ch.ID) != 22 { // 128 bits in unpadded base64url
		t.Errorf("id %q has %d characters, want 22", ch.ID, len(ch.ID))
	}
	want := api.OTPChallenge{ID: ch.ID, Channel: "sms", MaskedContact: "7708*****33",
		ExpiresAt: testStart.Add(15 * time.Minute), ResendAfter: testStart.Add(time.Minute), AttemptsLeft: 5, Length: 6, Delivery: api.DeliverySent}
	if !ch.ExpiresAt.Equal(want.ExpiresAt) || !ch.ResendAfter.Equal(want.ResendAfter) {
		t.Errorf("challenge times = %v, %v", ch.ExpiresAt, ch.ResendAfter)
	}
	ch.ExpiresAt, ch.ResendAfter = want.ExpiresAt, want.ResendAfter
	if ch != want {
		t.Errorf("challenge = %+v, want %+v", ch, want)
	}
	code := e.lastCode(daurenPhone)

	e.clock.Advance(3 * time.Minute)
	w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	if sess.Token == "" || sess.IdleTimeoutSeconds != 900 {
		t.Errorf("session = %+v", sess)
	}
	w = e.do("GET", api.PathMe, "", sess.Token)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), iinDauren) {
		t.Fatalf("me with the new session: %d %s", w.Code, w.Body)
	}
	e.login(iinDauren, goodPassword)

	// Single use: the request is gone.
	w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, otherPassword, otherPassword), "")
	wantProblem(t, w, http.StatusNotFound, api.CodeNotFound)
	e.login(iinDauren, goodPassword) // the second confirm changed nothing
	// And the person cannot register again.
	w = e.do("POST", api.PathRegistration, jsonBody(daurenReg()), "")
	wantProblem(t, w, http.StatusConflict, api.CodeAlreadyRegistered)

	ev := e.eventCounts(iinDauren)
	for _, k := range []string{store.EventRegistrationStarted, store.EventOTPSent, store.EventRegistrationCompleted, store.EventLoginOK} {
		if ev[k] == 0 {
			t.Errorf("no %s event; events %v", k, ev)
		}
	}
}

func TestRegistrationByEmail(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	r := daurenReg()
	r.Phone, r.Patronymic = "", ""       // the patronymic is optional
	r.Email = "  Dauren.Omarov@MAIL.kz " // the fund's records compare case-insensitively
	ch := e.register(r)
	if ch.Channel != "email" || ch.MaskedContact != "da*****@ma****" {
		t.Errorf("challenge = %+v", ch)
	}
	code := e.lastCode(daurenEmail)
	w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
}

// Whatever is wrong, the answer is the same depositor_not_found.
func TestRegistrationDepositorNotFound(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	var detail string
	for name, mod := range map[string]func(*api.RegistrationRequest){
		"unknown IIN":      func(r *api.RegistrationRequest) { r.IIN = iinNobody },
		"other surname":    func(r *api.RegistrationRequest) { r.Surname = "Омарова" },
		"other given name": func(r *api.RegistrationRequest) { r.GivenName = "Данияр" },
		"other patronymic": func(r *api.RegistrationRequest) { r.Patronymic = "Ерланулы" },
		"other phone":      func(r *api.RegistrationRequest) { r.Phone = "77081112234" },
		"other e-mail":     func(r *api.RegistrationRequest) { r.Email = "dauren@mail.kz" },
		"someone else's":   func(r *api.RegistrationRequest) { r.IIN = iinAigerim },
		"staff":            func(r *api.RegistrationRequest) { r.IIN = iinStaff },
	} {
		r := daurenReg()
		mod(&r)
		w := e.do("POST", api.PathRegistration, jsonBody(r), "")
		p := wantProblem(t, w, http.StatusNotFound, api.CodeDepositorNotFound)
		if detail == "" {
			detail = p.Detail
		}
		if p.Detail != detail || p.Field != "" || p.Reason != "" {
			t.Errorf("%s: problem %+v differs from the others (%q)", name, p, detail)
		}
	}
	if n := len(e.outbox()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

func TestRegistrationAlreadyRegistered(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	r := api.RegistrationRequest{Surname: "сейткали", GivenName: "БЕКЗАТ", IIN: iinBekzat, Email: bekzatEmail}
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), http.StatusConflict, api.CodeAlreadyRegistered)
	// Only the full details tell it.
	r.GivenName = "Бекжан"
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), http.StatusNotFound, api.CodeDepositorNotFound)
}

// Aigerim's phone is also Bekzat's: registration by it is refused (the
// memo's message), by her own e-mail it works.
func TestRegistrationContactShared(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	r := api.RegistrationRequest{Surname: "Сейткали", GivenName: "Айгерим", Patronymic: "Нурлановна",
		IIN: iinAigerim, Phone: "8 701 234 56 00"}
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), http.StatusConflict, api.CodeContactShared)
	r.Email = aigerimMail // the shared phone still refuses
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), http.StatusConflict, api.CodeContactShared)
	if n := len(e.outbox()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
	r.Phone = ""
	ch := e.register(r)
	if ch.Channel != "email" || ch.MaskedContact != "ai*****@ma****" {
		t.Errorf("challenge = %+v", ch)
	}
	e.lastCode(aigerimMail)
	if ev := e.eventCounts(iinAigerim); ev[store.EventRegistrationRefused] != 2 || ev[store.EventRegistrationStarted] != 1 {
		t.Errorf("events = %v", ev)
	}
}

func TestRegistrationBadRequests(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	for _, tc := range []struct {
		name   string
		mod    func(*api.RegistrationRequest)
		status int
		code   string
		field  string
	}{
		{"no surname", func(r *api.RegistrationRequest) { r.Surname = "  " }, 400, api.CodeBadRequest, "surname"},
		{"no given name", func(r *api.RegistrationRequest) { r.GivenName = "" }, 400, api.CodeBadRequest, "givenName"},
		{"long name", func(r *api.RegistrationRequest) { r.Surname = strings.Repeat("ы", 101) }, 400, api.CodeBadRequest, "surname"},
		{"no contact", func(r *api.RegistrationRequest) { r.Phone, r.Email = "", " " }, 400, api.CodeBadRequest, "phone"},
		{"bad IIN", func(r *api.RegistrationRequest) { r.IIN = "850721300124" }, 422, api.CodeInvalidIIN, "iin"},
		{"foreign phone", func(r *api.RegistrationRequest) { r.Phone = "+79161234567" }, 422, api.CodeValidation, "phone"},
		{"bad e-mail", func(r *api.RegistrationRequest) { r.Email = "dauren@" }, 422, api.CodeValidation, "email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := daurenReg()
			tc.mod(&r)
			p := wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), tc.status, tc.code)
			if p.Field != tc.field {
				t.Errorf("field = %q, want %q", p.Field, tc.field)
			}
		})
	}
	wantProblem(t, e.do("POST", api.PathRegistration, `{"surname":"x","bogus":1}`, ""), 400, api.CodeBadRequest)
}

// The memo: the code is valid 15 minutes. 14:59 works, 15:00 and later
// are otp_expired.
func TestRegistrationExpiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		after time.Duration
		ok    bool
	}{
		{14*time.Minute + 59*time.Second, true},
		{15 * time.Minute, false},
		{15*time.Minute + time.Minute, false},
	} {
		t.Run(tc.after.String(), func(t *testing.T) {
			t.Parallel()
			e := otpEnv(t)
			ch := e.register(daurenReg())
			code := e.lastCode(daurenPhone)
			e.clock.Advance(tc.after)
			w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), "")
			if tc.ok {
				if w.Code != http.StatusOK {
					t.Fatalf("confirm: %d %s", w.Code, w.Body)
				}
				return
			}
			wantProblem(t, w, http.StatusGone, api.CodeOTPExpired)
			// A wrong code is expired too, and costs no attempt.
			wantProblem(t, e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(wrongCode(code), goodPassword, goodPassword), ""),
				http.StatusGone, api.CodeOTPExpired)
		})
	}
}

func TestOTPValidityConfigurable(t *testing.T) {
	t.Parallel()
	e := otpEnv(t, func(c *Config) { c.OTPValidity = 5 * time.Minute })
	ch := e.register(daurenReg())
	if !ch.ExpiresAt.Equal(testStart.Add(5 * time.Minute)) {
		t.Errorf("expiresAt = %v", ch.ExpiresAt)
	}
	if msgs := e.outbox(); len(msgs) != 1 || !strings.Contains(msgs[0].Body, "5 мин") {
		t.Errorf("message = %+v", msgs)
	}
	code := e.lastCode(daurenPhone)
	e.clock.Advance(5 * time.Minute)
	wantProblem(t, e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), ""),
		http.StatusGone, api.CodeOTPExpired)
}

// Five wrong codes kill the request; then even the right one is refused.
func TestRegistrationAttempts(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	code := e.lastCode(daurenPhone)
	confirm := func(otp string) *httptest.ResponseRecorder {
		return e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(otp, goodPassword, goodPassword), "")
	}
	for i, otp := range []string{wrongCode(code), "12345", "abcdef", wrongCode(wrongCode(code))} {
		p := wantProblem(t, confirm(otp), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
		if p.AttemptsLeft == nil || *p.AttemptsLeft != 4-i {
			t.Fatalf("attempt %d: attemptsLeft = %v, want %d", i+1, p.AttemptsLeft, 4-i)
		}
	}
	wantProblem(t, confirm(wrongCode(code)), http.StatusGone, api.CodeOTPAttemptsExceeded)
	wantProblem(t, confirm(code), http.StatusGone, api.CodeOTPAttemptsExceeded)
	e.clock.Advance(2 * time.Minute)
	wantProblem(t, e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", ""), http.StatusGone, api.CodeOTPAttemptsExceeded)
	if ev := e.eventCounts(iinDauren); ev[store.EventOTPFailed] != 5 || ev[store.EventOTPLocked] != 1 {
		t.Errorf("events = %v", ev)
	}
	// An empty code is a bad request, not an attempt; but the request is dead anyway.
	wantProblem(t, confirm(""), http.StatusGone, api.CodeOTPAttemptsExceeded)
	// A new registration starts afresh.
	ch = e.register(daurenReg())
	w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(e.lastCode(daurenPhone), goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
}

func TestRegistrationResend(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	old := e.lastCode(daurenPhone)
	resend := func() *httptest.ResponseRecorder { return e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", "") }

	p := wantProblem(t, resend(), http.StatusTooManyRequests, api.CodeResendTooSoon)
	if p.RetryAfterSeconds != 60 {
		t.Errorf("retryAfterSeconds = %d, want 60", p.RetryAfterSeconds)
	}
	e.clock.Advance(45 * time.Second)
	w := resend()
	p = wantProblem(t, w, http.StatusTooManyRequests, api.CodeResendTooSoon)
	if p.RetryAfterSeconds != 15 || w.Header().Get("Retry-After") != "15" {
		t.Errorf("retryAfterSeconds = %d, Retry-After %q, want 15", p.RetryAfterSeconds, w.Header().Get("Retry-After"))
	}
	e.clock.Advance(15 * time.Second)
	w = resend()
	if w.Code != http.StatusOK {
		t.Fatalf("resend: %d %s", w.Code, w.Body)
	}
	var again api.OTPChallenge
	decode(t, w, &again)
	now := testStart.Add(time.Minute)
	if again.ID != ch.ID || !again.ExpiresAt.Equal(now.Add(15*time.Minute)) || !again.ResendAfter.Equal(now.Add(time.Minute)) ||
		again.AttemptsLeft != 5 || again.MaskedContact != "7708*****33" {
		t.Errorf("resend challenge = %+v", again)
	}
	fresh := e.lastCode(daurenPhone)
	if n := len(e.outbox()); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
	if fresh != old {
		// The old code is dead (it costs an attempt).
		p = wantProblem(t, e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(old, goodPassword, goodPassword), ""),
			http.StatusUnprocessableEntity, api.CodeOTPInvalid)
		if *p.AttemptsLeft != 4 {
			t.Errorf("attemptsLeft = %d", *p.AttemptsLeft)
		}
	}
	w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(fresh, goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("confirm with the new code: %d %s", w.Code, w.Body)
	}
}

// At most 3 resends; the 4th kills the request.
func TestRegistrationResendLimit(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	for i := range 3 {
		e.clock.Advance(time.Minute)
		if w := e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", ""); w.Code != http.StatusOK {
			t.Fatalf("resend %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	e.clock.Advance(time.Minute)
	wantProblem(t, e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", ""), http.StatusGone, api.CodeOTPAttemptsExceeded)
	code := e.lastCode(daurenPhone)
	wantProblem(t, e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), ""),
		http.StatusGone, api.CodeOTPAttemptsExceeded)
	if n := len(e.outbox()); n != 4 {
		t.Errorf("%d messages, want 4", n)
	}
}

// A right code with an unacceptable password keeps the request usable.
func TestRegistrationPasswordRules(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	code := e.lastCode(daurenPhone)
	confirm := func(pw, repeat string) *httptest.ResponseRecorder {
		return e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, pw, repeat), "")
	}
	p := wantProblem(t, confirm(goodPassword, goodPassword+"x"), http.StatusUnprocessableEntity, api.CodePasswordMismatch)
	if p.Field != "passwordRepeat" {
		t.Errorf("field = %q", p.Field)
	}
	for pw, reason := range map[string]string{
		"":                                api.ReasonTooShort,
		"short":                           api.ReasonTooShort,
		strings.Repeat("lunar-sofa-", 13): api.ReasonTooLong,
		"password123":                     api.ReasonCommon,
		"qwertyuiop":                      api.ReasonCommon,
		"Omarov-lunar-sofa":               api.ReasonContext,
		"850721-lunar-sofa-xx":            api.ReasonContext,
		"dauren1985xyzqw":                 api.ReasonContext,
		"aaaaaaaaaaaa":                    api.ReasonGuessable,
	} {
		p := wantProblem(t, confirm(pw, pw), http.StatusUnprocessableEntity, api.CodeWeakPassword)
		if p.Reason != reason || p.Field != "password" {
			t.Errorf("%q: reason %q field %q, want %q", pw, p.Reason, p.Field, reason)
		}
	}
	if w := confirm("Тихий кит плывёт 7 морей", "Тихий кит плывёт 7 морей"); w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	e.login(iinDauren, "Тихий кит плывёт 7 морей")
}

// Two confirms with the right code at once: exactly one wins.
func TestRegistrationConfirmRace(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	code := e.lastCode(daurenPhone)
	const n = 4
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			pw := goodPassword
			if i%2 == 1 {
				pw = otherPassword
			}
			codes[i] = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, pw, pw), "").Code
		})
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case http.StatusOK:
			ok++
		case http.StatusNotFound, http.StatusConflict:
		default:
			t.Errorf("status %d", c)
		}
	}
	if ok != 1 {
		t.Errorf("%d confirms succeeded (%v), want 1", ok, codes)
	}
}

// Five starts per IIN an hour, counted whether they matched or not.
func TestRegistrationThrottledPerIIN(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	bad := daurenReg()
	bad.Surname = "Иванов"
	for range 5 {
		wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(bad), ""), http.StatusNotFound, api.CodeDepositorNotFound)
		e.clock.Advance(time.Minute)
	}
	w := e.do("POST", api.PathRegistration, jsonBody(daurenReg()), "")
	p := wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited)
	if want := 55 * 60; p.RetryAfterSeconds != want { // the first start leaves the hour at 1:00
		t.Errorf("retryAfterSeconds = %d, want %d", p.RetryAfterSeconds, want)
	}
	// Other IINs are not affected.
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(api.RegistrationRequest{Surname: "А", GivenName: "Б",
		IIN: iinNobody, Phone: daurenPhone}), ""), http.StatusNotFound, api.CodeDepositorNotFound)
	e.clock.Advance(55*time.Minute - time.Second)
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(daurenReg()), ""), http.StatusTooManyRequests, api.CodeRateLimited)
	e.clock.Advance(time.Second)
	e.register(daurenReg())
}

// Each client may ask for otpClientBurst codes at once.
func TestOTPThrottledPerClient(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	for i := range otpClientBurst {
		r := daurenReg()
		r.IIN = makeIIN(t, i*40)
		wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(r), ""), http.StatusNotFound, api.CodeDepositorNotFound)
	}
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(daurenReg()), ""), http.StatusTooManyRequests, api.CodeRateLimited)
	if w := e.doFrom("192.0.2.99:1", "POST", api.PathRegistration, jsonBody(daurenReg()), ""); w.Code != http.StatusCreated {
		t.Fatalf("another client: %d %s", w.Code, w.Body)
	}
}

// A code that cannot be delivered is 503 delivery_failed; the request is
// dead and the failure logged without the code.
func TestRegistrationDeliveryFailed(t *testing.T) {
	t.Parallel()
	e := otpEnv(t, func(c *Config) { c.Notifier = failingSender })
	w := e.do("POST", api.PathRegistration, jsonBody(daurenReg()), "")
	wantProblem(t, w, http.StatusServiceUnavailable, api.CodeDeliveryFailed)
	if !strings.Contains(e.logs.String(), "7708*****33") || strings.Contains(e.logs.String(), daurenPhone) {
		t.Errorf("logs should name the masked contact only:\n%s", e.logs)
	}
	var dead int
	e.db().QueryRow(`SELECT count(*) FROM otp_requests WHERE iin = ? AND dead_reason = ?`, iinDauren, store.DeadDelivery).Scan(&dead)
	if dead != 1 {
		t.Errorf("%d dead requests", dead)
	}
}

func TestRequestIDs(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	for _, id := range []string{"x", "AAAAAAAAAAAAAAAAAAAAAA", strings.Repeat("A", 300), "%2e%2e"} {
		wantProblem(t, e.do("POST", pathWithID(api.PathRegConfirm, id), confirmBody("123456", goodPassword, goodPassword), ""),
			http.StatusNotFound, api.CodeNotFound)
		wantProblem(t, e.do("POST", pathWithID(api.PathRegResend, id), "", ""), http.StatusNotFound, api.CodeNotFound)
	}
	// A registration id is no reset id, and the other way round.
	ch := e.register(daurenReg())
	wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, ch.ID), confirmBody(e.lastCode(daurenPhone), goodPassword, goodPassword), ""),
		http.StatusNotFound, api.CodeNotFound)
	pr := e.startReset(iinBekzat)
	wantProblem(t, e.do("POST", pathWithID(api.PathRegResend, pr.ID), "", ""), http.StatusNotFound, api.CodeNotFound)
}

func TestNewCode(t *testing.T) {
	t.Parallel()
	var first [10]int
	for range 20000 {
		c := newCode()
		if len(c) != 6 || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("code %q", c)
		}
		first[c[0]-'0']++
	}
	for d, n := range first { // expected 2000 each; 6 sigma is about 250
		if n < 1700 || n > 2300 {
			t.Errorf("first digit %d drawn %d times of 20000", d, n)
		}
	}
}
