package client

import (
	"context"
	"net/http"

	"github.com/kabinet-kz/kabinet/api"
)

// ApplicationOptions is GET /api/v1/applications/options: what the
// depositor may apply for (payment types with the reason when not), the
// portfolio managers, the details on record and the applications a
// cancel_transfer may still cancel.
func (c *Client) ApplicationOptions(ctx context.Context) (api.ApplicationOptions, error) {
	var out api.ApplicationOptions
	err := c.do(c.req(ctx), http.MethodGet, api.PathApplicationOptions, &out)
	return out, err
}

// CheckApplication is POST /api/v1/applications/check: the service
// checks the unsigned document as the submit would (not_eligible,
// invalid_iban, validation_failed, invalid_state come back as *Error),
// so the depositor learns before signing.
func (c *Client) CheckApplication(ctx context.Context, doc api.Document) (api.CheckResult, error) {
	var out api.CheckResult
	err := c.do(c.req(ctx).SetBody(api.ApplicationCheckRequest{Document: doc}), http.MethodPost, api.PathApplicationCheck, &out)
	return out, err
}

// SubmitApplication is POST /api/v1/applications: doc is the exact
// signed bytes (api.DocumentBytes of the reviewed document) and cms its
// signature (DER). idempotencyKey is sent as the Idempotency-Key header:
// make it once per reviewed document and reuse it, with the same bytes
// and signature, on a retry; with a key the call is retried after a
// network error like a GET and the service answers the first application
// instead of filing a second one.
func (c *Client) SubmitApplication(ctx context.Context, doc, cms []byte, idempotencyKey string) (api.Application, error) {
	var out api.Application
	r := c.req(ctx).SetBody(api.ApplicationSubmit{Document: doc, Signature: cms})
	if idempotencyKey != "" {
		r.SetHeader("Idempotency-Key", idempotencyKey)
	}
	err := c.do(r, http.MethodPost, api.PathApplications, &out)
	return out, err
}

// Applications is GET /api/v1/applications: the depositor's
// applications with their history, newest first.
func (c *Client) Applications(ctx context.Context) (api.Applications, error) {
	var out api.Applications
	err := c.do(c.req(ctx), http.MethodGet, api.PathApplications, &out)
	return out, err
}

// Application is GET /api/v1/applications/{id}: one application and its
// full status history.
func (c *Client) Application(ctx context.Context, id string) (api.Application, error) {
	var out api.Application
	err := c.do(c.req(ctx), http.MethodGet, api.PathApplication(id), &out)
	return out, err
}

// ApplicationDocument is GET /api/v1/applications/{id}/document: the
// signed document bytes exactly as stored.
func (c *Client) ApplicationDocument(ctx context.Context, id string) ([]byte, error) {
	return c.download(ctx, api.PathApplicationDocument(id), "application/json")
}

// ApplicationSignature is GET /api/v1/applications/{id}/signature.p7s:
// the stored CMS (DER) over the document bytes.
func (c *Client) ApplicationSignature(ctx context.Context, id string) ([]byte, error) {
	return c.download(ctx, api.PathApplicationSignature(id), "application/pkcs7-signature")
}
