package notify

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message the test SMTP server accepted.
type received struct {
	from   string
	to     []string
	data   []byte
	tls    bool   // the session was under TLS when MAIL FROM came
	authed string // user name of a successful AUTH
}

// mailServer is a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 that records what it receives.
type mailServer struct {
	addr     *net.TCPAddr
	certPool *x509.CertPool
	mu       sync.Mutex
	msgs     []received
	// rejectRcpt, if set, refuses every recipient with this error.
	rejectRcpt error
	// users allowed to authenticate (user → password); nil: no AUTH.
	users map[string]string
	// implicitTLS: TLS from the first byte (port 465 style) instead of
	// STARTTLS.
	implicitTLS bool
}

type mailSession struct {
	srv  *mailServer
	conn *smtp.Conn
	cur  received
}

func (s *mailSession) AuthMechanisms() []string {
	if s.srv.users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if want, ok := s.srv.users[user]; !ok || want != pass {
			return errors.New("invalid credentials")
		}
		s.cur.authed = user
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.users != nil && s.cur.authed == "" {
		return smtp.ErrAuthRequired
	}
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.cur.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.srv.rejectRcpt != nil {
		return s.srv.rejectRcpt
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, s.cur)
	s.srv.mu.Unlock()
	s.cur = received{authed: s.cur.authed}
	return nil
}

func (s *mailSession) Reset()        { s.cur = received{authed: s.cur.authed} }
func (s *mailSession) Logout() error { return nil }

// startMailServer starts the server; withTLS offers STARTTLS with a
// self-signed certificate for 127.0.0.1 made here.
func startMailServer(t *testing.T, withTLS bool, setup func(*mailServer)) *mailServer {
	t.Helper()
	ms := &mailServer{}
	if setup != nil {
		setup(ms)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{srv: ms, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	srv.MaxMessageBytes = 1 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.EnableSMTPUTF8 = true
	if withTLS {
		cert, pool := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ms.certPool = pool
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.addr = l.Addr().(*net.TCPAddr)
	if ms.implicitTLS {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return ms
}

func (ms *mailServer) received() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.msgs...)
}

// selfSigned makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// smtpConfig points at ms.
func smtpConfig(ms *mailServer) SMTPConfig {
	return SMTPConfig{
		Host:     "127.0.0.1",
		Port:     ms.addr.Port,
		RootCAs:  ms.certPool,
		From:     "noreply@demo-fund.kz",
		FromName: "Демо-фонд",
		Timeout:  5 * time.Second,
		HELO:     "localhost",
	}
}

// parsed is a received message decoded as a mail client would.
type parsed struct {
	subject, from, to, body string
	header                  mail.Header
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	from, err := dec.DecodeHeader(msg.Header.Get("From"))
	if err != nil {
		t.Fatalf("from: %v", err)
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return parsed{subject: subject, from: from, to: msg.Header.Get("To"), body: string(b), header: msg.Header}
}

func TestSMTPSendsOverSTARTTLSWithAuth(t *testing.T) {
	ms := startMailServer(t, true, func(ms *mailServer) { ms.users = map[string]string{"kabinet": "s3cret"} })
	cfg := smtpConfig(ms)
	cfg.Username, cfg.Password = "kabinet", "s3cret"
	logger, logs := newTestLogger(t)
	s, err := NewSMTP(cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	subject, body := OTPText("", testCode, 15)
	err = s.Send(context.Background(), Message{Channel: ChannelEmail, To: "Asel.N@Mail.KZ", Subject: subject, Body: body, Kind: KindOTP})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := ms.received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	r := got[0]
	if !r.tls {
		t.Error("message was not sent under STARTTLS")
	}
	if r.authed != "kabinet" {
		t.Errorf("authenticated as %q", r.authed)
	}
	if r.from != "noreply@demo-fund.kz" || len(r.to) != 1 || r.to[0] != "Asel.N@mail.kz" {
		t.Errorf("envelope from %q to %q", r.from, r.to)
	}
	p := parse(t, r.data)
	if p.subject != subject {
		t.Errorf("subject = %q, want %q", p.subject, subject)
	}
	if p.from != `"Демо-фонд" <noreply@demo-fund.kz>` && p.from != "Демо-фонд <noreply@demo-fund.kz>" {
		t.Errorf("From = %q", p.from)
	}
	if !strings.Contains(p.to, "Asel.N@mail.kz") {
		t.Errorf("To = %q", p.to)
	}
	if !strings.Contains(p.body, testCode) || !strings.Contains(p.body, "Одноразовый пароль") || !strings.Contains(p.body, "Бір реттік құпиясөз") {
		t.Errorf("body = %q", p.body)
	}
	if ct := p.header.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "charset=utf-8") || !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q", ct)
	}
	if p.header.Get("Auto-Submitted") != "auto-generated" || p.header.Get("Message-Id") == "" || p.header.Get("Date") == "" {
		t.Errorf("headers: %v", p.header)
	}
	out := logs.String()
	if strings.Contains(out, testCode) || strings.Contains(out, "Asel.N") || strings.Contains(out, "s3cret") {
		t.Errorf("log leaks the code, the address or the password:\n%s", out)
	}
	if !strings.Contains(out, "As*****@ma****") {
		t.Errorf("log lacks the masked recipient:\n%s", out)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	ms := startMailServer(t, true, func(ms *mailServer) { ms.implicitTLS = true })
	cfg := smtpConfig(ms)
	cfg.Security = SecurityTLS
	s, err := NewSMTP(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), Message{Channel: ChannelEmail, To: "asel@mail.kz", Subject: "Тест", Body: testCode}); err != nil {
		t.Fatal(err)
	}
	got := ms.received()
	if len(got) != 1 || !got[0].tls || !strings.Contains(parse(t, got[0].data).body, testCode) {
		t.Fatalf("received %+v", got)
	}
}

func TestSMTPRequiresSTARTTLS(t *testing.T) {
	ms := startMailServer(t, false, nil) // offers no STARTTLS
	logger, logs := newTestLogger(t)
	s, err := NewSMTP(smtpConfig(ms), logger)
	if err != nil {
		t.Fatal(err)
	}
	_, body := OTPText("", testCode, 15)
	err = s.Send(context.Background(), Message{Channel: ChannelEmail, To: "asel@mail.kz", Subject: "s", Body: body})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send without STARTTLS = %v, want ErrUnavailable", err)
	}
	t.Logf("error: %v", err)
	if n := len(ms.received()); n != 0 {
		t.Errorf("server received %d messages in clear", n)
	}
	if strings.Contains(logs.String(), testCode) {
		t.Errorf("log contains the code:\n%s", logs)
	}
}

func TestSMTPRefusesUntrustedCertificate(t *testing.T) {
	ms := startMailServer(t, true, nil)
	cfg := smtpConfig(ms)
	cfg.RootCAs = x509.NewCertPool() // trusts nothing
	s, err := NewSMTP(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{Channel: ChannelEmail, To: "asel@mail.kz", Subject: "s", Body: "b"})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send = %v, want ErrUnavailable", err)
	}
	if n := len(ms.received()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSMTPPlainOnLoopback(t *testing.T) {
	ms := startMailServer(t, false, nil)
	cfg := smtpConfig(ms)
	cfg.Security = SecurityNone
	s, err := NewSMTP(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	subject, body := PasswordChangedText("kk", time.Date(2026, 3, 1, 10, 4, 0, 0, time.UTC))
	if err := s.Send(context.Background(), Message{Channel: ChannelEmail, To: "dana@mail.kz", Subject: subject, Body: body, Kind: KindPasswordChanged}); err != nil {
		t.Fatal(err)
	}
	got := ms.received()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	p := parse(t, got[0].data)
	if p.subject != "Құпиясөз өзгертілді / Пароль изменён" || !strings.Contains(p.body, "01.03.2026 15:04") {
		t.Errorf("subject %q body %q", p.subject, p.body)
	}
}

func TestSMTPRejectedRecipient(t *testing.T) {
	ms := startMailServer(t, true, func(ms *mailServer) {
		ms.rejectRcpt = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	})
	logger, logs := newTestLogger(t)
	s, err := NewSMTP(smtpConfig(ms), logger)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{Channel: ChannelEmail, To: "nobody.here@mail.kz", Subject: "s", Body: testCode})
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("Send = %v, want ErrRejected", err)
	}
	t.Logf("error: %v", err)
	for _, text := range []string{err.Error(), logs.String()} {
		if strings.Contains(text, "nobody.here") || strings.Contains(text, testCode) {
			t.Errorf("error or log shows the address or the body: %s", text)
		}
	}
}

func TestSMTPConcurrentSends(t *testing.T) {
	ms := startMailServer(t, true, nil)
	s, err := NewSMTP(smtpConfig(ms), nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for range 5 {
		wg.Go(func() {
			errs <- s.Send(context.Background(), Message{Channel: ChannelEmail, To: "asel@mail.kz", Subject: "s", Body: "b"})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := len(ms.received()); n != 5 {
		t.Errorf("server received %d messages, want 5", n)
	}
}

func TestSMTPRefusesBadMessages(t *testing.T) {
	s, err := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: 9, From: "a@b.kz"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Message{
		{Channel: ChannelSMS, To: "77012345600", Body: "x"},
		{Channel: ChannelEmail, To: "not an address", Body: "x"},
		{Channel: ChannelEmail, To: "Asel <asel@mail.kz>", Body: "x"},
	} {
		if err := s.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("Send(%+v) = %v, want ErrInvalidMessage", m, err)
		}
	}
}
