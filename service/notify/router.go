package notify

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// Ways a channel can go (Config.Email, Config.SMS).
const (
	// ViaOutbox stores the channel's messages in the demo outbox.
	ViaOutbox = "outbox"
	// ViaSMTP sends e-mail through Config.SMTP.
	ViaSMTP = "smtp"
	// ViaHTTP sends SMS through the gateway of Config.SMSGateway.
	ViaHTTP = "http"
	// ViaNone turns the channel off: Send answers ErrChannelDisabled.
	ViaNone = "none"
)

// Config chooses the senders of the service.
//
// The zero Config is the bundled demo service's: both channels go to the
// outbox. A service for real depositors sets SMTP.Host and/or
// SMSGateway.URL, and says ViaNone for a channel it cannot deliver, so
// that no code ever lands in an outbox.
type Config struct {
	// Email is ViaOutbox, ViaSMTP or ViaNone; empty means ViaSMTP when
	// SMTP.Host is set, else ViaOutbox.
	Email string
	// SMS is ViaOutbox, ViaHTTP or ViaNone; empty means ViaHTTP when
	// SMSGateway.URL is set, else ViaOutbox.
	SMS string

	SMTP       SMTPConfig
	SMSGateway SMSConfig

	// Now stamps outbox messages; nil means time.Now.
	Now func() time.Time
	// OutboxRetention bounds what the outbox keeps (zero value: the
	// messages of the last DefaultOutboxKeep, at most DefaultOutboxMax).
	OutboxRetention Retention
}

// New builds the service's sender from cfg: a *Router whose channels go
// where cfg says. db (a modernc.org/sqlite database) is needed only when
// a channel goes to the outbox; its table is created then. logger may be
// nil. Use OutboxOf on the result to find the outbox (for the demo
// outbox route), if any.
func New(cfg Config, db *sql.DB, logger *slog.Logger) (Sender, error) {
	logger = orDiscard(logger)
	email, sms := cfg.Email, cfg.SMS
	if email == "" {
		email = ViaOutbox
		if cfg.SMTP.Host != "" {
			email = ViaSMTP
		}
	}
	if sms == "" {
		sms = ViaOutbox
		if cfg.SMSGateway.URL != "" {
			sms = ViaHTTP
		}
	}

	var outbox *Outbox
	if email == ViaOutbox || sms == ViaOutbox {
		var err error
		if outbox, err = NewOutboxRetaining(context.Background(), db, cfg.Now, cfg.OutboxRetention); err != nil {
			return nil, err
		}
	}

	r := &Router{}
	switch email {
	case ViaOutbox:
		r.Email = outbox
	case ViaSMTP:
		s, err := NewSMTP(cfg.SMTP, logger)
		if err != nil {
			return nil, err
		}
		r.Email = s
	case ViaNone:
	default:
		return nil, fmt.Errorf("notify: e-mail via %q: want %q, %q or %q", email, ViaOutbox, ViaSMTP, ViaNone)
	}
	switch sms {
	case ViaOutbox:
		r.SMS = outbox
	case ViaHTTP:
		s, err := NewSMS(cfg.SMSGateway, logger)
		if err != nil {
			return nil, err
		}
		r.SMS = s
	case ViaNone:
	default:
		return nil, fmt.Errorf("notify: SMS via %q: want %q, %q or %q", sms, ViaOutbox, ViaHTTP, ViaNone)
	}
	logger.Info("notify: senders", "email", email, "sms", sms)
	if outbox != nil {
		logger.Info("notify: demo outbox in use: one-time passwords are stored readable, for the demo outbox window")
	}
	return r, nil
}

// Router sends each message with the sender of its channel. A nil
// sender means the channel is off (ErrChannelDisabled).
type Router struct {
	SMS   Sender
	Email Sender
}

// Send routes m by m.Channel.
func (r *Router) Send(ctx context.Context, m Message) error {
	var s Sender
	switch m.Channel {
	case ChannelSMS:
		s = r.SMS
	case ChannelEmail:
		s = r.Email
	default:
		return m.check()
	}
	if s == nil {
		return fmt.Errorf("%w: %s", ErrChannelDisabled, m.Channel)
	}
	return s.Send(ctx, m)
}

// Outbox is the outbox one of the channels goes to, or nil.
func (r *Router) Outbox() *Outbox {
	for _, s := range []Sender{r.SMS, r.Email} {
		if o, ok := s.(*Outbox); ok && o != nil {
			return o
		}
	}
	return nil
}

// OutboxOf is the demo outbox behind s: s itself when it is an *Outbox,
// the Router's outbox when it is a *Router, else nil. The service offers
// the demo outbox route only when this is not nil.
func OutboxOf(s Sender) *Outbox {
	switch v := s.(type) {
	case *Outbox:
		return v
	case *Router:
		if v != nil {
			return v.Outbox()
		}
	}
	return nil
}
