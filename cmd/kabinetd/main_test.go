package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet"
	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
	"github.com/kabinet-kz/kabinet/service"
)

// syncBuffer collects the logs written by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func noEnv(string) string { return "" }

// start runs kabinetd with args until the test ends; it returns the base
// URL it serves and a function that stops it and returns run's error.
func start(t *testing.T, args ...string) (url string, stop func() error, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, outW := io.Pipe()
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, noEnv, strings.NewReader(""), outW, logs)
		outW.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no address printed: %v; run: %v; logs:\n%s", err, <-done, logs)
	}
	go io.Copy(io.Discard, out)
	url = strings.TrimSpace(strings.TrimPrefix(line, "kabinetd: serving "))
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(15 * time.Second):
				runErr = errors.New("run did not return after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	return url, stop, logs
}

func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	url, stop, logs := start(t, "--demo", "--listen", "127.0.0.1:0", "--data-dir", dir, "--fund-name", "Фонд «Тест»", "--fund-name-en", "Test Fund")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("url = %q", url)
	}
	// Every exchange with the running kabinetd is checked against
	// api/openapi.yaml.
	checked := apitest.Client(t)
	resp, err := checked.Get(url + api.PathHealthz)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Errorf("healthz = %d %q", resp.StatusCode, body)
	}

	resp, err = checked.Get(url + api.PathInfo)
	if err != nil {
		t.Fatal(err)
	}
	var info api.Info
	json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if info.FundName != "Фонд «Тест»" || !info.Demo || info.Version != kabinet.Version() {
		t.Errorf("info = %+v", info)
	}
	// No Kazakh name given: the Russian one, not the demo fund's.
	if ru, kk, en := info.FundNameIn("ru"), info.FundNameIn("kk"), info.FundNameIn("en"); ru != "Фонд «Тест»" || kk != "Фонд «Тест»" || en != "Test Fund" {
		t.Errorf("fund names ru %q, kk %q, en %q", ru, kk, en)
	}

	// A demo on a loopback listener offers the demo outbox.
	if !info.HasFeature(api.FeatureOutbox) {
		t.Errorf("a demo on loopback does not offer the outbox: %v", info.Features)
	}

	// The demo depositor logs in over TCP; the client address is the
	// loopback address.
	b, _ := json.Marshal(api.LoginRequest{IIN: "880415300157", Password: service.DemoPassword})
	resp, err = checked.Post(url+api.PathLogin, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("login = %d", resp.StatusCode)
	}

	if err := stop(); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if _, err := http.Get(url + api.PathHealthz); err == nil {
		t.Error("still serving after shutdown")
	}
	if _, err := os.Stat(filepath.Join(dir, "kabinet.db")); err != nil {
		t.Error(err)
	}
	l := logs.String()
	for _, want := range []string{`"msg":"listening"`, `"msg":"shutting down"`, `"msg":"stopped"`, `"route":"POST /api/v1/auth/login"`} {
		if !strings.Contains(l, want) {
			t.Errorf("logs lack %s:\n%s", want, l)
		}
	}
	if strings.Contains(l, service.DemoPassword) {
		t.Error("password in the logs")
	}
}

func TestRunTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	url, stop, _ := start(t, "--listen", "127.0.0.1:0", "--data-dir", dir, "--no-demo",
		"--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("url = %q", url)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get(url + api.PathHealthz)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("healthz over TLS = %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	if h := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
		t.Errorf("no HSTS over TLS: %q", h)
	}
	if h := resp.Header.Get("X-Content-Type-Options"); h != "nosniff" {
		t.Errorf("nosniff = %q", h)
	}
	// TLS 1.2 with a CBC suite only is refused (AEAD suites only).
	cbc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA}}}}
	if resp, err := cbc.Get(url + api.PathHealthz); err == nil {
		resp.Body.Close()
		t.Error("a TLS 1.2 CBC-SHA1 client was served")
	}
	aead := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS12}}}
	if resp, err := aead.Get(url + api.PathHealthz); err != nil {
		t.Errorf("TLS 1.2 with AEAD: %v", err)
	} else {
		resp.Body.Close()
	}
	// Plain HTTP to the TLS port gets nowhere.
	if resp, err := http.Get(strings.Replace(url, "https", "http", 1) + api.PathHealthz); err == nil {
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP served on the TLS port")
		}
		resp.Body.Close()
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRunCommandLineErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for name, args := range map[string][]string{
		"unknown flag": {"--port", "80"},
		"argument":     {"--data-dir", dir, "serve"},
		"tls half":     {"--data-dir", dir, "--tls-cert", "cert.pem"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(ctx, []string{"pki", "init"}, noEnv, strings.NewReader(""), io.Discard, io.Discard); err == nil ||
				!strings.Contains(err.Error(), `unknown command "init"`) {
				t.Errorf("pki init = %v", err)
			}
			var stderr syncBuffer
			err := run(ctx, args, noEnv, strings.NewReader(""), io.Discard, &stderr)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != 2 {
				t.Fatalf("run = %v, want exit code 2", err)
			}
		})
	}
	var stderr syncBuffer
	if err := run(ctx, []string{"--help"}, noEnv, strings.NewReader(""), io.Discard, &stderr); err != nil {
		t.Errorf("--help: %v", err)
	}
	if !strings.Contains(stderr.String(), "-listen") {
		t.Errorf("usage = %q", stderr.String())
	}
	// A listen address already taken is a plain error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(ctx, []string{"--listen", ln.Addr().String(), "--data-dir", dir, "--no-demo"}, noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("busy port: %v", err)
	}
}

func TestVersionFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := "kabinetd " + kabinet.Version() + "\n"; out.String() != want {
		t.Errorf("kabinetd --version printed %q, want %q", out.String(), want)
	}
}

func TestPKISubcommandDispatch(t *testing.T) {
	var got []string
	saved := pkiCLI
	defer func() { pkiCLI = saved }()
	pkiCLI = func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
		got = args
		return nil
	}
	if err := run(context.Background(), []string{"pki", "roots", "list"}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "roots list" {
		t.Errorf("pki got %q", got)
	}
}

// --trusted-proxy (repeatable) and KABINETD_TRUSTED_PROXIES; the
// flags replace the variable.
func TestTrustedProxyFlags(t *testing.T) {
	env := map[string]string{"KABINETD_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"}
	getenv := func(k string) string { return env[k] }
	o, err := parseFlags(nil, getenv, io.Discard)
	if err != nil || fmt.Sprint(o.trustedProxies) != "[10.0.0.0/8 192.0.2.1/32]" {
		t.Errorf("from the environment: %v, %v", o.trustedProxies, err)
	}
	o, err = parseFlags([]string{"--trusted-proxy", "172.16.0.0/12", "--trusted-proxy", "::1"}, getenv, io.Discard)
	if err != nil || fmt.Sprint(o.trustedProxies) != "[172.16.0.0/12 ::1/128]" {
		t.Errorf("flags: %v, %v", o.trustedProxies, err)
	}
	if _, err := parseFlags([]string{"--trusted-proxy", "proxy.example"}, noEnv, io.Discard); err == nil {
		t.Error("a host name was taken as a proxy")
	}
	env["KABINETD_TRUSTED_PROXIES"] = "nope"
	if _, err := parseFlags(nil, getenv, io.Discard); err == nil {
		t.Error("a bad KABINETD_TRUSTED_PROXIES was taken")
	}
	if o, _ := parseFlags(nil, noEnv, io.Discard); o.demoOutbox || o.crlRefresh != service.DefaultCRLRefresh {
		t.Errorf("defaults: %+v", o)
	}
	if o, _ := parseFlags([]string{"--demo-outbox", "--crl-refresh", "10m"}, noEnv, io.Discard); !o.demoOutbox || o.crlRefresh != 10*time.Minute {
		t.Errorf("--demo-outbox --crl-refresh: %+v", o)
	}
}

func TestEnvironmentDefaults(t *testing.T) {
	env := map[string]string{"KABINETD_LISTEN": "127.0.0.1:9999", "KABINETD_DATA_DIR": "/srv/k", "KABINETD_FUND_NAME": "F",
		"KABINETD_FUND_NAME_KK": "Қ", "KABINETD_FUND_NAME_EN": "E"}
	o, err := parseFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.listen != "127.0.0.1:9999" || o.dataDir != "/srv/k" || o.fundName != "F" || o.fundNameKK != "Қ" || o.fundNameEN != "E" || o.noDemo || o.demo {
		t.Errorf("options = %+v", o)
	}
	o, err = parseFlags([]string{"--listen", ":1", "--no-demo", "--fund-name-kk", "Қор"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || o.listen != ":1" || !o.noDemo || o.fundNameKK != "Қор" || o.fundNameEN != "E" {
		t.Errorf("flags over env: %+v, %v", o, err)
	}
}

func TestDemoOnlyWhenAsked(t *testing.T) {
	if o, _ := parseFlags(nil, noEnv, io.Discard); o.demo {
		t.Error("a demo by default")
	}
	env := func(k string) string {
		if k == "KABINETD_DEMO" {
			return "1"
		}
		return ""
	}
	if o, _ := parseFlags(nil, env, io.Discard); !o.demo {
		t.Error("KABINETD_DEMO=1 is not a demo")
	}
	if o, _ := parseFlags([]string{"--no-demo"}, env, io.Discard); o.demo {
		t.Error("--no-demo did not override KABINETD_DEMO")
	}
	if o, _ := parseFlags([]string{"--demo"}, noEnv, io.Discard); !o.demo {
		t.Error("--demo is not a demo")
	}
}

// TestNotADemoWithoutChannels: kabinetd with no flags is a fund's
// service: no demo depositors, no outbox, and with no SMTP server or SMS
// gateway registration and recovery are off and it says so in /info and
// in the log.
func TestNotADemoWithoutChannels(t *testing.T) {
	dir := t.TempDir()
	url, stop, logs := start(t, "--listen", "127.0.0.1:0", "--data-dir", dir)
	checked := apitest.Client(t)
	resp, err := checked.Get(url + api.PathInfo)
	if err != nil {
		t.Fatal(err)
	}
	var info api.Info
	json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if info.Demo || !info.MessagesOff || info.HasFeature(api.FeatureOutbox) {
		t.Errorf("info = %+v", info)
	}
	// No demo depositor.
	b, _ := json.Marshal(api.LoginRequest{IIN: "880415300157", Password: service.DemoPassword})
	resp, err = checked.Post(url+api.PathLogin, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("demo login = %d, want 401", resp.StatusCode)
	}
	b, _ = json.Marshal(api.RegistrationRequest{IIN: "880415300157", Surname: "А", GivenName: "Б", Phone: "+77012345600"})
	resp, err = checked.Post(url+api.PathRegistration, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var p api.Problem
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || p.Code != api.CodeMessagesOff {
		t.Errorf("registration = %d %+v, want 503 messages_off", resp.StatusCode, p)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if l := logs.String(); !strings.Contains(l, "registration and password recovery by code are switched off") || !strings.Contains(l, `"demo":false`) {
		t.Errorf("the log does not say registration is off:\n%s", l)
	}
}

// selfSigned writes a certificate and key for 127.0.0.1 into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "kabinetd test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestTwoFactorOptions(t *testing.T) {
	env := map[string]string{"KABINETD_REQUIRE_STAFF_2FA": "true", "KABINETD_TWO_FACTOR_KEY_FILE": "/etc/k.key"}
	o, err := parseFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || !o.requireStaff2FA || o.twoFactorKeyFile != "/etc/k.key" {
		t.Fatalf("from env: %+v, %v", o, err)
	}
	o, err = parseFlags([]string{"--require-staff-2fa=false", "--two-factor-key-file", "/x"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || o.requireStaff2FA || o.twoFactorKeyFile != "/x" {
		t.Fatalf("flags over env: %+v, %v", o, err)
	}
	if o, _ := parseFlags(nil, func(string) string { return "" }, io.Discard); o.requireStaff2FA || o.twoFactorKeyFile != "" {
		t.Fatalf("defaults: %+v", o)
	}
	dir := t.TempDir()
	raw := bytes.Repeat([]byte{0xab}, 32)
	for name, content := range map[string][]byte{
		"raw": raw, "hex": []byte(hex.EncodeToString(raw) + "\n"), "b64": []byte(base64.StdEncoding.EncodeToString(raw)),
	} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, content, 0o600)
		if k, err := readTwoFactorKey(f); err != nil || !bytes.Equal(k, raw) {
			t.Errorf("%s: %x, %v", name, k, err)
		}
	}
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abcd"), 0o600)
	if _, err := readTwoFactorKey(short); err == nil {
		t.Error("a 4-byte key was taken")
	}
	if k, err := readTwoFactorKey(""); k != nil || err != nil {
		t.Errorf("no file: %x, %v", k, err)
	}
}

// SIGHUP makes kabinetd serve the certificate now in --tls-cert /
// --tls-key; a pair that does not load leaves the served one.
func TestTLSReloadOnSIGHUP(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, oldPool := selfSigned(t, dir)
	url, _, logs := start(t, "--listen", "127.0.0.1:0", "--data-dir", dir, "--no-demo",
		"--tls-cert", certFile, "--tls-key", keyFile)
	get := func(pool *x509.CertPool) error {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
		resp, err := c.Get(url + api.PathHealthz)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(oldPool); err != nil {
		t.Fatal(err)
	}
	// A broken key file: SIGHUP keeps the old certificate.
	os.WriteFile(keyFile, []byte("not a key"), 0o600)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logs.String(), "TLS certificate not reloaded"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no log of the failed reload")
		}
	}
	if err := get(oldPool); err != nil {
		t.Fatalf("after a failed reload: %v", err)
	}
	// A renewed pair: served after SIGHUP.
	_, _, newPool := selfSigned(t, dir)
	if err := get(newPool); err == nil {
		t.Fatal("the new certificate was served before SIGHUP")
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	for deadline := time.Now().Add(30 * time.Second); get(newPool) != nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the renewed certificate is not served after SIGHUP")
		}
	}
	if err := get(oldPool); err == nil {
		t.Error("the old certificate is still served")
	}
}

// Every flag has its environment variable; the command line wins.
func TestEveryFlagHasAnEnvVariable(t *testing.T) {
	env := map[string]string{
		"KABINETD_NO_DEMO": "true", "KABINETD_TLS_CERT": "/etc/c.pem", "KABINETD_TLS_KEY": "/etc/k.pem",
		"KABINETD_TRUST_ROOT": "/a.crt, /b.crt", "KABINETD_CRL_URL": "http://x/1.crl", "KABINETD_PKI_DIR": "/pki",
		"KABINETD_BACKOFFICE_STEP": "0", "KABINETD_DEMO_OUTBOX": "1", "KABINETD_CRL_REFRESH": "10m",
		"KABINETD_DATA_DIR": "/d",
	}
	o, err := parseFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !o.noDemo || o.tlsCert != "/etc/c.pem" || o.tlsKey != "/etc/k.pem" || len(o.trustRoots) != 2 || o.trustRoots[1] != "/b.crt" ||
		len(o.crlURLs) != 1 || o.pkiDir != "/pki" || o.backOfficeStep != 0 || !o.demoOutbox || o.crlRefresh != 10*time.Minute {
		t.Errorf("from env: %+v", o)
	}
	o, err = parseFlags([]string{"--crl-refresh", "2h", "--trust-root", "/c.crt"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || o.crlRefresh != 2*time.Hour || len(o.trustRoots) != 1 || o.trustRoots[0] != "/c.crt" {
		t.Errorf("command line over env: %+v, %v", o, err)
	}
	env["KABINETD_CRL_REFRESH"] = "soon"
	if _, err := parseFlags(nil, func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "KABINETD_CRL_REFRESH") {
		t.Errorf("a bad variable: %v", err)
	}
	// Every flag of kabinetd is covered: by envFlags or by a default
	// read in parseFlags.
	seen := map[string]bool{}
	for _, n := range envFlags {
		seen[n] = true
	}
	for _, n := range []string{"listen", "data-dir", "database", "metrics-listen", "fund-name", "fund-name-kk", "fund-name-en",
		"require-staff-2fa", "two-factor-key-file", "trusted-proxy", "version", "demo", "time-zone",
		"smtp-addr", "smtp-from", "smtp-from-name", "smtp-user", "smtp-password-file", "smtp-tls",
		"sms-url", "sms-method", "sms-header", "sms-body-template", "sms-content-type", "sms-token-file"} {
		seen[n] = true
	}
	var out bytes.Buffer
	parseFlags([]string{"-h"}, noEnv, &out)
	listed := 0
	for _, line := range strings.Split(out.String(), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "-") {
			continue
		}
		listed++
		name, _, _ := strings.Cut(strings.TrimPrefix(line, "-"), " ")
		if !seen[name] {
			t.Errorf("flag --%s has no environment variable", name)
		}
	}
	if listed < len(seen) {
		t.Errorf("usage lists %d flags, %d known", listed, len(seen))
	}
}

// --pprof serves the profiles on the metrics listener only: without one
// it is a usage error, never a profile on the API's listener.
func TestPprofNeedsMetricsListener(t *testing.T) {
	var out bytes.Buffer
	if _, err := parseFlags([]string{"--pprof"}, noEnv, &out); err == nil || !strings.Contains(err.Error(), "--metrics-listen") {
		t.Errorf("--pprof alone: %v", err)
	}
	o, err := parseFlags([]string{"--pprof", "--metrics-listen", "127.0.0.1:0", "--data-dir", t.TempDir()}, noEnv, &out)
	if err != nil || !o.pprof {
		t.Errorf("--pprof with a metrics listener: %v, %v", o.pprof, err)
	}
}
