package notify

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/kabinet-kz/kabinet/kz"
)

// SMTP security modes (SMTPConfig.Security).
const (
	// SecuritySTARTTLS (the default): plain connection upgraded with
	// STARTTLS, which the server must offer; port 587 by default.
	SecuritySTARTTLS = "starttls"
	// SecurityTLS: implicit TLS from the first byte; port 465 by default.
	SecurityTLS = "tls"
	// SecurityNone: no TLS at all; allowed only when Host is a loopback
	// address or "localhost" (a relay on the same machine); port 25.
	SecurityNone = "none"
)

// DefaultSMTPTimeout bounds one SMTP conversation when
// SMTPConfig.Timeout is zero.
const DefaultSMTPTimeout = 15 * time.Second

// SMTPConfig configures the e-mail sender.
type SMTPConfig struct {
	// Host is the SMTP server's name or address (required).
	Host string
	// Port defaults to 587 (starttls), 465 (tls) or 25 (none).
	Port int
	// Security is SecuritySTARTTLS (default), SecurityTLS or SecurityNone.
	Security string
	// Username and Password authenticate when Username is set; the
	// strongest mechanism both sides support is chosen, and a mechanism
	// that sends the password in clear only over TLS.
	Username string
	Password string
	// From is the sender address (required), FromName its display name
	// (UTF-8 allowed), e.g. "Демо-фонд".
	From     string
	FromName string
	// Timeout bounds one conversation (dial to QUIT); 0 means
	// DefaultSMTPTimeout.
	Timeout time.Duration
	// RootCAs verifies the server's certificate; nil means the system
	// roots. The certificate must match Host.
	RootCAs *x509.CertPool
	// HELO is the name the client greets with; empty means the machine's
	// host name.
	HELO string
}

// SMTP sends e-mail messages through an SMTP server with
// github.com/wneessen/go-mail: UTF-8 subject and body (quoted-printable),
// one connection per message. It is safe for concurrent use.
type SMTP struct {
	cfg  SMTPConfig
	opts []gomail.Option
	log  *slog.Logger
}

// NewSMTP checks cfg and returns the e-mail sender. logger may be nil.
func NewSMTP(cfg SMTPConfig, logger *slog.Logger) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("notify: smtp: no host")
	}
	if cfg.From == "" {
		return nil, errors.New("notify: smtp: no From address")
	}
	if a, err := mail.ParseAddress(cfg.From); err != nil || a.Name != "" {
		return nil, fmt.Errorf("notify: smtp: From %q is not a bare e-mail address", cfg.From)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	if cfg.Security == "" {
		cfg.Security = SecuritySTARTTLS
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	switch cfg.Security {
	case SecuritySTARTTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		cfg.Port = cmp.Or(cfg.Port, 587)
	case SecurityTLS:
		opts = append(opts, gomail.WithSSL())
		cfg.Port = cmp.Or(cfg.Port, 465)
	case SecurityNone:
		if !isLoopback(cfg.Host) {
			return nil, fmt.Errorf("notify: smtp: security %q is allowed only for a loopback host, not %q", SecurityNone, cfg.Host)
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		cfg.Port = cmp.Or(cfg.Port, 25)
	default:
		return nil, fmt.Errorf("notify: smtp: unknown security %q (want %q, %q or %q)", cfg.Security, SecuritySTARTTLS, SecurityTLS, SecurityNone)
	}
	opts = append(opts,
		gomail.WithPort(cfg.Port),
		gomail.WithTLSConfig(&tls.Config{
			ServerName: cfg.Host,
			RootCAs:    cfg.RootCAs,
			MinVersion: tls.VersionTLS12,
		}))
	if cfg.Username != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password))
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	// Check the options once, so that a bad configuration fails here.
	if _, err := gomail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("notify: smtp: %w", err)
	}
	return &SMTP{cfg: cfg, opts: opts, log: orDiscard(logger)}, nil
}

// Send delivers an e-mail message (Channel must be ChannelEmail). A
// server that refuses the message for good gives ErrRejected, anything
// else (connection, TLS, temporary refusal) ErrUnavailable. Error texts
// and logs show the recipient masked and never the subject or body.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	if m.Channel != ChannelEmail {
		return fmt.Errorf("%w: smtp sends e-mail, not %q", ErrInvalidMessage, m.Channel)
	}
	to, err := kz.ParseEmail(m.To)
	if err != nil {
		return fmt.Errorf("%w: recipient is not an e-mail address", ErrInvalidMessage)
	}
	msg := gomail.NewMsg()
	if err := msg.FromFormat(s.cfg.FromName, s.cfg.From); err != nil {
		return fmt.Errorf("notify: smtp: From: %w", err)
	}
	if err := msg.To(to); err != nil {
		return fmt.Errorf("%w: recipient is not an e-mail address", ErrInvalidMessage)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	// RFC 3834: an automatic message; well-behaved servers send no
	// auto-replies to it.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)

	client, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	log := s.log.With("channel", ChannelEmail, "to", kz.MaskEmail(to), "kind", m.Kind, "server", s.cfg.Host)
	start := time.Now()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		kind := ErrUnavailable
		var se *gomail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			kind = ErrRejected
		}
		text := redact(err.Error(), m.To, to)
		log.Warn("notify: e-mail not sent", "err", text, "took", time.Since(start))
		return &deliveryError{kind: kind, text: "smtp: " + text, cause: err}
	}
	log.Info("notify: e-mail sent", "took", time.Since(start))
	return nil
}

// isLoopback says whether host is "localhost" or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
