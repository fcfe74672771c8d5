package app

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
)

// The problem codes added for load and attacks have their own message in
// every language, with their figures.
func TestErrorMessagesOfNewCodes(t *testing.T) {
	busy := &client.Error{Status: http.StatusServiceUnavailable,
		Problem: api.Problem{Code: api.CodeServiceBusy, RetryAfterSeconds: 3}}
	m := errorMessage(busy)
	if m.Key != "error.service_busy" || !m.Retry || m.Data["N"] != 3 {
		t.Fatalf("service_busy → %+v", m)
	}
	for _, code := range lang.Supported {
		got := lang.In(code, m.Key, m.Data)
		if got == m.Key || !strings.Contains(got, "3") {
			t.Errorf("%s: %q", code, got)
		}
	}
}

// A move that skips the workflow has its own staff message.
func TestStaffMessageStatusNotNext(t *testing.T) {
	err := &client.Error{Status: http.StatusConflict, Problem: api.Problem{Code: api.CodeStatusNotNext}}
	if m := staffMessage(err); m.Key != "staff.error.status_not_next" {
		t.Fatalf("status_not_next → %+v", m)
	}
	for _, code := range lang.Supported {
		if got := lang.In(code, "staff.error.status_not_next"); got == "staff.error.status_not_next" || got == "" {
			t.Errorf("%s: no text", code)
		}
	}
}

// A staff role that does not cover a call, a disabled employee, and a
// service that sends no codes have their own messages in every language.
func TestStaffRoleAndMessagesOffMessages(t *testing.T) {
	for _, c := range []struct {
		p    api.Problem
		key  string
		fn   func(error) message
		name string
	}{
		{api.Problem{Code: api.CodeForbidden, Reason: api.ReasonStaffRole}, "staff.error.role", staffMessage, "role"},
		{api.Problem{Code: api.CodeForbidden, Reason: api.ReasonStaffDisabled}, "staff.error.disabled", staffMessage, "disabled"},
		{api.Problem{Code: api.CodeForbidden}, "staff.error.forbidden", staffMessage, "not staff"},
		{api.Problem{Code: api.CodeMessagesOff}, "error.messages_off", errorMessage, "messages off"},
	} {
		err := &client.Error{Status: http.StatusForbidden, Problem: c.p}
		if m := c.fn(err); m.Key != c.key {
			t.Errorf("%s → %+v", c.name, m)
		}
		for _, code := range lang.Supported {
			if got := lang.In(code, c.key); got == c.key || got == "" {
				t.Errorf("%s %s: no text", c.name, code)
			}
		}
	}
}

// A SHA-1 signature has its own EDS message.
func TestEDSErrorWeakSignature(t *testing.T) {
	err := &client.Error{Status: http.StatusUnprocessableEntity, Problem: api.Problem{Code: api.CodeWeakSignature}}
	if k := edsErrorKey(err); k != "eds.error.weak_signature_algorithm" {
		t.Fatalf("key = %q", k)
	}
	for _, code := range lang.Supported {
		if got := lang.In(code, "eds.error.weak_signature_algorithm"); !strings.Contains(got, "SHA-1") {
			t.Errorf("%s: %q", code, got)
		}
	}
}
