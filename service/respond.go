package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
)

// maxBodyBytes bounds every request body the service reads.
const maxBodyBytes = 64 << 10

// problemError is an error that the service answers as a problem document.
type problemError struct {
	p api.Problem
	// result, when set, is the outcome metric's result instead of the
	// code's (outcomes.go).
	result string
}

func (e *problemError) Error() string { return e.p.Code + ": " + e.p.Detail }

// problem builds a problem with the standard title of status.
func problem(status int, code, detail string) *problemError {
	return &problemError{p: api.Problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Code:   code,
		Detail: detail,
	}}
}

// validationFailed is a 422 validation_failed with its reason and field
// (either may be "").
func validationFailed(reason, field, detail string) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeValidation, detail)
	p.p.Reason, p.p.Field = reason, field
	return p
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 200

// idempotencyKey is the request's Idempotency-Key header ("" when none);
// a longer one than maxIdempotencyKey is a 400 bad_request.
func idempotencyKey(r *http.Request) (string, error) {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		p := badRequest("Idempotency-Key is too long")
		p.p.Field = "Idempotency-Key"
		return "", p
	}
	return key, nil
}

// idempotencyConflict is the 409 of an Idempotency-Key used before with
// another request.
func idempotencyConflict() *problemError {
	return problem(http.StatusConflict, api.CodeIdempotencyKey, "the Idempotency-Key was used with another request")
}

// badRequest is a 400 bad_request about the request body.
func badRequest(detail string) *problemError {
	return problem(http.StatusBadRequest, api.CodeBadRequest, detail)
}

// writeJSON answers v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var b []byte
	if a, ok := v.(jsonAppender); ok {
		b = a.appendJSON(nil)
	} else {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return fmt.Errorf("encode %T: %w", v, err)
		}
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b))) // one write, not chunks
	w.WriteHeader(status)
	_, err := w.Write(b)
	return err
}

// writeProblem answers p as application/problem+json, with Retry-After
// when p carries RetryAfterSeconds.
func writeProblem(w http.ResponseWriter, p api.Problem) {
	h := w.Header()
	h.Set("Content-Type", api.ProblemContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if p.RetryAfterSeconds > 0 {
		h.Set("Retry-After", strconv.Itoa(p.RetryAfterSeconds))
	}
	p.RequestID = h.Get(HeaderRequestID)
	noteProblem(w, p.Code, "")
	b, err := json.Marshal(p)
	if err != nil { // cannot happen with api.Problem; keep the status anyway
		b = []byte(`{"code":"internal","status":500,"title":"Internal Server Error"}`)
	}
	w.WriteHeader(p.Status)
	w.Write(append(b, '\n'))
}

// decodeJSON reads one JSON object from the body into v: at most
// maxBodyBytes, no unknown fields, nothing after the object. Any failure
// is a 400 bad_request problem whose detail says what is wrong without
// echoing the body.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSONMax(w, r, v, maxBodyBytes)
}

// decodeJSONMax is decodeJSON with a body of at most limit bytes.
func decodeJSONMax(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest(describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return badRequest(describeJSONError(err))
		}
		return badRequest("request body must hold a single JSON object")
	}
	return nil
}

// describeJSONError turns a decoding error into a short message that
// names the field at fault but never the value sent.
func describeJSONError(err error) string {
	var (
		tooBig  *http.MaxBytesError
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooBig):
		return fmt.Sprintf("request body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return "request body is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "request body is truncated JSON"
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typeErr):
		if typeErr.Field != "" {
			return fmt.Sprintf("field %q must be a JSON %s", typeErr.Field, typeErr.Type.Kind())
		}
		return "request body must be a JSON object"
	}
	// encoding/json reports unknown fields as `json: unknown field "name"`.
	return "malformed request: " + trimJSONPrefix(err.Error())
}

func trimJSONPrefix(s string) string {
	const prefix = "json: "
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}
