// Package client is the typed HTTP client of the Kabinet service (/api/v1),
// built on resty v2. It has no Fyne import. A Client talks either to a
// remote service over HTTPS (plain HTTP only on loopback) or to a service
// handler in the same process, through a RoundTripper that opens no socket.
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/kabinet-kz/kabinet/api"
)

// DefaultTimeout bounds every call unless the context is shorter.
const DefaultTimeout = 20 * time.Second

// Client is safe for concurrent use.
type Client struct {
	r *resty.Client

	mu    sync.RWMutex
	token string
	// onUnauthorized, when set, runs when an authenticated call gets 401
	// (the session has expired on the service).
	onUnauthorized func()
}

// Option configures a Client.
type Option func(*Client)

// WithTimeout sets the per-request timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.r.SetTimeout(d) }
}

// WithRetries sets how many times a GET (or a request with an
// Idempotency-Key) is retried after a network error or a 5xx/429 answer.
func WithRetries(n int) Option {
	return func(c *Client) { c.r.SetRetryCount(n) }
}

// ErrInsecureURL is returned by New for http:// URLs of non-loopback hosts.
var ErrInsecureURL = errors.New("client: a remote service must use https (plain http is allowed on loopback only)")

// New returns a client of the remote service at baseURL, e.g.
// "https://cabinet.example.org". Plain http is refused unless the host is
// a loopback address or "localhost".
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("client: bad service URL %q", baseURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, ErrInsecureURL
		}
	default:
		return nil, fmt.Errorf("client: bad service URL scheme %q", u.Scheme)
	}
	return newClient(u.String(), opts...), nil
}

// NewInProcess returns a client that calls h directly in this process: no
// port is opened, nothing another local user could reach.
func NewInProcess(h http.Handler, opts ...Option) *Client {
	c := newClient("http://kabinet.inprocess")
	c.r.SetTransport(&handlerTransport{h: h})
	for _, o := range opts {
		o(c)
	}
	return c
}

// IsLoopback tells whether host (no port) is a loopback name or address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func newClient(base string, opts ...Option) *Client {
	r := resty.New().
		SetBaseURL(base).
		SetTimeout(DefaultTimeout).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "Kabinet/1").
		SetRetryCount(2).
		SetRetryWaitTime(300 * time.Millisecond).
		SetRetryMaxWaitTime(2 * time.Second)
	// resty v2 retries POST as well when a condition matches: retry only
	// safe requests and those carrying an idempotency key.
	r.AddRetryCondition(func(resp *resty.Response, err error) bool {
		var req *http.Request
		if resp != nil && resp.Request != nil {
			req = resp.Request.RawRequest
		}
		if req == nil {
			return false
		}
		if req.Method != http.MethodGet && req.Header.Get("Idempotency-Key") == "" {
			return false
		}
		if err != nil {
			return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
		}
		return resp.StatusCode() >= 500 || resp.StatusCode() == http.StatusTooManyRequests
	})
	c := &Client{r: r}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SetToken sets (or, with "", clears) the session token.
func (c *Client) SetToken(t string) {
	c.mu.Lock()
	c.token = t
	c.mu.Unlock()
}

// Token is the current session token ("" when logged out).
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// OnUnauthorized sets a callback run when an authenticated call gets
// 401 unauthorized (the session has expired on the service).
func (c *Client) OnUnauthorized(f func()) {
	c.mu.Lock()
	c.onUnauthorized = f
	c.mu.Unlock()
}

func (c *Client) req(ctx context.Context) *resty.Request {
	r := c.r.R().SetContext(ctx).SetError(&api.Problem{})
	if t := c.Token(); t != "" {
		r.SetAuthToken(t)
	}
	return r
}

// do runs a request and maps every failure to a typed error.
func (c *Client) do(r *resty.Request, method, path string, out any) error {
	if out != nil {
		r.SetResult(out)
	}
	_, err := c.execute(r, method, path)
	return err
}

// execute runs a request and returns its answer when successful; a
// transport failure or a problem answer becomes a typed error (and a 401
// of an authenticated call is reported to onUnauthorized).
func (c *Client) execute(r *resty.Request, method, path string) (*resty.Response, error) {
	resp, err := r.Execute(method, path)
	if err != nil {
		return nil, transportError(r.Context(), err)
	}
	if resp.IsSuccess() {
		return resp, nil
	}
	p, _ := resp.Error().(*api.Problem)
	if p == nil || p.Code == "" {
		p = &api.Problem{Status: resp.StatusCode(), Code: codeForStatus(resp.StatusCode()), Title: http.StatusText(resp.StatusCode())}
	}
	if p.Status == 0 {
		p.Status = resp.StatusCode()
	}
	if p.RetryAfterSeconds == 0 {
		if s := resp.Header().Get("Retry-After"); s != "" {
			fmt.Sscanf(s, "%d", &p.RetryAfterSeconds)
		}
	}
	e := &Error{Status: resp.StatusCode(), Problem: *p}
	if e.Problem.Code == api.CodeUnauthorized && r.RawRequest != nil && r.RawRequest.Header.Get("Authorization") != "" {
		c.mu.RLock()
		f := c.onUnauthorized
		c.mu.RUnlock()
		if f != nil {
			f()
		}
	}
	return nil, e
}

func codeForStatus(s int) string {
	switch {
	case s == http.StatusUnauthorized:
		return api.CodeUnauthorized
	case s == http.StatusForbidden:
		return api.CodeForbidden
	case s == http.StatusNotFound:
		return api.CodeNotFound
	case s == http.StatusTooManyRequests:
		return api.CodeRateLimited
	case s >= 500:
		return api.CodeInternal
	}
	return api.CodeBadRequest
}

// Info is GET /api/v1/info.
func (c *Client) Info(ctx context.Context) (api.Info, error) {
	var out api.Info
	err := c.do(c.req(ctx), http.MethodGet, api.PathInfo, &out)
	return out, err
}

// Health is GET /healthz.
func (c *Client) Health(ctx context.Context) error {
	return c.do(c.req(ctx), http.MethodGet, api.PathHealthz, nil)
}

// Login signs in by IIN and password; on success the token is kept for
// later calls. When the person has the second login step on, the error
// is a *SecondStepRequired with its challenge (see SecondStep).
func (c *Client) Login(ctx context.Context, iin, password string) (api.Session, error) {
	return c.loginOrSecondStep(c.req(ctx).SetBody(api.LoginRequest{IIN: iin, Password: password}), api.PathLogin)
}

// EndSession ends the session of token on the service: a login that
// succeeded after the user had left its screen. The client forgets the
// token only if it is still the current one, so a newer session stays;
// a 401 (already over) is no error and is not reported as the current
// session expiring.
func (c *Client) EndSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	c.mu.Lock()
	if c.token == token {
		c.token = ""
	}
	c.mu.Unlock()
	resp, err := c.r.R().SetContext(ctx).SetAuthToken(token).Post(api.PathLogout)
	if err != nil {
		return transportError(ctx, err)
	}
	if resp.IsError() && resp.StatusCode() != http.StatusUnauthorized {
		return &Error{Status: resp.StatusCode(), Problem: api.Problem{Status: resp.StatusCode(), Code: codeForStatus(resp.StatusCode())}}
	}
	return nil
}

// Logout ends the session on the service and forgets the token, even when
// the service cannot be reached.
func (c *Client) Logout(ctx context.Context) error {
	if c.Token() == "" {
		return nil
	}
	err := c.do(c.req(ctx), http.MethodPost, api.PathLogout, nil)
	c.SetToken("")
	if IsCode(err, api.CodeUnauthorized) {
		return nil
	}
	return err
}

// Me is GET /api/v1/me.
func (c *Client) Me(ctx context.Context) (api.Me, error) {
	var out api.Me
	err := c.do(c.req(ctx), http.MethodGet, api.PathMe, &out)
	return out, err
}

// Accounts is GET /api/v1/accounts.
func (c *Client) Accounts(ctx context.Context) (api.Accounts, error) {
	var out api.Accounts
	err := c.do(c.req(ctx), http.MethodGet, api.PathAccounts, &out)
	return out, err
}

// EDSChallenge asks the service for a nonce to sign with the AUTH key.
func (c *Client) EDSChallenge(ctx context.Context) (api.EDSChallenge, error) {
	var out api.EDSChallenge
	err := c.do(c.req(ctx), http.MethodPost, api.PathEDSChallenge, &out)
	return out, err
}

// EDSLogin signs in with a CMS over the challenge's nonce; on success the
// token is kept for later calls.
func (c *Client) EDSLogin(ctx context.Context, challengeID string, cms []byte) (api.Session, error) {
	var out api.Session
	err := c.do(c.req(ctx).SetBody(api.EDSLoginRequest{ChallengeID: challengeID, CMS: cms}), http.MethodPost, api.PathEDSLogin, &out)
	if err == nil {
		c.SetToken(out.Token)
	}
	return out, err
}
