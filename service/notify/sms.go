package notify

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/sethvargo/go-retry"

	"github.com/kabinet-kz/kabinet/kz"
)

// Defaults of SMSConfig.
const (
	DefaultSMSTimeout    = 10 * time.Second
	DefaultSMSRetries    = 3
	DefaultSMSBackoff    = 500 * time.Millisecond
	DefaultSMSMaxBackoff = 10 * time.Second
)

// SMSConfig configures the SMS gateway sender.
type SMSConfig struct {
	// URL is the gateway's endpoint (required): https, or http on a
	// loopback host only (the bearer token must not cross a network in
	// clear).
	URL string
	// Token is sent as "Authorization: Bearer <Token>".
	Token string
	// Timeout bounds one attempt (request and response); 0 means
	// DefaultSMSTimeout.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt (network error, 5xx
	// or 429) is retried; 0 means DefaultSMSRetries, a negative number no
	// retries. Other answers (4xx) are never retried.
	MaxRetries int
	// Backoff is the wait before the first retry; it doubles on each
	// retry, with ±20% jitter, up to MaxBackoff. A Retry-After header (in
	// seconds) lengthens a wait, up to MaxBackoff too. Zero values mean
	// DefaultSMSBackoff and DefaultSMSMaxBackoff.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Client is the HTTP client; nil means a client of this package's
	// own (redirects not followed).
	Client *http.Client

	// The request, configurable so that a provider's API fits without
	// code. Method is the HTTP method (default POST). Headers are added
	// to every request ("X-Api-Key: ..." of a provider). BodyTemplate is
	// a text/template of the body with .To (11 digits, 77011234567),
	// .Text (the message) and .ID (a random id, the same on every retry);
	// the functions json (a JSON string, quotes included) and urlquery
	// escape them. Empty means {"to": ..., "text": ...}. ContentType is
	// the body's type (default application/json; charset=utf-8). The URL
	// may be a template too (a GET provider: ...?to={{urlquery .To}}).
	Method       string
	Headers      map[string]string
	BodyTemplate string
	ContentType  string
}

// SMS sends SMS messages through an HTTP gateway: a JSON POST of
// {"to": "77012345600", "text": "..."} with a bearer token, any 2xx
// meaning accepted. Each message carries an Idempotency-Key header,
// the same on every retry, so that a gateway that supports it does not
// send a message twice. Logs show the recipient masked (7701*****00),
// never the text. It is safe for concurrent use.
type SMS struct {
	url        string
	urlTmpl    *template.Template
	bodyTmpl   *template.Template
	method     string
	headers    map[string]string
	ctype      string
	host       string
	token      string
	timeout    time.Duration
	retries    int
	backoff    time.Duration
	maxBackoff time.Duration
	client     *http.Client
	log        *slog.Logger
}

// NewSMS checks cfg and returns the SMS sender. logger may be nil.
func NewSMS(cfg SMSConfig, logger *slog.Logger) (*SMS, error) {
	var urlTmpl, bodyTmpl *template.Template
	rawURL := cfg.URL
	if strings.Contains(cfg.URL, "{{") {
		t, err := template.New("url").Funcs(smsFuncs).Parse(cfg.URL)
		if err != nil {
			return nil, fmt.Errorf("notify: sms: URL template: %w", err)
		}
		urlTmpl = t
		rawURL = cfg.URL[:strings.Index(cfg.URL, "{{")]
	}
	if cfg.BodyTemplate != "" {
		t, err := template.New("body").Funcs(smsFuncs).Parse(cfg.BodyTemplate)
		if err != nil {
			return nil, fmt.Errorf("notify: sms: body template: %w", err)
		}
		bodyTmpl = t
	}
	method := strings.ToUpper(cmp.Or(cfg.Method, http.MethodPost))
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodGet, http.MethodPatch:
	default:
		return nil, fmt.Errorf("notify: sms: method %q: want POST, PUT, PATCH or GET", cfg.Method)
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, errors.New("notify: sms: gateway URL must be an absolute http(s) URL")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("notify: sms: gateway URL must be https (http only on a loopback host, not %q)", u.Hostname())
	}
	s := &SMS{
		url:        cfg.URL,
		urlTmpl:    urlTmpl,
		bodyTmpl:   bodyTmpl,
		method:     method,
		headers:    cfg.Headers,
		ctype:      cmp.Or(cfg.ContentType, "application/json; charset=utf-8"),
		host:       u.Host,
		token:      cfg.Token,
		timeout:    cfg.Timeout,
		retries:    cfg.MaxRetries,
		backoff:    cfg.Backoff,
		maxBackoff: cfg.MaxBackoff,
		client:     cfg.Client,
		log:        orDiscard(logger),
	}
	if s.timeout <= 0 {
		s.timeout = DefaultSMSTimeout
	}
	switch {
	case s.retries == 0:
		s.retries = DefaultSMSRetries
	case s.retries < 0:
		s.retries = 0
	}
	if s.backoff <= 0 {
		s.backoff = DefaultSMSBackoff
	}
	if s.maxBackoff <= 0 {
		s.maxBackoff = DefaultSMSMaxBackoff
	}
	s.maxBackoff = max(s.maxBackoff, s.backoff)
	if s.client == nil {
		s.client = &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return s, nil
}

// smsRequest is the gateway's JSON body.
type smsRequest struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

// Send delivers an SMS (Channel must be ChannelSMS; To a Kazakhstan
// mobile number in any form kz.ParsePhone accepts, sent as 11 digits).
// It retries transient failures as SMSConfig says; a refusal (4xx but
// 429) gives ErrRejected, failures that outlast the retries
// ErrUnavailable, a cancelled ctx ErrUnavailable and ctx's error.
func (s *SMS) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	if m.Channel != ChannelSMS {
		return fmt.Errorf("%w: sms gateway sends SMS, not %q", ErrInvalidMessage, m.Channel)
	}
	phone, err := kz.ParsePhone(m.To)
	if err != nil {
		return fmt.Errorf("%w: recipient is not a Kazakhstan mobile number", ErrInvalidMessage)
	}
	key := rand.Text()
	target, payload, err := s.request(phone.String(), m.Body, key)
	if err != nil {
		return err
	}
	log := s.log.With("channel", ChannelSMS, "to", kz.MaskPhone(phone.String()), "kind", m.Kind, "gateway", s.host)

	// retryAfter is set by an attempt and read by the backoff right
	// after it, on this goroutine (go-retry calls them in turn).
	var retryAfter time.Duration
	var b retry.Backoff = retry.NewExponential(s.backoff)
	b = retry.WithJitterPercent(20, b)
	b = retry.WithCappedDuration(s.maxBackoff, b)
	b = retry.WithMaxRetries(uint64(s.retries), b)
	wait := retry.BackoffFunc(func() (time.Duration, bool) {
		d, stop := b.Next()
		if !stop && retryAfter > d {
			d = min(retryAfter, s.maxBackoff)
		}
		retryAfter = 0
		return d, stop
	})

	attempts := 0
	start := time.Now()
	err = retry.Do(ctx, wait, func(ctx context.Context) error {
		attempts++
		status, ra, err := s.post(ctx, target, payload, key)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil { // cancelled by the caller: stop at once
			log.Warn("notify: SMS attempt failed", "attempt", attempts, "err", context.Cause(ctx).Error())
			return &deliveryError{kind: ErrUnavailable, text: "sms gateway: " + context.Cause(ctx).Error(), cause: context.Cause(ctx)}
		}
		log.Warn("notify: SMS attempt failed", "attempt", attempts, "status", status, "err", err.Error())
		if status != 0 && status != http.StatusTooManyRequests && status < 500 {
			return &deliveryError{kind: ErrRejected, text: "sms gateway: " + err.Error(), cause: err}
		}
		retryAfter = ra
		return retry.RetryableError(&deliveryError{
			kind:  ErrUnavailable,
			text:  fmt.Sprintf("sms gateway: %d attempt(s), last: %s", attempts, err.Error()),
			cause: err,
		})
	})
	if err == nil {
		log.Info("notify: SMS sent", "attempts", attempts, "took", time.Since(start))
		return nil
	}
	if de := (*deliveryError)(nil); !errors.As(err, &de) {
		// go-retry gives the context's error when it ends a wait.
		err = &deliveryError{kind: ErrUnavailable, text: "sms gateway: " + err.Error(), cause: err}
	}
	log.Error("notify: SMS not sent", "attempts", attempts, "took", time.Since(start), "err", err.Error())
	return err
}

// post makes one attempt. It returns the HTTP status (0 when there was no
// answer), the Retry-After wait if the gateway asked for one, and an
// error for anything but a 2xx. Errors never hold the request's or the
// response's body, nor the URL (which might carry a key).
func (s *SMS) post(ctx context.Context, target string, payload []byte, key string) (status int, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var body io.Reader
	if s.method != http.MethodGet {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, s.method, target, body)
	if err != nil {
		return 0, 0, errors.New("bad request")
	}
	if body != nil {
		req.Header.Set("Content-Type", s.ctype)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", key)
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	for k, v := range s.headers {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return 0, 0, err
	}
	defer resp.Body.Close()
	// Drain a little so that the connection can be reused; never log it.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, 0, nil
	}
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		retryAfter = time.Duration(secs) * time.Second
	}
	return resp.StatusCode, retryAfter, fmt.Errorf("HTTP %d", resp.StatusCode)
}

// smsFuncs are the functions of the URL and body templates.
var smsFuncs = template.FuncMap{
	"json": func(v string) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

// smsTemplateData is what the templates see.
type smsTemplateData struct {
	To, Text, ID string
}

// request is the URL and body of a message to phone (11 digits).
// Errors never hold the text.
func (s *SMS) request(phone, text, id string) (string, []byte, error) {
	d := smsTemplateData{To: phone, Text: text, ID: id}
	target := s.url
	if s.urlTmpl != nil {
		var b strings.Builder
		if err := s.urlTmpl.Execute(&b, d); err != nil {
			return "", nil, errors.New("notify: sms: the URL template failed")
		}
		target = b.String()
	}
	if s.bodyTmpl == nil {
		payload, err := json.Marshal(smsRequest{To: phone, Text: text})
		if err != nil {
			return "", nil, fmt.Errorf("notify: sms: %w", err)
		}
		return target, payload, nil
	}
	var b bytes.Buffer
	if err := s.bodyTmpl.Execute(&b, d); err != nil {
		return "", nil, errors.New("notify: sms: the body template failed")
	}
	return target, b.Bytes(), nil
}
