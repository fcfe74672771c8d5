package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kabinet-kz/kabinet/api"
)

// Error is a problem answered by the service.
type Error struct {
	Status  int
	Problem api.Problem
}

func (e *Error) Error() string {
	if e.Problem.Detail != "" {
		return "service: " + e.Problem.Code + ": " + e.Problem.Detail
	}
	return "service: " + e.Problem.Code
}

// Is lets errors.Is(err, &Error{Problem: api.Problem{Code: "..."}}) match
// by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Problem.Code != "" && t.Problem.Code == e.Problem.Code
}

// Transport failures: the service could not be reached or did not answer.
var (
	// ErrUnavailable: connection refused, DNS failure, TLS failure, reset.
	ErrUnavailable = errors.New("client: service unavailable")
	// ErrTimeout: the service did not answer in time.
	ErrTimeout = errors.New("client: service timed out")
)

// ErrServiceBusy matches (errors.Is) the 503 service_busy of a service
// whose password checks are all taken: try again after
// Problem.RetryAfterSeconds.
var ErrServiceBusy error = &Error{Status: http.StatusServiceUnavailable, Problem: api.Problem{Code: api.CodeServiceBusy}}

// Code returns the problem code of err ("" when err is not a service
// problem). Transport errors give "unavailable" or "timeout".
func Code(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Problem.Code
	case errors.Is(err, ErrTimeout):
		return "timeout"
	case errors.Is(err, ErrUnavailable):
		return "unavailable"
	}
	return ""
}

// IsCode tells whether err is a service problem with the given code.
func IsCode(err error, code string) bool { return err != nil && Code(err) == code }

// ProblemOf returns the problem of err, if it is one.
func ProblemOf(err error) (api.Problem, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Problem, true
	}
	return api.Problem{}, false
}

type wrapped struct {
	kind  error
	cause error
}

func (w *wrapped) Error() string   { return w.kind.Error() + ": " + w.cause.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.kind, w.cause} }

func transportError(ctx context.Context, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled) && ctx != nil && ctx.Err() != nil:
		return err
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout(),
		strings.Contains(err.Error(), "Client.Timeout"):
		return &wrapped{ErrTimeout, err}
	}
	return &wrapped{ErrUnavailable, err}
}

// handlerTransport calls an http.Handler in process.
type handlerTransport struct{ h http.Handler }

func (t *handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	in := req.Clone(ctx)
	in.RemoteAddr = "inprocess"
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				rec = httptest.NewRecorder()
				rec.WriteHeader(http.StatusInternalServerError)
			}
		}()
		t.h.ServeHTTP(rec, in)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
