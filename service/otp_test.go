package service

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// The bundled demo service offers the outbox; a service that is not a
// demo, or that delivers for real, does not.
func TestOutboxOnlyOnDemo(t *testing.T) {
	t.Parallel()
	info := func(e *env) api.Info {
		var i api.Info
		decode(t, e.do("GET", api.PathInfo, "", ""), &i)
		return i
	}
	demo := otpEnv(t)
	if !info(demo).HasFeature(api.FeatureOutbox) {
		t.Errorf("demo features = %v", info(demo).Features)
	}
	demo.register(daurenReg())
	msgs := demo.outbox()
	if len(msgs) != 1 || msgs[0].Channel != "sms" || msgs[0].To != daurenPhone || msgs[0].Subject == "" ||
		!msgs[0].CreatedAt.Equal(testStart) || msgs[0].ID == 0 {
		t.Errorf("outbox = %+v", msgs)
	}
	if _, err := os.Stat(filepath.Join(demo.dir, OutboxFile)); err != nil {
		t.Errorf("outbox file: %v", err)
	}

	for name, mod := range map[string]func(*Config){
		"not a demo":         func(c *Config) { c.Demo = false; c.Features = []string{"outbox", "eds"} },
		"demo, real sender":  func(c *Config) { c.Notifier = failingSender },
		"demo, SMS and mail": func(c *Config) { c.Notify = notify.Config{Email: notify.ViaNone, SMS: notify.ViaNone} },
		"demo, outbox off":   func(c *Config) { c.OutboxOff = true }, // kabinetd on a network listener
	} {
		t.Run(name, func(t *testing.T) {
			e := otpEnv(t, mod)
			if i := info(e); i.HasFeature(api.FeatureOutbox) {
				t.Errorf("features = %v", i.Features)
			}
			wantProblem(t, e.do("GET", api.PathOutbox, "", ""), http.StatusNotFound, api.CodeNotFound)
		})
	}
	// Newest first, at most 50.
	e := otpEnv(t)
	for range 3 {
		e.register(daurenReg())
		e.clock.Advance(time.Minute)
	}
	msgs = e.outbox()
	if len(msgs) != 3 || !msgs[0].CreatedAt.After(msgs[1].CreatedAt) || !msgs[1].CreatedAt.After(msgs[2].CreatedAt) {
		t.Errorf("outbox order: %+v", msgs)
	}
}

// isolatedSixDigits returns every run of exactly 6 digits in b.
func isolatedSixDigits(b []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`(^|[^0-9])([0-9]{6})([^0-9]|$)`).FindAllSubmatch(b, -1) {
		out[string(m[2])] = true
	}
	return out
}

// A code reaches the recipient only: never a log, never kabinet.db (the
// demo outbox is a file of its own), never a security event.
func TestOTPNeverLoggedNorStoredInClear(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	baseline := map[string]bool{} // 6-digit runs of the demo data before any code
	files, _ := filepath.Glob(filepath.Join(e.dir, store.FileName+"*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for k := range isolatedSixDigits(b) {
			baseline[k] = true
		}
	}

	var codes []string
	ch := e.register(daurenReg())
	codes = append(codes, e.lastCode(daurenPhone))
	e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(wrongCode(codes[0]), goodPassword, goodPassword), "")
	e.clock.Advance(time.Minute)
	e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", "")
	codes = append(codes, e.lastCode(daurenPhone))
	e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(codes[1], goodPassword, goodPassword), "")
	pr := e.startReset(iinBekzat)
	e.do("POST", pathWithID(api.PathResetSend, pr.ID), `{"contact":"phone"}`, "")
	codes = append(codes, e.lastCode(bekzatPhone))
	e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(codes[2], otherPassword, otherPassword), "")
	tok := e.login(iinBekzat, otherPassword).Token
	e.do("PUT", api.PathMePassword, changeBody(otherPassword, goodPassword, goodPassword), tok)

	// Logs, with the request durations (numbers that may look like codes) left out.
	sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		delete(rec, "took")
		line, _ := json.Marshal(rec)
		for _, c := range codes {
			if isolatedSixDigits(line)[c] {
				t.Errorf("log line holds a code: %s", line)
			}
		}
		for _, pw := range []string{goodPassword, otherPassword} {
			if bytes.Contains(line, []byte(pw)) {
				t.Errorf("log line holds a password: %s", line)
			}
		}
	}
	if !strings.Contains(e.logs.String(), `"route":"POST /api/v1/registration/{id}/confirm"`) {
		t.Error("requests not logged")
	}

	check := func(when string) {
		files, _ := filepath.Glob(filepath.Join(e.dir, store.FileName+"*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runs := isolatedSixDigits(b)
			for _, c := range codes {
				if baseline[c] {
					t.Logf("code %s occurs in the demo data; not conclusive", c)
					continue
				}
				if runs[c] {
					t.Errorf("%s: %s holds a one-time password", when, filepath.Base(f))
				}
			}
			for _, pw := range []string{goodPassword, otherPassword} {
				if bytes.Contains(b, []byte(pw)) {
					t.Errorf("%s: %s holds a password", when, filepath.Base(f))
				}
			}
		}
	}
	check("open")
	e.reopen()
	check("reopened")

	// The rows hold hashes, and the events neither codes nor contacts in full.
	rows, err := e.db().Query(`SELECT length(id_hash), length(code_hash) FROM otp_requests WHERE code_hash IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b int
		rows.Scan(&a, &b)
		if a != 32 || b != 32 {
			t.Errorf("hash lengths %d, %d", a, b)
		}
	}
	rows.Close()
	var details []string
	rows, _ = e.db().Query(`SELECT detail FROM security_events`)
	for rows.Next() {
		var d string
		rows.Scan(&d)
		details = append(details, d)
	}
	rows.Close()
	all := strings.Join(details, "\n")
	for _, c := range codes {
		if strings.Contains(all, c) {
			t.Errorf("security events hold a code:\n%s", all)
		}
	}
	if strings.Contains(all, daurenPhone) || strings.Contains(all, bekzatPhone) {
		t.Errorf("security events hold a contact in full:\n%s", all)
	}
	if !slices.ContainsFunc(details, func(d string) bool { return strings.Contains(d, "7708*****33") }) {
		t.Errorf("otp_sent events should name the masked contact:\n%s", all)
	}
}

// The store's secret survives a restart: a code sent before it works after.
func TestOTPSurvivesRestart(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	code := e.lastCode(daurenPhone)
	e.reopen()
	w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("confirm after restart: %d %s", w.Code, w.Body)
	}
}

// fuzzEnv is one demo service for a fuzz target, with a known OTP
// request to aim at.
type fuzzEnv struct {
	h       http.Handler
	regID   string
	resetID string
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	f.Helper()
	c := time.Date(2026, time.March, 10, 4, 0, 0, 0, time.UTC)
	svc, err := Open(context.Background(), Config{
		DataDir: f.TempDir(), Demo: true, Argon2: cheapArgon2(),
		Clock:      func() time.Time { return c },
		ClientRate: 1e9, ClientBurst: 1 << 30,
		Captcha: acceptingCaptcha{},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { svc.Close() })
	fe := &fuzzEnv{h: svc.Handler()}
	var ch api.OTPChallenge
	json.Unmarshal(fe.post(f, api.PathRegistration, jsonBody(daurenReg())).Body.Bytes(), &ch)
	fe.regID = ch.ID
	var pr api.PasswordReset
	json.Unmarshal(fe.post(f, api.PathPasswordReset, `{"iin":"880415300157","captchaId":"x","captchaAnswer":"x"}`).Body.Bytes(), &pr)
	fe.resetID = pr.ID
	if fe.regID == "" || fe.resetID == "" {
		f.Fatal("no requests to fuzz")
	}
	return fe
}

// acceptingCaptcha accepts any answer but none (the fuzz targets aim
// past it; a real captcha refuses an empty answer too, and the contract
// requires one).
type acceptingCaptcha struct{}

func (acceptingCaptcha) New(time.Time) (string, []byte, error) { return "x", []byte("png"), nil }
func (acceptingCaptcha) Verify(id, answer string, _ time.Time) bool {
	return id != "" && answer != ""
}

// request sends one request through the handler, checked against the
// contract for t (specChecked).
func (fe *fuzzEnv) request(t testing.TB, method, path, body, token string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr = "192.0.2.77:1"
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	specChecked(t, fe.h).ServeHTTP(w, r)
	return w
}

func (fe *fuzzEnv) post(t testing.TB, path, body string) *httptest.ResponseRecorder {
	return fe.request(t, "POST", path, body, "")
}

// fuzzOK fails on a 5xx or an answer that is neither JSON nor a problem.
func fuzzOK(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code >= 500 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if w.Code != http.StatusNoContent && !json.Valid(w.Body.Bytes()) {
		t.Fatalf("status %d, body not JSON: %q", w.Code, w.Body)
	}
}

func FuzzRegistrationRequest(f *testing.F) {
	fe := newFuzzEnv(f)
	f.Add(jsonBody(daurenReg()))
	f.Add(`{"surname":"Омаров","givenName":"Даурен","iin":"850721300125","phone":"+7 708 111 22 33"}`)
	f.Add(`{"surname":"","givenName":"\u0000","iin":"x","email":"a@b"}`)
	f.Add(`{"surname":"İ","givenName":"ß","iin":"850721300125","email":"\udc00@mail.kz"}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		fuzzOK(t, fe.post(t, api.PathRegistration, body))
	})
}

func FuzzConfirmRequest(f *testing.F) {
	fe := newFuzzEnv(f)
	f.Add(confirmBody("123456", goodPassword, goodPassword), true)
	f.Add(confirmBody(" 000000 ", "", ""), false)
	f.Add(`{"otp":"١٢٣٤٥٦","password":"\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301"}`, true)
	f.Add(`{"otp":null}`, false)
	f.Fuzz(func(t *testing.T, body string, reg bool) {
		path := pathWithID(api.PathResetConfirm, fe.resetID)
		if reg {
			path = pathWithID(api.PathRegConfirm, fe.regID)
		}
		fuzzOK(t, fe.post(t, path, body))
	})
}

func FuzzPasswordResetRequest(f *testing.F) {
	fe := newFuzzEnv(f)
	f.Add(`{"iin":"880415300157","captchaId":"x","captchaAnswer":"x"}`)
	f.Add(`{"iin":"900101300017","captchaId":"","captchaAnswer":""}`)
	f.Add(`{"iin":" 880415300157 ","captchaId":"x"}`)
	f.Fuzz(func(t *testing.T, body string) {
		fuzzOK(t, fe.post(t, api.PathPasswordReset, body))
	})
}

func FuzzSendRequest(f *testing.F) {
	fe := newFuzzEnv(f)
	f.Add(`{"contact":"phone"}`, "")
	f.Add(`{"contact":"email"}`, "resend")
	f.Add(`{"contact":"x"}`, "AAAA")
	f.Fuzz(func(t *testing.T, body, id string) {
		switch id {
		case "":
			id = fe.resetID
		case "resend":
			fuzzOK(t, fe.post(t, pathWithID(api.PathResetResend, fe.resetID), body))
			fuzzOK(t, fe.post(t, pathWithID(api.PathRegResend, fe.regID), body))
			return
		}
		if id == "." || id == ".." {
			return // cleaned away by the mux (a redirect)
		}
		fuzzOK(t, fe.post(t, pathWithID(api.PathResetSend, url.PathEscape(id)), body))
	})
}

func FuzzChangePasswordRequest(f *testing.F) {
	fe := newFuzzEnv(f)
	w := fe.post(f, api.PathLogin, loginBody(iinSerik, DemoPassword))
	var s api.Session
	json.Unmarshal(w.Body.Bytes(), &s)
	if s.Token == "" {
		f.Fatalf("login: %d %s", w.Code, w.Body)
	}
	f.Add(changeBody(DemoPassword, DemoPassword, DemoPassword))
	f.Add(changeBody("x", "y", "z"))
	f.Add(`{"currentPassword":"` + strings.Repeat("a", 5000) + `"}`)
	f.Fuzz(func(t *testing.T, body string) {
		fuzzOK(t, fe.request(t, "PUT", api.PathMePassword, body, s.Token))
	})
}
