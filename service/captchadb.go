package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/service/captcha"
	"github.com/kabinet-kz/kabinet/service/store"
)

// captchaSecretName is the meta secret the answers' hashes are keyed with.
const captchaSecretName = "captcha"

// dbCaptcha is the CaptchaStore of a service: the captchas wait for their
// answer in the database (table captchas: the SHA-256 of the id and an
// HMAC of the answer, never the answer), so that a captcha fetched from
// one instance behind a load balancer is answered on another. Any
// attempt deletes the row: a captcha is answered once across instances.
type dbCaptcha struct {
	st  *store.Store
	ttl time.Duration
	// draw makes an answer and its image (nil: captcha.Draw).
	draw func() (string, []byte, error)

	mu  sync.Mutex
	key []byte
}

func (c *dbCaptcha) secret(ctx context.Context) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == nil {
		k, err := c.st.Secret(ctx, captchaSecretName, 32)
		if err != nil {
			return nil, err
		}
		c.key = k
	}
	return c.key, nil
}

func captchaIDHash(id string) []byte {
	sum := sha256.Sum256([]byte(id))
	return sum[:]
}

// NewContext makes a captcha at now and keeps its answer's hash.
func (c *dbCaptcha) NewContext(ctx context.Context, now time.Time) (string, []byte, error) {
	key, err := c.secret(ctx)
	if err != nil {
		return "", nil, err
	}
	draw := c.draw
	if draw == nil {
		draw = captcha.Draw
	}
	answer, png, err := draw()
	if err != nil {
		return "", nil, err
	}
	id := rand.Text()
	if err := c.st.PutCaptcha(ctx, captchaIDHash(id), captcha.Sum(key, id, answer), now.Add(c.ttl), now); err != nil {
		return "", nil, err
	}
	return id, png, nil
}

// VerifyContext consumes captcha id and tells whether answer is its
// answer, given before it expired.
func (c *dbCaptcha) VerifyContext(ctx context.Context, id, answer string, now time.Time) (bool, error) {
	key, err := c.secret(ctx)
	if err != nil {
		return false, err
	}
	sum, expires, err := c.st.TakeCaptcha(ctx, captchaIDHash(id))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	match := hmac.Equal(sum, captcha.Sum(key, id, captcha.Normalize(answer)))
	return match && now.Before(expires), nil
}

// New and Verify make dbCaptcha a CaptchaStore; the handlers call the
// Context forms (see newCaptcha and verifyCaptcha).
func (c *dbCaptcha) New(now time.Time) (string, []byte, error) {
	return c.NewContext(context.Background(), now)
}

func (c *dbCaptcha) Verify(id, answer string, now time.Time) bool {
	ok, err := c.VerifyContext(context.Background(), id, answer, now)
	return ok && err == nil
}

// contextCaptcha is a CaptchaStore that takes the request's context and
// reports its errors.
type contextCaptcha interface {
	NewContext(ctx context.Context, now time.Time) (string, []byte, error)
	VerifyContext(ctx context.Context, id, answer string, now time.Time) (bool, error)
}

func (s *server) newCaptcha(ctx context.Context, now time.Time) (string, []byte, error) {
	if c, ok := s.captcha.(contextCaptcha); ok {
		return c.NewContext(ctx, now)
	}
	return s.captcha.New(now)
}

func (s *server) verifyCaptcha(ctx context.Context, id, answer string, now time.Time) (bool, error) {
	if c, ok := s.captcha.(contextCaptcha); ok {
		return c.VerifyContext(ctx, id, answer, now)
	}
	return s.captcha.Verify(id, answer, now), nil
}

// sharedLimiter is a token bucket per client address kept in the
// database (table rate_buckets), so that a limit holds across every
// instance: the budget of one-time-password codes (each costs an SMS).
type sharedLimiter struct {
	st        *store.Store
	kind      string
	perSecond float64
	burst     int
}

func (l sharedLimiter) allow(ctx context.Context, client string, now time.Time) (bool, time.Duration, error) {
	return l.st.TakeToken(ctx, l.kind, client, l.perSecond, l.burst, now)
}
