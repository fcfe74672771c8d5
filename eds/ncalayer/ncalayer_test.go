package ncalayer_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
	"github.com/kabinet-kz/kabinet/eds/ncalayer"
)

// fakeNCALayer plays NCALayer's side of the protocol: the greeting on
// connect, heartbeats, and an answer per request computed by answer.
type fakeNCALayer struct {
	t       *testing.T
	version string
	answer  func(req request) []string // frames to send back

	mu       sync.Mutex
	requests []request
}

type request struct {
	Module string          `json:"module"`
	Method string          `json:"method"`
	Args   json.RawMessage `json:"args"`
}

func (f *fakeNCALayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		f.t.Errorf("accept: %v", err)
		return
	}
	defer c.CloseNow()
	ctx := r.Context()
	send := func(s string) bool { return c.Write(ctx, websocket.MessageText, []byte(s)) == nil }
	if !send(`{"result":{"version":"`+f.version+`"}}`) || !send("--heartbeat--") {
		return
	}
	for {
		_, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		var req request
		if err := json.Unmarshal(msg, &req); err != nil {
			f.t.Errorf("request is not JSON: %q", msg)
			return
		}
		f.mu.Lock()
		f.requests = append(f.requests, req)
		f.mu.Unlock()
		send("--heartbeat--")
		for _, frame := range f.answer(req) {
			if !send(frame) {
				return
			}
		}
	}
}

func (f *fakeNCALayer) seen() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request{}, f.requests...)
}

// start runs the fake over TLS with a self-signed certificate on 127.0.0.1,
// as NCALayer does, and returns a client for it.
func start(t *testing.T, f *fakeNCALayer) *ncalayer.Client {
	t.Helper()
	f.t = t
	srv := httptest.NewTLSServer(f)
	t.Cleanup(srv.Close)
	return &ncalayer.Client{URL: "wss://" + srv.Listener.Addr().String(), Locale: "kk"}
}

// signer is the key store the fake signs with.
type signer struct {
	ks *eds.KeyStore
}

func newSigner(t *testing.T) *signer {
	t.Helper()
	ca := edstest.NewCA(t, "NCALayer test CA")
	cert, key := ca.Issue(t, edstest.Identity{IIN: "900101300999", CommonName: "ТОКЕНОВ ТОКЕН", Surname: "ТОКЕНОВ", Purpose: "auth"}, 1)
	ks, err := eds.OpenKeyStore(edstest.Modern(t, key, cert, nil, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	return &signer{ks: ks}
}

// pemCMS signs base64 data and wraps the CMS the way NCALayer does: PEM
// headers and CRLF line breaks.
func (s *signer) pemCMS(t *testing.T, b64 string, attach bool) string {
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Errorf("data is not base64: %v", err)
	}
	cms, err := s.ks.SignCMS(data, !attach)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.StdEncoding.EncodeToString(cms)
	var b strings.Builder
	b.WriteString("-----BEGIN CMS-----\r\n")
	for i := 0; i < len(enc); i += 76 {
		b.WriteString(enc[i:min(i+76, len(enc))] + "\r\n")
	}
	b.WriteString("-----END CMS-----\r\n")
	return b.String()
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type basicsArgs struct {
	AllowedStorages []string `json:"allowedStorages"`
	Format          string   `json:"format"`
	Data            string   `json:"data"`
	SigningParams   struct {
		Decode      bool           `json:"decode"`
		Encapsulate bool           `json:"encapsulate"`
		Digested    bool           `json:"digested"`
		TSAProfile  map[string]any `json:"tsaProfile"`
	} `json:"signingParams"`
	SignerParams struct {
		ExtKeyUsageOids []string `json:"extKeyUsageOids"`
		Chain           []string `json:"chain"`
	} `json:"signerParams"`
	Locale string `json:"locale"`
}

// newGOSTSigner signs with NCA's real GOST 2015 test key store, as
// NCALayer does for a citizen's GOST key.
func newGOSTSigner(t *testing.T) *signer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "nca-gost2015", "individual_valid.p12"))
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(b, "Qwerty12")
	if err != nil {
		t.Fatal(err)
	}
	if ks.Info.Algorithm != eds.AlgorithmGOST2015 {
		t.Fatalf("algorithm %s", ks.Info.Algorithm)
	}
	return &signer{ks: ks}
}

func TestSignBasics(t *testing.T) {
	t.Run("RSA", func(t *testing.T) { testSignBasics(t, newSigner(t)) })
	t.Run("GOST", func(t *testing.T) { testSignBasics(t, newGOSTSigner(t)) })
}

func testSignBasics(t *testing.T, sg *signer) {
	nonce := []byte("login nonce 0123456789abcdef")
	for _, tc := range []struct {
		name     string
		purpose  eds.Purpose
		detached bool
		oid      string
	}{
		{"auth attached", eds.PurposeAuth, false, ncalayer.OIDClientAuth},
		{"sign detached", eds.PurposeSign, true, ncalayer.OIDEmailProtection},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeNCALayer{version: "1.4"}
			f.answer = func(req request) []string {
				var a basicsArgs
				if err := json.Unmarshal(req.Args, &a); err != nil {
					t.Errorf("args: %v", err)
				}
				return []string{`{"status":true,"body":{"result":[` + jsonString(sg.pemCMS(t, a.Data, a.SigningParams.Encapsulate)) + `]}}`}
			}
			c := start(t, f)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			der, err := c.Sign(ctx, ncalayer.SignRequest{Data: nonce, Purpose: tc.purpose, Detached: tc.detached})
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			if der[0] != 0x30 {
				t.Fatal("not DER")
			}
			var detached []byte
			if tc.detached {
				detached = nonce
			}
			cert, content, err := eds.VerifyCMS(der, detached)
			if err != nil {
				t.Fatalf("VerifyCMS: %v", err)
			}
			if string(content) != string(nonce) || !cert.Equal(sg.ks.Cert) {
				t.Errorf("content %q", content)
			}

			reqs := f.seen()
			if len(reqs) != 1 || reqs[0].Module != "kz.gov.pki.knca.basics" || reqs[0].Method != "sign" {
				t.Fatalf("requests: %+v", reqs)
			}
			var a basicsArgs
			if err := json.Unmarshal(reqs[0].Args, &a); err != nil {
				t.Fatal(err)
			}
			if a.Format != "cms" || a.Locale != "kk" || !a.SigningParams.Decode || a.SigningParams.Digested ||
				a.SigningParams.Encapsulate == tc.detached || a.SigningParams.TSAProfile == nil {
				t.Errorf("args: %+v", a)
			}
			if len(a.SignerParams.ExtKeyUsageOids) != 1 || a.SignerParams.ExtKeyUsageOids[0] != tc.oid || a.SignerParams.Chain == nil {
				t.Errorf("signerParams: %+v", a.SignerParams)
			}
			if len(a.AllowedStorages) == 0 || a.AllowedStorages[0] != "PKCS12" {
				t.Errorf("allowedStorages: %v", a.AllowedStorages)
			}
			if d, _ := base64.StdEncoding.DecodeString(a.Data); string(d) != string(nonce) {
				t.Errorf("data %q", a.Data)
			}
		})
	}
}

func TestBasicsAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		check  func(t *testing.T, err error)
	}{
		{"cancel: empty body", `{"status":true,"body":{}}`, isErr(ncalayer.ErrCanceled)},
		{"cancel: empty result", `{"status":true,"body":{"result":[]}}`, isErr(ncalayer.ErrCanceled)},
		{"cancel: code", `{"status":false,"code":"action.canceled","message":""}`, isErr(ncalayer.ErrCanceled)},
		{"error status", `{"status":false,"code":"500","message":"Хранилище ключей не найдено","details":"no token"}`,
			func(t *testing.T, err error) {
				var e *ncalayer.Error
				if !errors.As(err, &e) || e.Code != "500" || e.Message != "Хранилище ключей не найдено" || e.Details != "no token" {
					t.Errorf("err = %#v", err)
				}
				if errors.Is(err, ncalayer.ErrCanceled) {
					t.Error("an error is not a cancel")
				}
			}},
		{"not a CMS", `{"status":true,"body":{"result":["bm90IGEgQ01T"]}}`, isErr(ncalayer.ErrProtocol)},
		{"not JSON", `<html>`, isErr(ncalayer.ErrProtocol)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNCALayer{version: "1.4", answer: func(request) []string { return []string{tt.answer} }}
			c := start(t, f)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := c.Sign(ctx, ncalayer.SignRequest{Data: []byte("x"), Purpose: eds.PurposeAuth})
			tt.check(t, err)
		})
	}
}

func isErr(want error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("err = %v, want %v", err, want)
		}
	}
}

func TestSignCommonUtils(t *testing.T) {
	t.Run("RSA", func(t *testing.T) { testSignCommonUtils(t, newSigner(t)) })
	t.Run("GOST", func(t *testing.T) { testSignCommonUtils(t, newGOSTSigner(t)) })
}

func testSignCommonUtils(t *testing.T, sg *signer) {
	f := &fakeNCALayer{version: "1.3"}
	f.answer = func(req request) []string {
		switch req.Method {
		case "getActiveTokens":
			return []string{`{"code":"200","message":"","responseObject":["AKKaztokenStore"]}`}
		case "createCMSSignatureFromBase64":
			var args []any
			if err := json.Unmarshal(req.Args, &args); err != nil || len(args) != 4 {
				t.Errorf("args %s", req.Args)
				return []string{`{"code":"500","message":"bad args"}`}
			}
			// commonUtils returns bare base64 with line breaks
			pem := sg.pemCMS(t, args[2].(string), args[3].(bool))
			lines := strings.Split(pem, "\r\n")
			body := strings.Join(lines[1:len(lines)-2], "\r\n")
			return []string{`{"code":"200","message":"","responseObject":` + jsonString(body) + `}`}
		}
		return []string{`{"code":"500","message":"unknown method"}`}
	}
	c := start(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := c.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Version != "1.3" || s.UsesBasics() {
		t.Fatalf("version %q", s.Version)
	}
	der, err := s.Sign(ctx, ncalayer.SignRequest{Data: []byte("nonce"), Purpose: eds.PurposeAuth})
	if err != nil {
		t.Fatal(err)
	}
	if cert, content, err := eds.VerifyCMS(der, nil); err != nil || string(content) != "nonce" || !cert.Equal(sg.ks.Cert) {
		t.Fatalf("VerifyCMS: %v %q", err, content)
	}
	reqs := f.seen()
	if len(reqs) != 2 || reqs[0].Module != "kz.gov.pki.knca.commonUtils" || reqs[0].Method != "getActiveTokens" ||
		reqs[1].Method != "createCMSSignatureFromBase64" {
		t.Fatalf("requests %+v", reqs)
	}
	var args []any
	json.Unmarshal(reqs[1].Args, &args)
	if args[0] != "AKKaztokenStore" || args[1] != "AUTHENTICATION" || args[3] != true {
		t.Errorf("args %v", args)
	}
}

func TestCommonUtilsAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		check        func(*testing.T, error)
	}{
		{"cancel", `{"code":"500","message":"action.canceled"}`, isErr(ncalayer.ErrCanceled)},
		{"empty", `{"code":"200","message":"","responseObject":""}`, isErr(ncalayer.ErrCanceled)},
		{"error", `{"code":"500","message":"Storage is empty"}`, func(t *testing.T, err error) {
			var e *ncalayer.Error
			if !errors.As(err, &e) || e.Code != "500" || !strings.Contains(err.Error(), "Storage is empty") {
				t.Errorf("err = %v", err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeNCALayer{version: "1.2", answer: func(req request) []string {
				if req.Method == "getActiveTokens" {
					return []string{`{"code":"200","responseObject":[]}`}
				}
				return []string{tc.answer}
			}}
			c := start(t, f)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := c.Sign(ctx, ncalayer.SignRequest{Data: []byte("x"), Purpose: eds.PurposeSign})
			tc.check(t, err)
			if reqs := f.seen(); len(reqs) == 2 {
				var args []any
				json.Unmarshal(reqs[1].Args, &args)
				if args[0] != "PKCS12" || args[1] != "SIGNATURE" {
					t.Errorf("args %v", args)
				}
			}
		})
	}
}

func TestNotRunning(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c := &ncalayer.Client{URL: "wss://" + addr}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = c.Sign(ctx, ncalayer.SignRequest{Data: []byte("x"), Purpose: eds.PurposeAuth})
	if !errors.Is(err, ncalayer.ErrNotRunning) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "pki.gov.kz") {
		t.Errorf("the message does not say where to get NCALayer: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	f := &fakeNCALayer{version: "1.4", answer: func(request) []string { return []string{"--heartbeat--"} }}
	c := start(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Sign(ctx, ncalayer.SignRequest{Data: []byte("x"), Purpose: eds.PurposeAuth})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func TestNoGreeting(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.Write(r.Context(), websocket.MessageText, []byte(`{"hello":"world"}`))
		c.Read(r.Context())
	}))
	defer srv.Close()
	c := &ncalayer.Client{URL: "wss://" + srv.Listener.Addr().String()}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.Connect(ctx); !errors.Is(err, ncalayer.ErrProtocol) {
		t.Fatalf("err = %v", err)
	}
}
