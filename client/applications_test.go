package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"kabinet/api"
	"kabinet/client"
)

// A fake service answering the applications and notifications routes as
// the contract says; the first submit fails with 503 after "filing" it.
type fakeApps struct {
	mu      sync.Mutex
	keys    []string
	bodies  [][]byte
	filed   map[string]api.Application
	afters  []string
	readIDs [][]int64
}

func (f *fakeApps) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == api.PathApplications:
		var sub api.ApplicationSubmit
		if err := json.NewDecoder(r.Body).Decode(&sub); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		key := r.Header.Get("Idempotency-Key")
		f.keys = append(f.keys, key)
		f.bodies = append(f.bodies, sub.Document)
		a, ok := f.filed[key]
		if !ok {
			a = api.Application{ID: "a1", Number: "Z-1", Type: api.AppBankDetails, Status: api.StatusSubmitted}
			f.filed[key] = a
			w.WriteHeader(http.StatusServiceUnavailable) // filed, but the answer is lost
			return
		}
		json.NewEncoder(w).Encode(a)
	case r.Method == http.MethodPost && r.URL.Path == api.PathApplicationCheck:
		w.Header().Set("Content-Type", api.ProblemContentType)
		w.WriteHeader(http.StatusUnprocessableEntity)
		json.NewEncoder(w).Encode(api.Problem{Status: 422, Code: api.CodeNotEligible, Reason: api.ReasonNeedDisability})
	case r.Method == http.MethodGet && r.URL.Path == api.PathNotifications:
		f.afters = append(f.afters, r.URL.Query().Get("after"))
		json.NewEncoder(w).Encode(api.Notifications{Notifications: []api.Notification{{ID: 7, Status: api.StatusAccepted}}, Unread: 3})
	case r.Method == http.MethodPost && r.URL.Path == api.PathNotificationsRead:
		var req api.NotificationsRead
		json.NewDecoder(r.Body).Decode(&req)
		f.readIDs = append(f.readIDs, req.IDs)
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && r.URL.Path == api.PathApplicationDocument("a1"):
		w.Write([]byte(`{"version":1}`))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func TestSubmitApplicationRetriedWithItsKey(t *testing.T) {
	f := &fakeApps{filed: map[string]api.Application{}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	doc, _ := api.DocumentBytes(api.Document{Version: 1, Type: api.AppBankDetails, IIN: "921102400233", CreatedAt: time.Now()})
	a, err := c.SubmitApplication(ctx, doc, []byte{0x30, 0x01}, "key-1")
	if err != nil || a.ID != "a1" {
		t.Fatalf("submit %+v %v", a, err)
	}
	if len(f.keys) != 2 || f.keys[0] != "key-1" || f.keys[1] != "key-1" || !bytes.Equal(f.bodies[1], doc) {
		t.Fatalf("attempts %q", f.keys)
	}
	// Without a key a POST is never retried.
	f.keys = nil
	if _, err := c.SubmitApplication(ctx, doc, []byte{1}, ""); !client.IsCode(err, api.CodeInternal) || len(f.keys) != 1 {
		t.Fatalf("keyless submit: %v, %d attempts", err, len(f.keys))
	}
	_, err = c.CheckApplication(ctx, api.Document{Type: api.AppPensionPayment})
	if p, ok := client.ProblemOf(err); !ok || p.Code != api.CodeNotEligible || p.Reason != api.ReasonNeedDisability {
		t.Fatalf("check: %v", err)
	}
	n, err := c.Notifications(ctx, 0)
	if err != nil || n.Unread != 3 || len(n.Notifications) != 1 {
		t.Fatalf("notifications %+v %v", n, err)
	}
	if _, err := c.Notifications(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if len(f.afters) != 2 || f.afters[0] != "" || f.afters[1] != "42" {
		t.Fatalf("after params %q", f.afters)
	}
	if err := c.MarkNotificationsRead(ctx, []int64{7, 8}); err != nil {
		t.Fatal(err)
	}
	if err := c.MarkNotificationsRead(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if len(f.readIDs) != 2 || len(f.readIDs[0]) != 2 || len(f.readIDs[1]) != 0 {
		t.Fatalf("read %v", f.readIDs)
	}
	b, err := c.ApplicationDocument(ctx, "a1")
	if err != nil || string(b) != `{"version":1}` {
		t.Fatalf("document %q %v", b, err)
	}
}
