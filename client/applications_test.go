package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/pki"
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

// signKey waits for the service's demo SIGN key of iin and opens it.
func signKey(t *testing.T, svc *service.Service, iin string) *eds.KeyStore {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(svc.KeysDir(), "demo-keys.json"))
		var list []pki.DemoKey
		if err == nil && json.Unmarshal(b, &list) == nil {
			for _, k := range list {
				if k.IIN == iin && k.Purpose == eds.PurposeSign && k.Status == "valid" {
					data, err := os.ReadFile(filepath.Join(svc.KeysDir(), k.File))
					if err != nil {
						t.Fatal(err)
					}
					ks, err := eds.OpenKeyStore(data, service.DemoKeyPassword)
					if err != nil {
						t.Fatal(err)
					}
					return ks
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no demo SIGN key")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestApplicationsAgainstService(t *testing.T) {
	svc := openService(t)
	ks := signKey(t, svc, "921102400233")
	defer ks.Close()
	c := client.NewInProcess(apitest.Handler(t, svc.Handler()))
	ctx := context.Background()
	if _, err := c.ApplicationOptions(ctx); !client.IsCode(err, api.CodeUnauthorized) {
		t.Fatalf("options without login: %v", err)
	}
	if _, err := c.Login(ctx, "921102400233", "kabinet-demo-2026"); err != nil {
		t.Fatal(err)
	}
	o, err := c.ApplicationOptions(ctx)
	if err != nil || len(o.Payments) == 0 || len(o.Managers) == 0 {
		t.Fatalf("options %+v %v", o, err)
	}
	iban, _ := kz.MakeIBAN("722", "0000012345678")
	doc := api.Document{Version: api.DocumentVersion, Type: api.AppBankDetails, IIN: "921102400233",
		FullName: "Нурланова Асель Маратовна", CreatedAt: time.Now().Truncate(time.Second),
		Bank: &api.BankDetails{IBAN: iban, BankName: "Kaspi Bank"}}
	if r, err := c.CheckApplication(ctx, doc); err != nil || !r.OK {
		t.Fatalf("check %+v %v", r, err)
	}
	bad := doc
	bad.Bank = &api.BankDetails{IBAN: "KZ00722" + iban[7:]}
	if _, err := c.CheckApplication(ctx, bad); !client.IsCode(err, api.CodeInvalidIBAN) {
		t.Errorf("bad IBAN: %v", err)
	}
	b, _ := api.DocumentBytes(doc)
	cms, err := ks.SignCMS(b, false)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.SubmitApplication(ctx, b, cms, "client-test-key")
	if err != nil || a.Status != api.StatusSubmitted || a.Number == "" {
		t.Fatalf("submit %+v %v", a, err)
	}
	again, err := c.SubmitApplication(ctx, b, cms, "client-test-key")
	if err != nil || again.ID != a.ID {
		t.Fatalf("repeat %+v %v", again, err)
	}
	list, err := c.Applications(ctx)
	if err != nil || len(list.Applications) != 1 || list.Applications[0].ID != a.ID {
		t.Fatalf("list %+v %v", list, err)
	}
	one, err := c.Application(ctx, a.ID)
	if err != nil || len(one.History) != 1 || one.Signer.IIN != "921102400233" {
		t.Fatalf("one %+v %v", one, err)
	}
	stored, err := c.ApplicationDocument(ctx, a.ID)
	if err != nil || !bytes.Equal(stored, b) {
		t.Fatalf("document %q %v", stored, err)
	}
	if sig, err := c.ApplicationSignature(ctx, a.ID); err != nil || !bytes.Equal(sig, cms) {
		t.Fatalf("signature %d bytes, %v", len(sig), err)
	}
	if _, err := svc.RunBackOffice(ctx, time.Now().Add(service.DefaultBackOfficeStep+time.Minute)); err != nil {
		t.Fatal(err)
	}
	n, err := c.Notifications(ctx, 0)
	if err != nil || len(n.Notifications) == 0 || n.Unread == 0 || n.Notifications[0].ApplicationID != a.ID {
		t.Fatalf("notifications %+v %v", n, err)
	}
	if later, err := c.Notifications(ctx, n.Notifications[0].ID); err != nil || len(later.Notifications) != 0 {
		t.Fatalf("after the last: %+v %v", later, err)
	}
	if err := c.MarkNotificationsRead(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Notifications(ctx, 0); err != nil || n.Unread != 0 {
		t.Fatalf("after read: %+v %v", n, err)
	}
}
