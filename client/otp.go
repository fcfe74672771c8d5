package client

import (
	"context"
	"net/http"
	"strings"

	"github.com/kabinet-kz/kabinet/api"
)

func withID(path, id string) string { return strings.Replace(path, "{id}", id, 1) }

// Register is step 1 of «Регистрация»: the service matches the details to
// the fund's records and sends a one-time password.
func (c *Client) Register(ctx context.Context, req api.RegistrationRequest) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathRegistration, &out)
	return out, err
}

// RegisterResend sends a new code for a registration request.
func (c *Client) RegisterResend(ctx context.Context, id string) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx), http.MethodPost, withID(api.PathRegResend, id), &out)
	return out, err
}

// RegisterConfirm is step 2: the code and the new password; on success the
// depositor is logged in.
func (c *Client) RegisterConfirm(ctx context.Context, id string, req api.ConfirmRequest) (api.Session, error) {
	var out api.Session
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, withID(api.PathRegConfirm, id), &out)
	if err == nil {
		c.SetToken(out.Token)
	}
	return out, err
}

// Captcha fetches a new «Я не робот» image.
func (c *Client) Captcha(ctx context.Context) (api.Captcha, error) {
	var out api.Captcha
	err := c.do(c.req(ctx), http.MethodGet, api.PathCaptcha, &out)
	return out, err
}

// PasswordReset starts «Забыли пароль?» with the IIN and the captcha
// answer, and returns the contacts to choose from.
func (c *Client) PasswordReset(ctx context.Context, req api.PasswordResetRequest) (api.PasswordReset, error) {
	var out api.PasswordReset
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathPasswordReset, &out)
	return out, err
}

// ResetSend sends the code to the chosen contact.
func (c *Client) ResetSend(ctx context.Context, id, contact string) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx).SetBody(api.SendRequest{Contact: contact}), http.MethodPost, withID(api.PathResetSend, id), &out)
	return out, err
}

// ResetResend sends a new code for a reset request.
func (c *Client) ResetResend(ctx context.Context, id string) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx), http.MethodPost, withID(api.PathResetResend, id), &out)
	return out, err
}

// ResetConfirm sets the new password with the code.
func (c *Client) ResetConfirm(ctx context.Context, id string, req api.ConfirmRequest) error {
	return c.do(c.req(ctx).SetBody(req), http.MethodPost, withID(api.PathResetConfirm, id), nil)
}

// ChangePassword changes the password of the logged-in depositor; the
// service ends all other sessions.
func (c *Client) ChangePassword(ctx context.Context, req api.ChangePasswordRequest) error {
	return c.do(c.req(ctx).SetBody(req), http.MethodPut, api.PathMePassword, nil)
}

// Outbox reads the demo service's message outbox.
func (c *Client) Outbox(ctx context.Context) (api.Outbox, error) {
	var out api.Outbox
	err := c.do(c.req(ctx), http.MethodGet, api.PathOutbox, &out)
	return out, err
}
