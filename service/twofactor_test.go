package service

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

// rfc6238 is TOTP written from RFC 6238 (and RFC 4226's dynamic
// truncation) for the tests, independent of the service's library.
func rfc6238(h func() hash.Hash, key []byte, at time.Time, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	m := hmac.New(h, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// RFC 6238 Appendix B: the seeds and the 8-digit codes.
var rfc6238Vectors = []struct {
	unix int64
	sha1 string
	s256 string
	s512 string
}{
	{59, "94287082", "46119246", "90693936"},
	{1111111109, "07081804", "68084774", "25091201"},
	{1111111111, "14050471", "67062674", "99943326"},
	{1234567890, "89005924", "91819424", "93441116"},
	{2000000000, "69279037", "90698825", "38618901"},
	{20000000000, "65353130", "77737706", "47863826"},
}

var (
	seed1   = []byte("12345678901234567890")
	seed256 = []byte("12345678901234567890123456789012")
	seed512 = []byte("1234567890123456789012345678901234567890123456789012345678901234")
)

// TestTOTPRFC6238Vectors checks the test's own TOTP, the library's and
// the service's matching against RFC 6238 Appendix B.
func TestTOTPRFC6238Vectors(t *testing.T) {
	t.Parallel()
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	for _, v := range rfc6238Vectors {
		at := time.Unix(v.unix, 0).UTC()
		for _, c := range []struct {
			name string
			h    func() hash.Hash
			seed []byte
			alg  otp.Algorithm
			want string
		}{
			{"SHA1", sha1.New, seed1, otp.AlgorithmSHA1, v.sha1},
			{"SHA256", sha256.New, seed256, otp.AlgorithmSHA256, v.s256},
			{"SHA512", sha512.New, seed512, otp.AlgorithmSHA512, v.s512},
		} {
			if got := rfc6238(c.h, c.seed, at, 8); got != c.want {
				t.Errorf("test TOTP %s at %d = %s, want %s", c.name, v.unix, got, c.want)
			}
			got, err := totp.GenerateCodeCustom(b32.EncodeToString(c.seed), at,
				totp.ValidateOpts{Period: 30, Digits: otp.DigitsEight, Algorithm: c.alg})
			if err != nil || got != c.want {
				t.Errorf("library TOTP %s at %d = %s, %v; want %s", c.name, v.unix, got, err, c.want)
			}
		}
		// The service's 6-digit codes are the last six digits.
		step, ok := totpMatch(seed1, v.sha1[2:], at)
		if !ok || step != v.unix/30 {
			t.Errorf("totpMatch(%s at %d) = %d, %v; want step %d", v.sha1[2:], v.unix, step, ok, v.unix/30)
		}
		if _, ok := totpMatch(seed1, wrongCode(v.sha1[2:]), at); ok {
			t.Errorf("a wrong code matched at %d", v.unix)
		}
		// One step of drift either way is accepted, two are not.
		if s, ok := totpMatch(seed1, v.sha1[2:], at.Add(30*time.Second)); !ok || s != v.unix/30 {
			t.Errorf("code of the previous step refused at %d", v.unix)
		}
		if _, ok := totpMatch(seed1, v.sha1[2:], at.Add(61*time.Second)); ok && v.unix%30 == 29 {
			t.Errorf("code of two steps ago accepted at %d", v.unix)
		}
	}
}

// totpNow is the 6-digit code of secret at the service's clock.
func (e *env) totpNow(secret []byte) string {
	return rfc6238(sha1.New, secret, e.clock.Now(), 6)
}

const serikPhone = "77051234567"

func passwordBody(pw string) string { return jsonBody(api.TwoFactorOffRequest{Password: pw}) }

// setupTOTP turns on the TOTP second step of the session's person and
// returns the secret and the recovery codes.
func (e *env) setupTOTP(token string) ([]byte, []string) {
	e.t.Helper()
	w := e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "totp", Password: DemoPassword}), token)
	if w.Code != http.StatusOK {
		e.t.Fatalf("setup: %d %s", w.Code, w.Body)
	}
	var su api.TwoFactorSetup
	decode(e.t, w, &su)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(su.Secret)
	if err != nil || len(secret) != totpSecretBytes {
		e.t.Fatalf("secret %q: %v", su.Secret, err)
	}
	w = e.do("POST", pathWithID(api.PathTwoFactorConfirm, su.Challenge.ID), jsonBody(api.TwoFactorConfirmRequest{Code: e.totpNow(secret)}), token)
	if w.Code != http.StatusOK {
		e.t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var en api.TwoFactorEnabled
	decode(e.t, w, &en)
	return secret, en.RecoveryCodes
}

// loginStep logs in by password and expects the second step.
func (e *env) loginStep(iin, pw string) api.OTPChallenge {
	e.t.Helper()
	w := e.do("POST", api.PathLogin, loginBody(iin, pw), "")
	if w.Code != http.StatusAccepted {
		e.t.Fatalf("login: %d %s, want 202", w.Code, w.Body)
	}
	var ch api.OTPChallenge
	decode(e.t, w, &ch)
	if ch.ID == "" {
		e.t.Fatalf("challenge without id: %s", w.Body)
	}
	if strings.Contains(w.Body.String(), `"token"`) {
		e.t.Fatalf("a second step answer carries a token: %s", w.Body)
	}
	return ch
}

func (e *env) secondStep(id string, body api.SecondStepRequest) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do("POST", pathWithID(api.PathSecondStep, id), jsonBody(body), "")
}

func (e *env) openSessions(iin string) int {
	e.t.Helper()
	var n int
	if err := e.db().QueryRow(`SELECT count(*) FROM sessions WHERE iin = ? AND ended_at IS NULL`, iin).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestTwoFactorTOTPEnrolmentAndLogin(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token

	var st api.TwoFactorStatus
	decode(t, e.do("GET", api.PathTwoFactor, "", tok), &st)
	if st.Enabled || st.PhoneMasked == "" || st.EmailMasked == "" || !st.PasswordNeeded || st.Required {
		t.Fatalf("status before = %+v", st)
	}

	// Setup: the password is needed, a wrong one counts.
	wantProblem(t, e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "totp"}), tok),
		http.StatusBadRequest, api.CodeBadRequest)
	p := wantProblem(t, e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "totp", Password: "wrong-password"}), tok),
		http.StatusForbidden, api.CodeInvalidCredentials)
	if p.AttemptsLeft == nil || *p.AttemptsLeft != loginFailurePolicy.MaxFailures-1 {
		t.Errorf("attemptsLeft = %v", p.AttemptsLeft)
	}
	wantProblem(t, e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "pigeon", Password: DemoPassword}), tok),
		http.StatusUnprocessableEntity, api.CodeValidation)

	w := e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "totp", Password: DemoPassword}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("setup: %d %s", w.Code, w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	var su api.TwoFactorSetup
	decode(t, w, &su)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(su.Secret)
	if err != nil || len(secret) != 20 {
		t.Fatalf("secret %q: %v", su.Secret, err)
	}
	u, err := url.Parse(su.OTPAuthURI)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != su.Secret ||
		u.Query().Get("digits") != "6" || u.Query().Get("period") != "30" || !strings.HasSuffix(u.Path, ":"+iinBekzat) {
		t.Errorf("otpauth URI = %q", su.OTPAuthURI)
	}
	img, err := png.Decode(bytes.NewReader(su.QRPNG))
	if err != nil || img.Bounds().Dx() != qrSize || img.Bounds().Dy() != qrSize {
		t.Errorf("QR code: %v", err)
	}
	if su.Challenge.Channel != api.ChannelTOTP || su.Challenge.MaskedContact != "" || su.Challenge.Length != 6 ||
		!su.Challenge.ExpiresAt.Equal(testStart.Add(defaultOTPValidity)) {
		t.Errorf("challenge = %+v", su.Challenge)
	}
	// The secret is kept sealed, never in clear.
	var sealed []byte
	if err := e.db().QueryRow(`SELECT secret FROM otp_requests WHERE purpose = 'two_factor_setup' AND iin = ?`, iinBekzat).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if len(sealed) < len(secret)+12+16 || sealed[0] != sealMeta || bytes.Contains(sealed, secret) {
		t.Errorf("sealed secret = %x", sealed)
	}
	if strings.Contains(e.logs.String(), su.Secret) {
		t.Error("the secret reached the log")
	}

	// Confirmation by a first code.
	confirm := pathWithID(api.PathTwoFactorConfirm, su.Challenge.ID)
	p = wantProblem(t, e.do("POST", confirm, jsonBody(api.TwoFactorConfirmRequest{Code: wrongCode(e.totpNow(secret))}), tok),
		http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if p.AttemptsLeft == nil || *p.AttemptsLeft != otpMaxFailures-1 {
		t.Errorf("attemptsLeft = %v", p.AttemptsLeft)
	}
	w = e.do("POST", confirm, jsonBody(api.TwoFactorConfirmRequest{Code: e.totpNow(secret)}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var en api.TwoFactorEnabled
	decode(t, w, &en)
	if en.Method != "totp" || len(en.RecoveryCodes) != recoveryCodeCount {
		t.Fatalf("enabled = %+v", en)
	}
	// The setup is single use.
	wantProblem(t, e.do("POST", confirm, jsonBody(api.TwoFactorConfirmRequest{Code: e.totpNow(secret)}), tok), http.StatusNotFound, api.CodeNotFound)

	// Rows: the method, the sealed secret, the step of the first code,
	// ten hashed recovery codes.
	var (
		method string
		row    []byte
		last   int64
	)
	if err := e.db().QueryRow(`SELECT method, totp_secret, totp_last_step FROM two_factor WHERE iin = ?`, iinBekzat).Scan(&method, &row, &last); err != nil {
		t.Fatal(err)
	}
	if method != "totp" || bytes.Contains(row, secret) || last != testStart.Unix()/30 {
		t.Errorf("two_factor = %s %x %d", method, row, last)
	}
	rows, err := e.db().Query(`SELECT code_hash FROM recovery_codes WHERE iin = ? AND used_at IS NULL`, iinBekzat)
	if err != nil {
		t.Fatal(err)
	}
	var hashes int
	for rows.Next() {
		var h []byte
		rows.Scan(&h)
		hashes++
		for _, c := range en.RecoveryCodes {
			if bytes.Contains(h, []byte(c)) || len(h) != 32 {
				t.Errorf("recovery code stored as %x", h)
			}
		}
	}
	rows.Close()
	if hashes != recoveryCodeCount {
		t.Errorf("%d recovery code rows", hashes)
	}
	if ev := e.eventCounts(iinBekzat); ev[store.EventTwoFactorEnabled] != 1 || ev[store.EventTwoFactorSetupStarted] != 1 {
		t.Errorf("events = %v", ev)
	}
	notices := 0
	for _, m := range e.outbox() {
		if strings.Contains(m.Body, "Вход в два шага включён") && (m.To == bekzatPhone || m.To == bekzatEmail) {
			notices++
		}
	}
	if notices != 2 {
		t.Errorf("%d notices of the change, want 2 (phone and e-mail)", notices)
	}
	decode(t, e.do("GET", api.PathTwoFactor, "", tok), &st)
	if !st.Enabled || st.Method != "totp" || st.RecoveryCodesLeft != recoveryCodeCount {
		t.Errorf("status after = %+v", st)
	}

	// Login: the password gives a challenge, not a session.
	sessions := e.openSessions(iinBekzat)
	ch := e.loginStep(iinBekzat, DemoPassword)
	if ch.Channel != api.ChannelTOTP || ch.Length != 6 || ch.AttemptsLeft != otpMaxFailures || ch.MaskedContact != "" {
		t.Errorf("challenge = %+v", ch)
	}
	if n := e.openSessions(iinBekzat); n != sessions {
		t.Fatalf("open sessions %d after the password, want %d", n, sessions)
	}
	// The code of the enrolment's step was used: no replay.
	p = wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{Code: e.totpNow(secret)}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if p.Reason != api.ReasonReused || p.Field != "code" {
		t.Errorf("replay = %+v", p)
	}
	wantProblem(t, e.do("POST", pathWithID(api.PathSecondStepResend, ch.ID), "", ""), http.StatusConflict, api.CodeInvalidState)
	e.clock.Advance(30 * time.Second)
	code := e.totpNow(secret)
	w = e.secondStep(ch.ID, api.SecondStepRequest{Code: code})
	if w.Code != http.StatusOK {
		t.Fatalf("second step: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	e.wantMe(sess.Token, iinBekzat)
	// The challenge is single use, and the code too, on a new login.
	wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{Code: code}), http.StatusNotFound, api.CodeNotFound)
	ch2 := e.loginStep(iinBekzat, DemoPassword)
	p = wantProblem(t, e.secondStep(ch2.ID, api.SecondStepRequest{Code: code}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if p.Reason != api.ReasonReused || *p.AttemptsLeft != otpMaxFailures-1 {
		t.Errorf("replay on a new login = %+v", p)
	}
	if ev := e.eventCounts(iinBekzat); ev[store.EventTOTPReplay] != 2 || ev[store.EventSecondStepStarted] != 2 {
		t.Errorf("events = %v", ev)
	}

	// Attempts: the fifth wrong code kills the challenge, the right code
	// is refused after it.
	e.clock.Advance(30 * time.Second)
	for i := 2; i <= otpMaxFailures; i++ {
		w := e.secondStep(ch2.ID, api.SecondStepRequest{Code: wrongCode(e.totpNow(secret))})
		if i < otpMaxFailures {
			wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeOTPInvalid)
		} else {
			wantProblem(t, w, http.StatusGone, api.CodeOTPAttemptsExceeded)
		}
	}
	wantProblem(t, e.secondStep(ch2.ID, api.SecondStepRequest{Code: e.totpNow(secret)}), http.StatusGone, api.CodeOTPAttemptsExceeded)

	// Time: a challenge ends with its validity, by the service's clock.
	ch3 := e.loginStep(iinBekzat, DemoPassword)
	e.clock.Advance(defaultOTPValidity)
	wantProblem(t, e.secondStep(ch3.ID, api.SecondStepRequest{Code: e.totpNow(secret)}), http.StatusGone, api.CodeOTPExpired)
	if strings.Contains(e.logs.String(), code) || strings.Contains(e.logs.String(), su.Secret) {
		t.Error("a code or the secret reached the log")
	}
}

func TestTwoFactorSentCodeLogin(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	// Bekzat's phone is Aigerim's too (the memo's shared contact): codes
	// do not go to it until an office confirms it.
	bek := e.login(iinBekzat, DemoPassword).Token
	p := wantProblem(t, e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "sms", Password: DemoPassword}), bek),
		http.StatusConflict, api.CodeContactShared)
	if p.Field != "method" {
		t.Errorf("field = %q", p.Field)
	}
	tok := e.login(iinSerik, DemoPassword).Token

	w := e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "sms", Password: DemoPassword}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("setup: %d %s", w.Code, w.Body)
	}
	var su api.TwoFactorSetup
	decode(t, w, &su)
	if su.Secret != "" || su.QRPNG != nil || su.Challenge.Channel != "sms" || su.Challenge.MaskedContact != "7705*****67" {
		t.Fatalf("setup = %+v", su)
	}
	w = e.do("POST", pathWithID(api.PathTwoFactorConfirm, su.Challenge.ID), jsonBody(api.TwoFactorConfirmRequest{Code: e.lastCode(serikPhone)}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}

	// Two logins: each code belongs to its own login attempt.
	a := e.loginStep(iinSerik, DemoPassword)
	codeA := e.lastCode(serikPhone)
	if a.Channel != "sms" || a.MaskedContact != "7705*****67" || !a.ResendAfter.Equal(testStart.Add(otpResendDelay)) {
		t.Errorf("challenge = %+v", a)
	}
	b := e.loginStep(iinSerik, DemoPassword)
	codeB := e.lastCode(serikPhone)
	if codeA == codeB {
		t.Skip("two random codes were equal (1 in a million)")
	}
	p = wantProblem(t, e.secondStep(b.ID, api.SecondStepRequest{Code: codeA}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if p.Field != "code" {
		t.Errorf("field = %q", p.Field)
	}

	// Resend is throttled; a new code replaces the old one.
	resend := pathWithID(api.PathSecondStepResend, b.ID)
	wantProblem(t, e.do("POST", resend, "", ""), http.StatusTooManyRequests, api.CodeResendTooSoon)
	e.clock.Advance(otpResendDelay)
	w = e.do("POST", resend, "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("resend: %d %s", w.Code, w.Body)
	}
	codeB2 := e.lastCode(serikPhone)
	if codeB2 != codeB {
		wantProblem(t, e.secondStep(b.ID, api.SecondStepRequest{Code: codeB}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	}
	w = e.secondStep(b.ID, api.SecondStepRequest{Code: codeB2})
	if w.Code != http.StatusOK {
		t.Fatalf("second step: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	e.wantMe(sess.Token, iinSerik)
	wantProblem(t, e.secondStep(b.ID, api.SecondStepRequest{Code: codeB2}), http.StatusNotFound, api.CodeNotFound)
	// A's code still works for A, until its time is over.
	e.clock.Advance(defaultOTPValidity)
	wantProblem(t, e.secondStep(a.ID, api.SecondStepRequest{Code: codeA}), http.StatusGone, api.CodeOTPExpired)
	var used int
	if err := e.db().QueryRow(`SELECT count(*) FROM otp_requests WHERE purpose = 'login' AND iin = ? AND used_at IS NOT NULL`, iinSerik).Scan(&used); err != nil || used != 1 {
		t.Errorf("used login requests = %d, %v", used, err)
	}
	if strings.Contains(e.logs.String(), codeB2) {
		t.Error("a code reached the log")
	}
}

func TestTwoFactorRecoveryCodes(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	secret, codes := e.setupTOTP(tok)
	_ = secret

	ch := e.loginStep(iinBekzat, DemoPassword)
	p := wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{RecoveryCode: "0000-0000-0000"}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if p.Field != "recoveryCode" || *p.AttemptsLeft != otpMaxFailures-1 {
		t.Errorf("wrong recovery code = %+v", p)
	}
	// Typed in upper case with spaces: the same code.
	typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))
	w := e.secondStep(ch.ID, api.SecondStepRequest{RecoveryCode: typed})
	if w.Code != http.StatusOK {
		t.Fatalf("recovery code: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	e.wantMe(sess.Token, iinBekzat)
	if ev := e.eventCounts(iinBekzat); ev[store.EventRecoveryCodeUsed] != 1 {
		t.Errorf("events = %v", ev)
	}
	notices := 0
	for _, m := range e.outbox() {
		if strings.Contains(m.Body, "Вход по резервному коду") {
			notices++
		}
	}
	if notices != 2 {
		t.Errorf("%d recovery notices, want 2", notices)
	}
	// One time only.
	ch = e.loginStep(iinBekzat, DemoPassword)
	wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{RecoveryCode: codes[3]}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	var st api.TwoFactorStatus
	decode(t, e.do("GET", api.PathTwoFactor, "", sess.Token), &st)
	if st.RecoveryCodesLeft != recoveryCodeCount-1 {
		t.Errorf("recovery codes left = %d", st.RecoveryCodesLeft)
	}
}

func TestTwoFactorOffAndChange(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	_, oldCodes := e.setupTOTP(tok)

	// Changing the method needs the password and a first code.
	w := e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "email", Password: DemoPassword}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("setup: %d %s", w.Code, w.Body)
	}
	var su api.TwoFactorSetup
	decode(t, w, &su)
	if su.Challenge.Channel != "email" || su.Challenge.MaskedContact == "" {
		t.Errorf("challenge = %+v", su.Challenge)
	}
	w = e.do("POST", pathWithID(api.PathTwoFactorConfirm, su.Challenge.ID), jsonBody(api.TwoFactorConfirmRequest{Code: e.lastCode(bekzatEmail)}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var st api.TwoFactorStatus
	decode(t, e.do("GET", api.PathTwoFactor, "", tok), &st)
	if st.Method != "email" || st.MaskedContact == "" {
		t.Errorf("status = %+v", st)
	}
	// The old recovery codes are gone with the change.
	ch := e.loginStep(iinBekzat, DemoPassword)
	if ch.Channel != "email" {
		t.Errorf("challenge channel = %q", ch.Channel)
	}
	wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{RecoveryCode: oldCodes[0]}), http.StatusUnprocessableEntity, api.CodeOTPInvalid)

	// Off: the password again; a wrong one counts towards the lock.
	wantProblem(t, e.do("POST", api.PathTwoFactorOff, "{}", tok), http.StatusBadRequest, api.CodeBadRequest)
	p := wantProblem(t, e.do("POST", api.PathTwoFactorOff, passwordBody("not-the-password"), tok), http.StatusForbidden, api.CodeInvalidCredentials)
	if p.AttemptsLeft == nil || *p.AttemptsLeft != loginFailurePolicy.MaxFailures-1 {
		t.Errorf("attemptsLeft = %v", p.AttemptsLeft)
	}
	if w := e.do("POST", api.PathTwoFactorOff, passwordBody(DemoPassword), tok); w.Code != http.StatusNoContent {
		t.Fatalf("off: %d %s", w.Code, w.Body)
	}
	var n int
	e.db().QueryRow(`SELECT count(*) FROM two_factor WHERE iin = ?`, iinBekzat).Scan(&n)
	var rc int
	e.db().QueryRow(`SELECT count(*) FROM recovery_codes WHERE iin = ?`, iinBekzat).Scan(&rc)
	if n != 0 || rc != 0 {
		t.Errorf("rows after off: two_factor %d, recovery_codes %d", n, rc)
	}
	ev := e.eventCounts(iinBekzat)
	if ev[store.EventTwoFactorEnabled] != 1 || ev[store.EventTwoFactorChanged] != 1 || ev[store.EventTwoFactorDisabled] != 1 {
		t.Errorf("events = %v", ev)
	}
	kinds := map[string]int{}
	for _, m := range e.outbox() {
		for _, k := range []string{"включён", "изменён", "отключён"} {
			if strings.Contains(m.Body, "шаг") && strings.Contains(m.Body, k) {
				kinds[k]++
			}
		}
	}
	if kinds["включён"] != 2 || kinds["изменён"] != 2 || kinds["отключён"] != 2 {
		t.Errorf("notices = %v", kinds)
	}
	// The challenge of before is void, and a login opens a session again.
	wantProblem(t, e.secondStep(ch.ID, api.SecondStepRequest{Code: "123456"}), http.StatusNotFound, api.CodeNotFound)
	e.login(iinBekzat, DemoPassword)
}

func TestTwoFactorEDSLoginSkipsIt(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	e.setupTOTP(tok)
	w := e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid))
	if w.Code != http.StatusOK {
		t.Fatalf("EDS login: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	e.wantMe(sess.Token, iinBekzat)
	// Shortly after it, changes need no password.
	var st api.TwoFactorStatus
	decode(t, e.do("GET", api.PathTwoFactor, "", sess.Token), &st)
	if st.PasswordNeeded {
		t.Error("passwordNeeded after an EDS login")
	}
	if w := e.do("POST", api.PathTwoFactorOff, "{}", sess.Token); w.Code != http.StatusNoContent {
		t.Fatalf("off after EDS: %d %s", w.Code, w.Body)
	}
}

func TestTwoFactorRequiredForStaff(t *testing.T) {
	t.Parallel()
	e := otpEnv(t, func(c *Config) { c.RequireStaffTwoFactor = true })
	tok := e.login(iinStaff, DemoStaffPassword).Token
	var me api.Me
	decode(t, e.do("GET", api.PathMe, "", tok), &me)
	if !me.TwoFactorRequired {
		t.Error("me.twoFactorRequired = false")
	}
	wantProblem(t, e.do("GET", api.PathStaffQueue, "", tok), http.StatusForbidden, api.CodeTwoFactorRequired)
	var st api.TwoFactorStatus
	decode(t, e.do("GET", api.PathTwoFactor, "", tok), &st)
	if !st.Required || st.Enabled {
		t.Errorf("status = %+v", st)
	}
	w := e.do("POST", api.PathTwoFactorSetup, jsonBody(api.TwoFactorSetupRequest{Method: "totp", Password: DemoStaffPassword}), tok)
	var su api.TwoFactorSetup
	decode(t, w, &su)
	secret, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(su.Secret)
	if w := e.do("POST", pathWithID(api.PathTwoFactorConfirm, su.Challenge.ID), jsonBody(api.TwoFactorConfirmRequest{Code: e.totpNow(secret)}), tok); w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	if w := e.do("GET", api.PathStaffQueue, "", tok); w.Code != http.StatusOK {
		t.Fatalf("queue after enrolment: %d %s", w.Code, w.Body)
	}
	var after api.Me
	decode(t, e.do("GET", api.PathMe, "", tok), &after)
	if after.TwoFactorRequired {
		t.Error("me.twoFactorRequired after enrolment")
	}
	wantProblem(t, e.do("POST", api.PathTwoFactorOff, passwordBody(DemoStaffPassword), tok), http.StatusForbidden, api.CodeTwoFactorRequired)
	// Without the setting, staff are like everyone.
	f := otpEnv(t)
	tok = f.login(iinStaff, DemoStaffPassword).Token
	if w := f.do("GET", api.PathStaffQueue, "", tok); w.Code != http.StatusOK {
		t.Fatalf("queue: %d %s", w.Code, w.Body)
	}
}

func TestTOTPSealing(t *testing.T) {
	t.Parallel()
	e := otpEnv(t, func(c *Config) { c.TwoFactorKey = bytes.Repeat([]byte{7}, 32) })
	s := newServer(Deps{Store: e.svc.store, TwoFactor: TwoFactorDeps{SealKey: bytes.Repeat([]byte{7}, 32)}})
	ctx := t.Context()
	secret := []byte("0123456789abcdefghij")
	sealed, err := s.sealTOTP(ctx, iinBekzat, secret)
	if err != nil || sealed[0] != sealConfigured || bytes.Contains(sealed, secret) {
		t.Fatalf("sealed = %x, %v", sealed, err)
	}
	if got, err := s.openTOTP(ctx, iinBekzat, sealed); err != nil || !bytes.Equal(got, secret) {
		t.Errorf("open = %q, %v", got, err)
	}
	if _, err := s.openTOTP(ctx, iinDauren, sealed); err == nil {
		t.Error("a secret sealed for one IIN opened for another")
	}
	// Without the key it cannot be opened; a database-kept key's seal
	// still opens once a key is configured.
	bare := newServer(Deps{Store: e.svc.store})
	if _, err := bare.openTOTP(ctx, iinBekzat, sealed); err == nil {
		t.Error("opened without the configured key")
	}
	meta, err := bare.sealTOTP(ctx, iinBekzat, secret)
	if err != nil || meta[0] != sealMeta {
		t.Fatalf("meta seal = %x, %v", meta, err)
	}
	if got, err := s.openTOTP(ctx, iinBekzat, meta); err != nil || !bytes.Equal(got, secret) {
		t.Errorf("open meta seal = %q, %v", got, err)
	}
	// A wrong key size is refused by Open.
	if _, err := Open(ctx, Config{DataDir: t.TempDir(), TwoFactorKey: []byte("short")}); err == nil {
		t.Error("Open took a 5-byte key")
	}
}

func TestRecoveryCodeForm(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 200 {
		c := newRecoveryCode()
		if len(c) != 14 || c[4] != '-' || c[9] != '-' || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
		if n := normRecoveryCode(strings.ToUpper(c)); n != strings.ReplaceAll(c, "-", "") {
			t.Fatalf("norm(%q) = %q", c, n)
		}
	}
	if n := normRecoveryCode("OIL0-abcd"); n != "0110abcd" {
		t.Errorf("look-alikes: %q", n)
	}
}

// BenchmarkLoginTwoStep is a whole login with the TOTP second step (the
// password, the 202 challenge, the code computed from the secret) against
// a password-only login of the same service in the same run (baseline);
// production argon2 parameters, as BenchmarkLogin.
func BenchmarkLoginTwoStep(b *testing.B) {
	clk := &clock{t: testStart}
	svc, err := Open(context.Background(), Config{DataDir: b.TempDir(), Demo: true, Clock: clk.Now,
		ClientRate: 1e9, ClientBurst: 1e9, BackOffice: BackOfficeConfig{Disabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	// The env helpers want a *testing.T; they fail only on a broken flow.
	e := &env{t: &testing.T{}, dir: b.TempDir(), clock: clk, logs: &syncBuffer{}, svc: svc, h: svc.Handler()}
	tok := e.login(iinBekzat, DemoPassword).Token
	secret, _ := e.setupTOTP(tok)
	b.Run("password-only", func(b *testing.B) {
		for b.Loop() {
			if w := e.do("POST", api.PathLogin, loginBody(iinSerik, DemoPassword), ""); w.Code != http.StatusOK {
				b.Fatalf("login: %d %s", w.Code, w.Body)
			}
		}
	})
	b.Run("totp", func(b *testing.B) {
		for b.Loop() {
			// A new time step (codes are accepted once), and under the
			// per-IIN limit of second steps (10 an hour).
			clk.Advance(6*time.Minute + time.Second)
			w := e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), "")
			var ch api.OTPChallenge
			if w.Code != http.StatusAccepted || json.Unmarshal(w.Body.Bytes(), &ch) != nil {
				b.Fatalf("login: %d %s", w.Code, w.Body)
			}
			if w := e.secondStep(ch.ID, api.SecondStepRequest{Code: e.totpNow(secret)}); w.Code != http.StatusOK {
				b.Fatalf("second step: %d %s", w.Code, w.Body)
			}
		}
	})
}
