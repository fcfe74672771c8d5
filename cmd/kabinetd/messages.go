package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/kabinet-kz/kabinet/service/notify"
)

// messageOptions are the flags of the message channels: SMTP for e-mail,
// an HTTPS gateway for SMS. Every one has an environment variable.
type messageOptions struct {
	smtpAddr, smtpFrom, smtpFromName, smtpUser, smtpPasswordFile, smtpTLS string

	smsURL, smsMethod, smsBodyTemplate, smsContentType, smsTokenFile string
	smsHeaders                                                       stringsFlag
}

func (m *messageOptions) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&m.smtpAddr, "smtp-addr", getenv("KABINETD_SMTP_ADDR"),
		"`host:port` of the SMTP server that sends one-time passwords by e-mail; env KABINETD_SMTP_ADDR")
	fs.StringVar(&m.smtpFrom, "smtp-from", getenv("KABINETD_SMTP_FROM"), "sender `address` of the e-mail; env KABINETD_SMTP_FROM")
	fs.StringVar(&m.smtpFromName, "smtp-from-name", getenv("KABINETD_SMTP_FROM_NAME"),
		"display `name` of the sender (default the fund's name); env KABINETD_SMTP_FROM_NAME")
	fs.StringVar(&m.smtpUser, "smtp-user", getenv("KABINETD_SMTP_USER"),
		"SMTP `user`; the password comes from --smtp-password-file or KABINETD_SMTP_PASSWORD; env KABINETD_SMTP_USER")
	fs.StringVar(&m.smtpPasswordFile, "smtp-password-file", getenv("KABINETD_SMTP_PASSWORD_FILE"),
		"`file` holding the SMTP password (first line); env KABINETD_SMTP_PASSWORD_FILE")
	fs.StringVar(&m.smtpTLS, "smtp-tls", envOr(getenv, "KABINETD_SMTP_TLS", notify.SecuritySTARTTLS),
		"`mode`: starttls, tls (implicit, port 465) or none (a loopback server only); env KABINETD_SMTP_TLS")
	fs.StringVar(&m.smsURL, "sms-url", getenv("KABINETD_SMS_URL"),
		"`URL` of the SMS gateway (https; may hold {{urlquery .To}} and {{urlquery .Text}}); env KABINETD_SMS_URL")
	fs.StringVar(&m.smsMethod, "sms-method", envOr(getenv, "KABINETD_SMS_METHOD", "POST"),
		"HTTP `method` of the gateway's request; env KABINETD_SMS_METHOD")
	fs.Var(&m.smsHeaders, "sms-header", "`Name: value` header of the gateway's request; repeatable "+
		"(env KABINETD_SMS_HEADERS, one a line)")
	fs.StringVar(&m.smsBodyTemplate, "sms-body-template", getenv("KABINETD_SMS_BODY_TEMPLATE"),
		"Go `template` of the request body with .To (77011234567), .Text and .ID, functions json and urlquery; "+
			"@FILE reads it from FILE (default {\"to\":...,\"text\":...}); env KABINETD_SMS_BODY_TEMPLATE")
	fs.StringVar(&m.smsContentType, "sms-content-type", getenv("KABINETD_SMS_CONTENT_TYPE"),
		"`type` of the request body (default application/json; charset=utf-8); env KABINETD_SMS_CONTENT_TYPE")
	fs.StringVar(&m.smsTokenFile, "sms-token-file", getenv("KABINETD_SMS_TOKEN_FILE"),
		"`file` holding a bearer token for the gateway (or env KABINETD_SMS_TOKEN); env KABINETD_SMS_TOKEN_FILE")
}

// config is the notify.Config of the options; secrets are read from
// their files or the environment here, never taken on the command line.
func (m *messageOptions) config(getenv func(string) string, fundName string) (notify.Config, error) {
	var c notify.Config
	if m.smtpAddr != "" {
		host, port, err := net.SplitHostPort(m.smtpAddr)
		if err != nil {
			return c, fmt.Errorf("--smtp-addr %q: want host:port", m.smtpAddr)
		}
		p, err := strconv.Atoi(port)
		if err != nil || p <= 0 || p > 65535 {
			return c, fmt.Errorf("--smtp-addr %q: bad port", m.smtpAddr)
		}
		if m.smtpFrom == "" {
			return c, errors.New("--smtp-addr needs --smtp-from")
		}
		pw, err := secret(getenv, m.smtpPasswordFile, "KABINETD_SMTP_PASSWORD")
		if err != nil {
			return c, fmt.Errorf("SMTP password: %w", err)
		}
		if m.smtpUser == "" && pw != "" {
			return c, errors.New("an SMTP password without --smtp-user")
		}
		c.SMTP = notify.SMTPConfig{Host: host, Port: p, Security: m.smtpTLS, Username: m.smtpUser, Password: pw,
			From: m.smtpFrom, FromName: m.smtpFromName}
		if c.SMTP.FromName == "" {
			c.SMTP.FromName = fundName
		}
		// Checked now, so that a bad setting stops the start.
		if _, err := notify.NewSMTP(c.SMTP, nil); err != nil {
			return c, err
		}
	}
	if m.smsURL != "" {
		tok, err := secret(getenv, m.smsTokenFile, "KABINETD_SMS_TOKEN")
		if err != nil {
			return c, fmt.Errorf("SMS gateway token: %w", err)
		}
		headers := map[string]string{}
		lines := append([]string(nil), m.smsHeaders...)
		if len(lines) == 0 {
			lines = strings.Split(getenv("KABINETD_SMS_HEADERS"), "\n")
		}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			k, v, ok := strings.Cut(l, ":")
			if !ok || strings.TrimSpace(k) == "" {
				return c, fmt.Errorf("--sms-header %q: want \"Name: value\"", strings.TrimSpace(k))
			}
			headers[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		body := m.smsBodyTemplate
		if f, ok := strings.CutPrefix(body, "@"); ok {
			b, err := os.ReadFile(f)
			if err != nil {
				return c, fmt.Errorf("--sms-body-template: %w", err)
			}
			body = string(b)
		}
		c.SMSGateway = notify.SMSConfig{URL: m.smsURL, Token: tok, Method: m.smsMethod, Headers: headers,
			BodyTemplate: body, ContentType: m.smsContentType}
		if _, err := notify.NewSMS(c.SMSGateway, nil); err != nil {
			return c, err
		}
	}
	return c, nil
}

// secret is the first line of file, else the environment variable env.
func secret(getenv func(string) string, file, env string) (string, error) {
	if file == "" {
		return getenv(env), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(line, "\r"), nil
}
