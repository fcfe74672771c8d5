package notify

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestNewDefaultIsOutbox(t *testing.T) {
	logger, logs := newTestLogger(t)
	s, err := New(Config{}, openDB(t), logger)
	if err != nil {
		t.Fatal(err)
	}
	o := OutboxOf(s)
	if o == nil {
		t.Fatal("default config has no outbox")
	}
	ctx := context.Background()
	if err := s.Send(ctx, Message{Channel: ChannelSMS, To: "77012345600", Body: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, Message{Channel: ChannelEmail, To: "a@b.kz", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, Message{Channel: "pigeon", To: "x", Body: "c"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("unknown channel: %v", err)
	}
	if got, _ := o.List(ctx, 10); len(got) != 2 {
		t.Errorf("outbox has %d messages, want 2", len(got))
	}
	if !strings.Contains(logs.String(), "outbox") {
		t.Errorf("no log line says the outbox is in use: %s", logs)
	}
	if _, err := New(Config{}, nil, nil); err == nil {
		t.Error("New with an outbox and no database succeeded")
	}
}

func TestNewChoosesConfiguredSenders(t *testing.T) {
	cfg := Config{
		SMTP:       SMTPConfig{Host: "127.0.0.1", From: "noreply@demo-fund.kz"},
		SMSGateway: SMSConfig{URL: "https://sms.example.kz/send", Token: "t"},
	}
	s, err := New(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := s.(*Router)
	if _, ok := r.Email.(*SMTP); !ok {
		t.Errorf("Email sender is %T", r.Email)
	}
	if _, ok := r.SMS.(*SMS); !ok {
		t.Errorf("SMS sender is %T", r.SMS)
	}
	if OutboxOf(s) != nil {
		t.Error("a configured service has an outbox")
	}

	// E-mail by SMTP, SMS off: no outbox, SMS refused.
	s, err = New(Config{SMS: ViaNone, SMTP: cfg.SMTP}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if OutboxOf(s) != nil {
		t.Error("outbox with SMS off")
	}
	if err := s.Send(context.Background(), Message{Channel: ChannelSMS, To: "77012345600", Body: "x"}); !errors.Is(err, ErrChannelDisabled) {
		t.Errorf("SMS off: %v", err)
	}

	// SMS by gateway, e-mail to the outbox.
	s, err = New(Config{SMSGateway: cfg.SMSGateway}, openDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.(*Router); r.Email != OutboxOf(s) || OutboxOf(s) == nil {
		t.Errorf("e-mail should go to the outbox: %T", r.Email)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	db := openDB(t)
	for name, cfg := range map[string]Config{
		"unknown email via":   {Email: "pigeon"},
		"unknown sms via":     {SMS: "smoke"},
		"smtp without host":   {Email: ViaSMTP},
		"smtp without from":   {SMTP: SMTPConfig{Host: "smtp.example.kz"}},
		"from with a name":    {SMTP: SMTPConfig{Host: "smtp.example.kz", From: "Fund <a@b.kz>"}},
		"plain smtp remote":   {SMTP: SMTPConfig{Host: "smtp.example.kz", From: "a@b.kz", Security: SecurityNone}},
		"unknown security":    {SMTP: SMTPConfig{Host: "smtp.example.kz", From: "a@b.kz", Security: "ssl3"}},
		"http without url":    {SMS: ViaHTTP},
		"plain http gateway":  {SMSGateway: SMSConfig{URL: "http://sms.example.kz/send"}},
		"gateway not a URL":   {SMSGateway: SMSConfig{URL: "sms.example.kz"}},
		"gateway bad scheme":  {SMSGateway: SMSConfig{URL: "ftp://sms.example.kz/"}},
		"sms via smtp":        {SMS: ViaSMTP},
		"email via http":      {Email: ViaHTTP},
		"smtp port too large": {SMTP: SMTPConfig{Host: "smtp.example.kz", From: "a@b.kz", Port: 70000}},
	} {
		if _, err := New(cfg, db, nil); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	// Plain SMTP and plain HTTP are fine on loopback.
	ok := Config{
		SMTP:       SMTPConfig{Host: "localhost", From: "a@b.kz", Security: SecurityNone},
		SMSGateway: SMSConfig{URL: "http://127.0.0.1:9/send"},
	}
	if _, err := New(ok, nil, nil); err != nil {
		t.Errorf("loopback config: %v", err)
	}
}

func TestRouterRoutesByChannel(t *testing.T) {
	var got []string
	rec := func(name string) Sender {
		return SenderFunc(func(_ context.Context, m Message) error {
			got = append(got, name+":"+m.To)
			return nil
		})
	}
	r := &Router{SMS: rec("sms"), Email: rec("email")}
	ctx := context.Background()
	_ = r.Send(ctx, Message{Channel: ChannelEmail, To: "a@b.kz", Body: "x"})
	_ = r.Send(ctx, Message{Channel: ChannelSMS, To: "77012345600", Body: "x"})
	if strings.Join(got, ",") != "email:a@b.kz,sms:77012345600" {
		t.Errorf("routed %v", got)
	}
	if (&Router{}).Outbox() != nil || OutboxOf(nil) != nil || OutboxOf(rec("x")) != nil {
		t.Error("Outbox of a router without outbox is not nil")
	}
}
