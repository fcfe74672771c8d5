// Package notify delivers the service's messages to depositors: one-time
// passwords and "your password was changed" notices, by SMS or e-mail.
//
// Every sender implements [Sender]. Three exist:
//
//   - [Outbox] stores messages in SQLite instead of delivering them. It is
//     the default of the bundled demo service, so that a newcomer can
//     complete registration and recovery with no phone: the app shows the
//     outbox (one-time passwords included, on purpose) in a clearly
//     labelled demo window. An outbox is a DEMO FEATURE: a service that
//     serves real depositors must not expose it.
//   - [SMTP] sends e-mail through an SMTP server (STARTTLS by default).
//   - [SMS] posts SMS to an HTTP gateway with a bearer token, retrying
//     transient failures.
//
// [Router] picks the sender for a message's channel; [New] builds one from
// a [Config]. [OTPText] and [PasswordChangedText] give the texts, in
// Russian and Kazakh together by default, as Kazakhstan's public services
// do.
//
// No sender logs the text of a message (it may hold a one-time password):
// logs name the channel, the kind and the recipient masked as the memo
// masks contacts (7701*****00, as*****@ma****).
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
)

// Channels of a Message.
const (
	ChannelSMS   = "sms"
	ChannelEmail = "email"
)

// Kinds of a Message (free text for the senders; these are the ones the
// service sends).
const (
	KindOTP             = "otp"
	KindPasswordChanged = "password_changed"
)

// Message is one message to one recipient.
type Message struct {
	// Channel is ChannelSMS or ChannelEmail.
	Channel string
	// To is a Kazakhstan mobile number (any form kz.ParsePhone accepts)
	// for SMS, an e-mail address for e-mail.
	To string
	// Subject is used by e-mail (and kept by the outbox); SMS ignores it.
	Subject string
	// Body is plain text (UTF-8).
	Body string
	// Kind says what the message is (KindOTP, KindPasswordChanged, ...),
	// for logs and the outbox.
	Kind string
	// Expires is when a queued message is no longer worth sending (a
	// one-time password's expiry); zero means a day after it is queued.
	Expires time.Time
}

// Sender delivers messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to Sender (handy in tests of callers).
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f(ctx, m).
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// Errors of the senders; match them with errors.Is. Error texts never
// contain a message's subject or body.
var (
	// ErrInvalidMessage: unknown channel, empty recipient or body, or a
	// recipient that is not a valid number or address for its channel.
	ErrInvalidMessage = errors.New("notify: invalid message")
	// ErrChannelDisabled: the configuration has no sender for the channel.
	ErrChannelDisabled = errors.New("notify: channel not configured")
	// ErrRejected: the gateway or mail server refused the message for
	// good (an SMS gateway's 4xx other than 429, say); retrying the same
	// message will not help.
	ErrRejected = errors.New("notify: message rejected")
	// ErrUnavailable: the gateway or server could not be reached or kept
	// failing (network errors, 5xx, 429) after the retries.
	ErrUnavailable = errors.New("notify: delivery service unavailable")
	// ErrQueued: the message could not be delivered yet and waits in the
	// queue, which keeps trying (not a failure: the caller tells the
	// user it is "not sent yet").
	ErrQueued = errors.New("notify: message queued, not sent yet")
)

// check validates the parts of m every sender needs.
func (m Message) check() error {
	switch {
	case m.Channel != ChannelSMS && m.Channel != ChannelEmail:
		return fmt.Errorf("%w: unknown channel %q", ErrInvalidMessage, m.Channel)
	case strings.TrimSpace(m.To) == "":
		return fmt.Errorf("%w: no recipient", ErrInvalidMessage)
	case m.Body == "":
		return fmt.Errorf("%w: empty body", ErrInvalidMessage)
	}
	return nil
}

// deliveryError is what a sender returns when delivery failed: its text
// is safe to log (recipient masked, no message text) and it matches
// ErrRejected or ErrUnavailable (kind) and the underlying error (cause)
// with errors.Is and errors.As.
type deliveryError struct {
	kind  error
	text  string
	cause error
}

func (e *deliveryError) Error() string   { return e.kind.Error() + ": " + e.text }
func (e *deliveryError) Unwrap() []error { return []error{e.kind, e.cause} }

// redact replaces every form of the recipient in s with its mask (error
// texts of libraries and servers name the recipient in full).
func redact(s string, forms ...string) string {
	for _, f := range forms {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		mask := kz.MaskEmail(f)
		if !strings.Contains(f, "@") {
			mask = kz.MaskPhone(f)
		}
		s = strings.ReplaceAll(s, f, mask)
		s = strings.ReplaceAll(s, strings.ToLower(f), mask)
	}
	return s
}

// orDiscard is l, or a logger that drops everything when l is nil.
func orDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
