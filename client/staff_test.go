package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

// TestStaffCallsWire checks the paths, queries and bodies of the staff
// calls against a fake service.
func TestStaffCallsWire(t *testing.T) {
	type seen struct{ method, uri, body string }
	var got []seen
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		b, _ := json.Marshal(body)
		got = append(got, seen{r.Method, r.URL.RequestURI(), string(b)})
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case api.PathStaffQueue:
			_, _ = w.Write([]byte(`{"applications":[{"id":"a1","number":"Z-1","status":"submitted","iin":"950109400452","depositorName":"Сейткали Айгерим"}]}`))
		case api.PathStaffApplication("a1"), api.PathStaffApplicationStatus("a1"):
			_, _ = w.Write([]byte(`{"id":"a1","status":"accepted"}`))
		case api.PathStaffDepositor("950109400452"), api.PathStaffContacts("950109400452"):
			_, _ = w.Write([]byte(`{"iin":"950109400452","fullName":"Сейткали Айгерим Нурлановна","phone":"77012345600","registered":true}`))
		case api.PathStaffBookings:
			_, _ = w.Write([]byte(`{"date":"2026-11-23","bookings":[{"id":7,"ticket":"A-001","iin":"950109400452","depositorName":"Сейткали А. Н."}]}`))
		case api.PathStaffDepositor("000000000000"):
			w.Header().Set("Content-Type", api.ProblemContentType)
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"status":404,"code":"depositor_not_found"}`))
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	})
	c := client.NewInProcess(h)
	ctx := context.Background()

	q, err := c.StaffQueue(ctx, "")
	if err != nil || len(q.Applications) != 1 || q.Applications[0].DepositorName == "" {
		t.Fatalf("queue %+v, %v", q, err)
	}
	if _, err := c.StaffQueue(ctx, api.StatusProcessing); err != nil {
		t.Fatal(err)
	}
	if a, err := c.StaffApplication(ctx, "a1"); err != nil || a.ID != "a1" {
		t.Fatalf("application %+v, %v", a, err)
	}
	if a, err := c.StaffSetStatus(ctx, "a1", api.StaffStatusRequest{Status: api.StatusRejected, Reason: "нет справки"}); err != nil || a.Status != "accepted" {
		t.Fatalf("set status %+v, %v", a, err)
	}
	if d, err := c.StaffDepositor(ctx, "950109400452"); err != nil || d.Phone != "77012345600" || !d.Registered {
		t.Fatalf("depositor %+v, %v", d, err)
	}
	if _, err := c.StaffDepositor(ctx, "000000000000"); !client.IsCode(err, api.CodeDepositorNotFound) {
		t.Fatalf("unknown depositor: %v", err)
	}
	if _, err := c.StaffConfirmContacts(ctx, "950109400452", api.ContactConfirmRequest{Phone: "77012345600"}); err != nil {
		t.Fatal(err)
	}
	if b, err := c.StaffBookings(ctx, "2026-11-23", 0); err != nil || len(b.Bookings) != 1 || b.Bookings[0].Ticket != "A-001" {
		t.Fatalf("bookings %+v, %v", b, err)
	}
	if _, err := c.StaffBookings(ctx, "2026-11-23", 3); err != nil {
		t.Fatal(err)
	}
	want := []seen{
		{"GET", "/api/v1/staff/queue", "null"},
		{"GET", "/api/v1/staff/queue?status=processing", "null"},
		{"GET", "/api/v1/staff/applications/a1", "null"},
		{"POST", "/api/v1/staff/applications/a1/status", `{"reason":"нет справки","status":"rejected"}`},
		{"GET", "/api/v1/staff/depositors/950109400452", "null"},
		{"GET", "/api/v1/staff/depositors/000000000000", "null"},
		{"POST", "/api/v1/staff/depositors/950109400452/contacts", `{"phone":"77012345600"}`},
		{"GET", "/api/v1/staff/bookings?date=2026-11-23", "null"},
		{"GET", "/api/v1/staff/bookings?date=2026-11-23&office=3", "null"},
	}
	if len(got) != len(want) {
		t.Fatalf("requests %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestStaffAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.StaffQueue(ctx, ""); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("queue without login: %v", err)
		}
		// A depositor is not staff.
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.StaffDepositor(ctx, "950109400452"); !client.IsCode(err, api.CodeForbidden) {
			t.Fatalf("depositor asks for a depositor: %v", err)
		}
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Login(ctx, "800612400774", "kabinet-staff-2026"); err != nil {
			t.Fatal(err)
		}
		if q, err := c.StaffQueue(ctx, api.StatusSubmitted); err != nil || len(q.Applications) != 0 {
			t.Fatalf("queue %+v, %v", q, err)
		}
		d, err := c.StaffDepositor(ctx, "950109400452")
		if err != nil || d.Phone != "77012345600" || d.FullName == "" || d.BirthDate != "1995-01-09" {
			t.Fatalf("depositor %+v, %v", d, err)
		}
		if _, err := c.StaffApplication(ctx, "no-such-id"); !client.IsCode(err, api.CodeNotFound) {
			t.Errorf("unknown application: %v", err)
		}
		got, err := c.StaffConfirmContacts(ctx, "950109400452", api.ContactConfirmRequest{Email: "aigerim.s@mail.kz"})
		if err != nil || got.ContactsConfirmedAt == nil {
			t.Fatalf("confirm %+v, %v", got, err)
		}
		if _, err := c.StaffBookings(ctx, "2026-11-23", 0); err != nil {
			t.Fatal(err)
		}
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
