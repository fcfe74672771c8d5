package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
)

// smtpServer is a real SMTP server process: Debian's python3-aiosmtpd
// (scripts/test-deps.sh) storing what it receives in a Maildir. It is
// stopped at the end of the test, pass or fail.
type smtpServer struct {
	addr    string
	maildir string
	cmd     *exec.Cmd
}

const aiosmtpdPython = "/usr/bin/python3"

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	if err := exec.Command(aiosmtpdPython, "-c", "import aiosmtpd").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-aiosmtpd is not installed (scripts/test-deps.sh installs it)")
		}
		t.Skip("python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)")
	}
	s := &smtpServer{maildir: filepath.Join(t.TempDir(), "mail")}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	ln.Close()
	s.start(t)
	return s
}

func (s *smtpServer) start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command(aiosmtpdPython, "-m", "aiosmtpd", "-n", "-l", s.addr, "-c", "aiosmtpd.handlers.Mailbox", s.maildir)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, io.Discard
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd := s.cmd
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", s.addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the SMTP server did not start on %s", s.addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *smtpServer) stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// mails are the messages the server received.
func (s *smtpServer) mails(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, d := range []string{"new", "cur"} {
		files, _ := os.ReadDir(filepath.Join(s.maildir, d))
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(s.maildir, d, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	return out
}

var mailCode = regexp.MustCompile(`\b\d{6}\b`)

func registerDauren(t *testing.T, c *http.Client, url string, email bool) (int, api.OTPChallenge) {
	t.Helper()
	req := api.RegistrationRequest{Surname: "Омаров", GivenName: "Даурен", Patronymic: "Ерланович", IIN: "850721300125"}
	if email {
		req.Email = "dauren.omarov@mail.kz"
	} else {
		req.Phone = "+77081112233"
	}
	b, _ := json.Marshal(req)
	resp, err := c.Post(url+api.PathRegistration, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ch api.OTPChallenge
	json.NewDecoder(resp.Body).Decode(&ch)
	return resp.StatusCode, ch
}

// TestSMTPRealServer: kabinetd sends a one-time password through a real
// SMTP server process; while that server is down the code is queued
// (the answer says so) and it is delivered by the worker once the
// server is back.
func TestSMTPRealServer(t *testing.T) {
	smtp := startSMTP(t)
	dir := t.TempDir()
	url, stop, logs := start(t, "--demo", "--listen", "127.0.0.1:0", "--data-dir", dir,
		"--smtp-addr", smtp.addr, "--smtp-tls", "none", "--smtp-from", "cabinet@fund.example.kz")
	checked := apitest.Client(t)
	status, ch := registerDauren(t, checked, url, true)
	if status != http.StatusCreated || ch.Delivery != api.DeliverySent || ch.Channel != "email" {
		t.Fatalf("registration = %d %+v", status, ch)
	}
	mails := smtp.mails(t)
	if len(mails) != 1 {
		t.Fatalf("%d mails received", len(mails))
	}
	m := mails[0]
	if !strings.Contains(m, "dauren.omarov@mail.kz") || !strings.Contains(m, "cabinet@fund.example.kz") || mailCode.FindString(m) == "" {
		t.Errorf("mail:\n%s", m)
	}
	if strings.Contains(logs.String(), mailCode.FindString(m)) {
		t.Error("the code is in the log")
	}

	// The server goes away: the next code is queued, not lost.
	smtp.stop()
	status, ch = registerDauren(t, checked, url, true)
	if status != http.StatusCreated || ch.Delivery != api.DeliveryQueued {
		t.Fatalf("registration during the outage = %d %+v", status, ch)
	}
	smtp.start(t)
	deadline := time.Now().Add(60 * time.Second)
	for len(smtp.mails(t)) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the queued code was not delivered after the outage; logs:\n%s", logs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestSMSGatewayFlags: the gateway's request is configured by flags and
// the token comes from a file, never from the command line.
func TestSMSGatewayFlags(t *testing.T) {
	var mu sync.Mutex
	var got []string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Api-Key")+" "+r.Header.Get("Authorization")+" "+string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer gw.Close()
	dir := t.TempDir()
	tok := filepath.Join(dir, "token")
	os.WriteFile(tok, []byte("tok-1\n"), 0o600)
	url, stop, _ := start(t, "--demo", "--listen", "127.0.0.1:0", "--data-dir", dir,
		"--sms-url", gw.URL+"/send", "--sms-method", "PUT", "--sms-header", "X-Api-Key: k1", "--sms-token-file", tok,
		"--sms-body-template", `{"phone":{{json .To}},"msg":{{json .Text}}}`)
	status, ch := registerDauren(t, apitest.Client(t), url, false)
	if status != http.StatusCreated || ch.Delivery != api.DeliverySent {
		t.Fatalf("registration = %d %+v", status, ch)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.HasPrefix(got[0], `PUT /send k1 Bearer tok-1 {"phone":"77081112233","msg":"`) {
		t.Errorf("gateway got %q", got)
	}
	stop()
}

func TestMessageFlagsChecked(t *testing.T) {
	for name, args := range map[string][]string{
		"none to a remote host": {"--smtp-addr", "mail.example.kz:25", "--smtp-tls", "none", "--smtp-from", "a@b.kz"},
		"no from":               {"--smtp-addr", "127.0.0.1:25"},
		"no port":               {"--smtp-addr", "127.0.0.1", "--smtp-from", "a@b.kz"},
		"plain http gateway":    {"--sms-url", "http://sms.example.kz/send"},
		"bad header":            {"--sms-url", "https://sms.example.kz/send", "--sms-header", "nope"},
	} {
		err := run(t.Context(), append([]string{"--listen", "127.0.0.1:0", "--data-dir", t.TempDir()}, args...), noEnv, nil, io.Discard, io.Discard)
		var ee *exitError
		if err == nil || !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Every flag has its variable.
	env := map[string]string{"KABINETD_SMTP_ADDR": "127.0.0.1:2525", "KABINETD_SMTP_FROM": "a@b.kz", "KABINETD_SMTP_TLS": "none",
		"KABINETD_SMTP_USER": "u", "KABINETD_SMTP_PASSWORD": "pw", "KABINETD_SMS_URL": "https://sms.example.kz/x",
		"KABINETD_SMS_HEADERS": "A: 1\nB: 2", "KABINETD_SMS_METHOD": "PUT", "KABINETD_SMS_TOKEN": "t"}
	o, err := parseFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c, err := o.messages.config(func(k string) string { return env[k] }, "Fund")
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Host != "127.0.0.1" || c.SMTP.Port != 2525 || c.SMTP.Password != "pw" || c.SMTP.Username != "u" || c.SMTP.Security != "none" ||
		c.SMSGateway.Method != "PUT" || c.SMSGateway.Token != "t" || c.SMSGateway.Headers["B"] != "2" || strconv.Itoa(len(c.SMSGateway.Headers)) != "2" {
		t.Errorf("config from the environment: %+v", c)
	}
}
