// Package apitest checks HTTP exchanges against the contract,
// api/openapi.yaml, for tests: the service's tests wrap its handler with
// Handler, the client's tests wrap the handler they call in process.
// Every request and every answer that goes through is validated with
// getkin/kin-openapi (openapi3filter, JSON Schema 2020-12 for this
// OpenAPI 3.1 document); a mismatch fails the test.
//
// The rules, stricter than openapi3filter alone:
//
//   - The route and method must be documented, or the answer must be the
//     generic 404 not_found / 405 method_not_allowed problem of an unknown
//     path or method.
//   - The status must be listed explicitly for the operation: a `default`
//     response does not cover it.
//   - Content type, body (against its schema) and the declared headers are
//     validated; a response documented without content must have no body;
//     the headers in ContractHeaders must be declared when they are sent.
//   - A JSON answer carries no field its schema does not name (the
//     schemas stay open for clients, the service may not go beyond them).
//   - A problem body (application/problem+json) carries the HTTP status in
//     `status` and a `code` the Problem schema lists.
//   - A request the contract refuses (missing token, bad parameter, body
//     that does not match its schema) may only get a 4xx answer the
//     operation documents: a 2xx (or 5xx) answer to it means the contract
//     and the service disagree.
//
// To extend the contract: add the route, its statuses, headers and codes
// to api/openapi.yaml; this package needs no change.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/kabinet-kz/kabinet/api"
)

// ContractHeaders are response headers that are part of the contract:
// an answer that sends one of them must declare it for its status.
var ContractHeaders = []string{"Retry-After", "Location", "WWW-Authenticate", "Allow", "Content-Disposition", "Idempotency-Key"}

func init() {
	// kin-openapi reads text/csv as comma-separated records; the
	// statement's CSV has `;` between fields (as spreadsheets in
	// Kazakhstan expect), so it is checked as the string its schema says.
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		return string(b), err
	})
}

// Checker validates exchanges against one OpenAPI document.
type Checker struct {
	doc    *openapi3.T
	router routers.Router
	// problem is the Problem schema, for the answers of unknown routes.
	problem *openapi3.SchemaRef
}

// Load returns the checker of api/openapi.yaml (loaded and validated
// once per test binary).
var Load = sync.OnceValues(func() (*Checker, error) { return New(api.OpenAPI) })

// New parses, validates and indexes an OpenAPI document.
func New(spec []byte) (*Checker, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("apitest: load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("apitest: the document is invalid: %w", err)
	}
	// Match any host: tests call the service as example.com, 127.0.0.1:port
	// or in process.
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apitest: router: %w", err)
	}
	problem := doc.Components.Schemas["Problem"]
	if problem == nil {
		return nil, errors.New("apitest: no Problem schema")
	}
	return &Checker{doc: doc, router: router, problem: problem}, nil
}

// MustLoad is Load for tests: it fails t if the document does not load.
func MustLoad(t testing.TB) *Checker {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Handler returns h checked against api/openapi.yaml: every exchange
// through it that breaks the contract fails t (with t.Errorf, so the test
// goes on and reports its own findings too).
func Handler(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	return MustLoad(t).Handler(t, h)
}

// Handler is the package's Handler with this checker.
func (c *Checker) Handler(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var reqBody []byte
		if r.Body != nil {
			var err error
			reqBody, err = io.ReadAll(r.Body)
			r.Body.Close()
			if err != nil {
				t.Errorf("apitest: read the request body of %s %s: %v", r.Method, r.URL.Path, err)
			}
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		// Check a copy of the request: the handler has consumed its body.
		req := r.Clone(context.WithoutCancel(r.Context()))
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		if err := c.Check(req, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			t.Errorf("apitest: %s %s -> %d breaks api/openapi.yaml: %v\nresponse body: %.600s",
				r.Method, r.URL.RequestURI(), rec.Code, err, rec.Body.String())
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// Check validates one exchange: req (its body readable), and the answer's
// status, header and body. nil when the contract describes it.
func (c *Checker) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, pathParams, err := c.router.FindRoute(req)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return c.checkUnrouted(status, header, body, http.StatusNotFound, api.CodeNotFound)
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return c.checkUnrouted(status, header, body, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
	case err != nil:
		return fmt.Errorf("find route: %w", err)
	}

	ctx := context.Background()
	reqInput := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:                bearerPresent,
			RejectWhenRequestBodyNotSpecified: true,
			SkipSettingDefaults:               true,
			MultiError:                        true,
		},
	}
	reqErr := openapi3filter.ValidateRequest(ctx, reqInput)

	op := route.Operation
	resp := op.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		return errors.Join(fmt.Errorf("status %d is not documented for operation %s", status, op.OperationID), wrapReq(reqErr))
	}
	if reqErr != nil && (status < 400 || status >= 500) {
		return fmt.Errorf("the service answered %d to a request the contract refuses: %w", status, reqErr)
	}

	respInput := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 status,
		Header:                 header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	respInput.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, respInput); err != nil {
		return err
	}
	if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); len(body) > 0 && (mt == "application/json" || mt == api.ProblemContentType) {
		if media := resp.Value.Content.Get(header.Get("Content-Type")); media != nil && media.Schema != nil {
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				return fmt.Errorf("body: %w", err)
			}
			if err := undocumentedFields(media.Schema, v, "body"); err != nil {
				return err
			}
		}
	}
	if len(resp.Value.Content) == 0 && len(body) > 0 {
		return fmt.Errorf("status %d of %s is documented without a body, the answer has %d bytes", status, op.OperationID, len(body))
	}
	for _, name := range ContractHeaders {
		if header.Get(name) == "" {
			continue
		}
		if !declared(resp.Value.Headers, name) {
			return fmt.Errorf("header %s is sent with %d but not declared for it in %s", name, status, op.OperationID)
		}
	}
	return checkProblem(status, header, body)
}

func wrapReq(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("(and the request breaks the contract: %w)", err)
}

// undocumentedFields fails on a field of an answer that its schema does
// not name: the schemas stay open for clients (a new field is not a
// breaking change), but the service may not send what the contract does
// not describe. An object schema is open only when it names no property
// or allows additionalProperties.
func undocumentedFields(ref *openapi3.SchemaRef, v any, at string) error {
	if ref == nil || ref.Value == nil {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		props := map[string]*openapi3.SchemaRef{}
		var extra *openapi3.SchemaRef
		open := collectProperties(ref.Value, props, &extra)
		open = open || len(props) == 0 && extra == nil // a free-form object
		for k, val := range x {
			if p, ok := props[k]; ok {
				if err := undocumentedFields(p, val, at+"."+k); err != nil {
					return err
				}
				continue
			}
			if extra != nil {
				if err := undocumentedFields(extra, val, at+"."+k); err != nil {
					return err
				}
				continue
			}
			if !open {
				return fmt.Errorf("%s.%s is not in the schema", at, k)
			}
		}
	case []any:
		for i, e := range x {
			if err := undocumentedFields(ref.Value.Items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// collectProperties gathers the properties of s and of its allOf parts
// into props, and a schema of additionalProperties into extra; it tells
// whether a part allows any field (additionalProperties: true).
func collectProperties(s *openapi3.Schema, props map[string]*openapi3.SchemaRef, extra **openapi3.SchemaRef) bool {
	open := s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has
	for k, p := range s.Properties {
		props[k] = p
	}
	if s.AdditionalProperties.Schema != nil {
		*extra = s.AdditionalProperties.Schema
	}
	for _, part := range s.AllOf {
		if part.Value != nil && collectProperties(part.Value, props, extra) {
			open = true
		}
	}
	return open
}

// checkUnrouted accepts the generic answer to a path or method the
// contract does not have (the service answers any such request so).
func (c *Checker) checkUnrouted(status int, header http.Header, body []byte, want int, code string) error {
	if status != want {
		return fmt.Errorf("the route is not documented, and the answer is %d, not the generic %d %s", status, want, code)
	}
	if err := checkProblem(status, header, body); err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	if err := c.problem.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
		return fmt.Errorf("the problem does not match the Problem schema: %w", err)
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		return err
	}
	if p.Code != code {
		return fmt.Errorf("the route is not documented, and the code is %q, not the generic %q", p.Code, code)
	}
	if want == http.StatusMethodNotAllowed && header.Get("Allow") == "" {
		return errors.New("405 without an Allow header")
	}
	return nil
}

// checkProblem checks what a schema cannot: a problem's status is the
// answer's, and an error answer of the API is a problem.
func checkProblem(status int, header http.Header, body []byte) error {
	mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if mt != api.ProblemContentType {
		return nil
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("problem body: %w", err)
	}
	if p.Status != status {
		return fmt.Errorf("problem status %d in an answer with status %d", p.Status, status)
	}
	return nil
}

func declared(h openapi3.Headers, name string) bool {
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// bearerPresent is the contract's side of authentication: an operation
// whose security asks for the bearer scheme needs an Authorization:
// Bearer header. Whether the token is valid is the service's business.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "http" || !strings.EqualFold(in.SecurityScheme.Scheme, "bearer") {
		return fmt.Errorf("apitest: security scheme %q is not known to the checker", in.SecuritySchemeName)
	}
	scheme, token, ok := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// Transport returns rt (http.DefaultTransport when nil) checked against
// api/openapi.yaml: for tests that talk to a real server (kabinetd over
// TCP) rather than to its handler. Every exchange that breaks the
// contract fails t; the answer is handed on unchanged.
func Transport(t testing.TB, rt http.RoundTripper) http.RoundTripper {
	t.Helper()
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &transport{t: t, c: MustLoad(t), next: rt}
}

// Client is an http.Client whose every exchange is checked (Transport).
func Client(t testing.TB) *http.Client {
	t.Helper()
	return &http.Client{Transport: Transport(t, nil)}
}

type transport struct {
	t    testing.TB
	c    *Checker
	next http.RoundTripper
}

func (tr *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		r.Body.Close()
	}
	out := r.Clone(r.Context())
	out.Body = io.NopCloser(bytes.NewReader(reqBody))
	resp, err := tr.next.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	req := r.Clone(context.WithoutCancel(r.Context()))
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	if err := tr.c.Check(req, resp.StatusCode, resp.Header, body); err != nil {
		tr.t.Errorf("apitest: %s %s -> %d breaks api/openapi.yaml: %v\nresponse body: %.600s",
			r.Method, r.URL.RequestURI(), resp.StatusCode, err, body)
	}
	return resp, nil
}
