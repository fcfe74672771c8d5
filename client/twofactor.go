package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/go-resty/resty/v2"

	"github.com/kabinet-kz/kabinet/api"
)

// SecondStepRequired is the error of Login when the password was right
// and the person has the second login step on (202 Accepted): no session
// yet; the code goes to SecondStep with Challenge.ID.
type SecondStepRequired struct {
	Challenge api.OTPChallenge
}

func (e *SecondStepRequired) Error() string {
	return "service: the second login step is needed (" + e.Challenge.Channel + ")"
}

// AsSecondStep returns the challenge of a *SecondStepRequired err.
func AsSecondStep(err error) (api.OTPChallenge, bool) {
	var e *SecondStepRequired
	if errors.As(err, &e) {
		return e.Challenge, true
	}
	return api.OTPChallenge{}, false
}

// loginOrSecondStep posts a login: 200 is a session (kept), 202 a
// *SecondStepRequired.
func (c *Client) loginOrSecondStep(r *resty.Request, path string) (api.Session, error) {
	resp, err := c.execute(r, http.MethodPost, path)
	if err != nil {
		return api.Session{}, err
	}
	if resp.StatusCode() == http.StatusAccepted {
		var ch api.OTPChallenge
		if err := json.Unmarshal(resp.Body(), &ch); err != nil || ch.ID == "" {
			return api.Session{}, fmt.Errorf("client: a second-step answer without a challenge: %v", err)
		}
		return api.Session{}, &SecondStepRequired{Challenge: ch}
	}
	var out api.Session
	if err := json.Unmarshal(resp.Body(), &out); err != nil || out.Token == "" {
		return api.Session{}, fmt.Errorf("client: a login answer without a session: %v", err)
	}
	c.SetToken(out.Token)
	return out, nil
}

// SecondStep sends the code of the login's second step (challenge id);
// on success the session's token is kept.
func (c *Client) SecondStep(ctx context.Context, id, code string) (api.Session, error) {
	return c.loginOrSecondStep(c.req(ctx).SetBody(api.SecondStepRequest{Code: code}), withID(api.PathSecondStep, id))
}

// SecondStepRecovery is SecondStep with a recovery code instead.
func (c *Client) SecondStepRecovery(ctx context.Context, id, recoveryCode string) (api.Session, error) {
	return c.loginOrSecondStep(c.req(ctx).SetBody(api.SecondStepRequest{RecoveryCode: recoveryCode}), withID(api.PathSecondStep, id))
}

// SecondStepResend asks for a new code of the login's second step.
func (c *Client) SecondStepResend(ctx context.Context, id string) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx), http.MethodPost, withID(api.PathSecondStepResend, id), &out)
	return out, err
}

// TwoFactor is the state of the logged-in person's second login step.
func (c *Client) TwoFactor(ctx context.Context) (api.TwoFactorStatus, error) {
	var out api.TwoFactorStatus
	err := c.do(c.req(ctx), http.MethodGet, api.PathTwoFactor, &out)
	return out, err
}

// TwoFactorSetup starts turning the second step on (or changing it) with
// method and the password ("" shortly after a login by EDS).
func (c *Client) TwoFactorSetup(ctx context.Context, method, password string) (api.TwoFactorSetup, error) {
	var out api.TwoFactorSetup
	err := c.do(c.req(ctx).SetBody(api.TwoFactorSetupRequest{Method: method, Password: password}), http.MethodPost, api.PathTwoFactorSetup, &out)
	return out, err
}

// TwoFactorResend asks for a new first code of a setup.
func (c *Client) TwoFactorResend(ctx context.Context, id string) (api.OTPChallenge, error) {
	var out api.OTPChallenge
	err := c.do(c.req(ctx), http.MethodPost, withID(api.PathTwoFactorResend, id), &out)
	return out, err
}

// TwoFactorConfirm confirms a setup with its first code and returns the
// new recovery codes (shown once).
func (c *Client) TwoFactorConfirm(ctx context.Context, id, code string) (api.TwoFactorEnabled, error) {
	var out api.TwoFactorEnabled
	err := c.do(c.req(ctx).SetBody(api.TwoFactorConfirmRequest{Code: code}), http.MethodPost, withID(api.PathTwoFactorConfirm, id), &out)
	return out, err
}

// TwoFactorOff turns the second step off (password again).
func (c *Client) TwoFactorOff(ctx context.Context, password string) error {
	return c.do(c.req(ctx).SetBody(api.TwoFactorOffRequest{Password: password}), http.MethodPost, api.PathTwoFactorOff, nil)
}
