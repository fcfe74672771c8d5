package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// docSeq makes every test document different: one signed document is
// filed once.
var docSeq atomic.Int64

func newApp(typ string, e Effect, at time.Time) NewApplication {
	doc := []byte(fmt.Sprintf(`{"x":%d}`, docSeq.Add(1)))
	return NewApplication{IIN: "880415300157", Type: typ, At: at, Document: doc, Signature: []byte{1, 2},
		Signer: Signer{Name: "S G", IIN: "880415300157", Serial: "01", Issuer: "CA", NotAfter: at.Add(time.Hour)}, Effect: e}
}

func TestMoveApplicationForwardOnly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 3)
	a, created, err := s.CreateApplication(ctx, newApp(api.AppPensionPayment, Effect{Account: AccountOPV, Basis: "disability", IBAN: "KZ"}, t0))
	if err != nil || !created || a.Status != api.StatusSubmitted || a.Number != "Z-20260310-000001" {
		t.Fatalf("create = %+v, %v, %v", a, created, err)
	}
	if _, _, err := s.CreateApplication(ctx, newApp(api.AppPensionPayment, Effect{Account: AccountOPV}, t0)); !errors.Is(err, ErrApplicationPending) {
		t.Fatalf("second payment = %v", err)
	}
	move := func(to string) error {
		_, err := s.MoveApplication(ctx, Move{ID: a.ID, To: to, Actor: api.ActorBackOffice, At: t0.Add(time.Minute)})
		return err
	}
	if err := move(api.StatusProcessing); !errors.Is(err, ErrNotNextStep) { // skips accepted
		t.Fatalf("submitted → processing = %v", err)
	}
	for _, to := range []string{api.StatusAccepted, api.StatusProcessing} {
		if err := move(to); err != nil {
			t.Fatal(err)
		}
	}
	for _, to := range []string{api.StatusAccepted, api.StatusProcessing, api.StatusCanceled, "bogus", api.StatusExecuted} {
		if err := move(to); !errors.Is(err, ErrInvalidState) {
			t.Errorf("move to %s = %v", to, err)
		}
	}
	for _, to := range []string{api.StatusApproved, api.StatusExecuted} {
		if err := move(to); err != nil {
			t.Fatal(err)
		}
	}
	if err := move(api.StatusRejected); !errors.Is(err, ErrInvalidState) {
		t.Errorf("move from final = %v", err)
	}
	if _, err := s.MoveApplication(ctx, Move{ID: "nope", To: api.StatusAccepted}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing = %v", err)
	}
	h, err := s.History(ctx, a.ID)
	if err != nil || len(h) != 5 || h[4].Status != api.StatusExecuted || h[4].Actor != api.ActorBackOffice {
		t.Fatalf("history = %+v, %v", h, err)
	}
	sums, _ := s.AccountSummaries(ctx, "880415300157")
	if sums[0].Balance != 0 || sums[0].Sums[KindPayment] != -300 {
		t.Fatalf("after payment: %+v", sums[0])
	}
}

func TestMoveApplicationRace(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 1)
	a, _, err := s.CreateApplication(ctx, newApp(api.AppPortfolioManager, Effect{ManagerID: "demo-invest", SharePercent: 40}, t0))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = s.MoveApplication(ctx, Move{ID: a.ID, To: api.StatusAccepted, Actor: api.ActorStaff, At: t0})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrInvalidState):
			t.Errorf("move: %v", err)
		}
	}
	h, _ := s.History(ctx, a.ID)
	if won != 1 || len(h) != 2 {
		t.Fatalf("won = %d, history %d", won, len(h))
	}
}

func TestReallocate(t *testing.T) {
	nb := []PortfolioShare{{ManagerID: "nbrk", SharePercent: 100}}
	for _, c := range []struct {
		prev    []PortfolioShare
		manager string
		share   int
		want    []PortfolioShare
	}{
		{nil, "a", 40, []PortfolioShare{{"nbrk", 60}, {"a", 40}}},
		{nb, "a", 100, []PortfolioShare{{"a", 100}}},
		{[]PortfolioShare{{"a", 40}, {"nbrk", 60}}, "nbrk", 100, []PortfolioShare{{"nbrk", 100}}},
		{[]PortfolioShare{{"a", 50}, {"b", 50}}, "c", 33, []PortfolioShare{{"a", 34}, {"c", 33}, {"b", 33}}},
		{[]PortfolioShare{{"a", 100}}, "a", 30, []PortfolioShare{{"nbrk", 70}, {"a", 30}}},
		{nb, "nbrk", 50, []PortfolioShare{{"nbrk", 100}}},
	} {
		if got := Reallocate(c.prev, c.manager, c.share); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Reallocate(%v, %s, %d) = %v, want %v", c.prev, c.manager, c.share, got, c.want)
		}
	}
}

func TestCreateApplicationIdempotencyAndCancel(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 1)
	n := newApp(api.AppPortfolioManager, Effect{ManagerID: "demo-invest", SharePercent: 40}, t0)
	n.Key, n.Hash = "k", "h1"
	a, created, err := s.CreateApplication(ctx, n)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	b, created, err := s.CreateApplication(ctx, n)
	if err != nil || created || b.ID != a.ID {
		t.Fatalf("repeat = %s %v %v", b.ID, created, err)
	}
	n.Hash = "h2"
	if _, _, err := s.CreateApplication(ctx, n); !errors.Is(err, ErrIdempotencyConflict) {
		t.Fatalf("other hash = %v", err)
	}
	if _, _, err := s.CreateApplication(ctx, newApp(api.AppCancelTransfer, Effect{TargetID: "nope"}, t0)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("cancel of nothing = %v", err)
	}
	c, _, err := s.CreateApplication(ctx, newApp(api.AppCancelTransfer, Effect{TargetID: a.ID}, t0.Add(time.Minute)))
	if err != nil || c.Number != "Z-20260310-000002" {
		t.Fatalf("cancel = %+v, %v", c, err)
	}
	got, err := s.Application(ctx, a.ID, "880415300157")
	if err != nil || got.Status != api.StatusCanceled || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("target = %+v, %v", got, err)
	}
	if _, _, err := s.CreateApplication(ctx, newApp(api.AppCancelTransfer, Effect{TargetID: a.ID}, t0)); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("second cancel = %v", err)
	}
	// The depositor's own moves are no notification; the back office's are.
	list, unread, err := s.Notifications(ctx, "880415300157", 0, 10)
	if err != nil || len(list) != 0 || unread != 0 {
		t.Fatalf("notifications = %v, %d, %v", list, unread, err)
	}
	if _, err := s.MoveApplication(ctx, Move{ID: c.ID, To: api.StatusAccepted, Actor: api.ActorBackOffice, At: t0.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	list, unread, err = s.Notifications(ctx, "880415300157", 0, 10)
	if err != nil || len(list) != 1 || unread != 1 || list[0].Number != c.Number || list[0].AppType != api.AppCancelTransfer {
		t.Fatalf("notifications = %+v, %d, %v", list, unread, err)
	}
	if err := s.MarkNotificationsRead(ctx, "880415300157", nil, t0); err != nil {
		t.Fatal(err)
	}
	if list, unread, _ = s.Notifications(ctx, "880415300157", 0, 10); unread != 0 || !list[0].Read {
		t.Fatalf("after read: %+v, %d", list, unread)
	}
	due, err := s.DueApplications(ctx, t0.Add(2*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != c.ID {
		t.Fatalf("due = %+v, %v", due, err)
	}
}

// Statuses move one step of the workflow at a time (the audit: staff
// could move an application from submitted straight to executed).
func TestCanMoveOnlyNextStep(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{api.StatusSubmitted, api.StatusAccepted, true},
		{api.StatusSubmitted, api.StatusRejected, true},
		{api.StatusSubmitted, api.StatusCanceled, true},
		{api.StatusSubmitted, api.StatusProcessing, false},
		{api.StatusSubmitted, api.StatusApproved, false},
		{api.StatusSubmitted, api.StatusExecuted, false},
		{api.StatusAccepted, api.StatusProcessing, true},
		{api.StatusAccepted, api.StatusExecuted, false},
		{api.StatusProcessing, api.StatusApproved, true},
		{api.StatusProcessing, api.StatusRejected, true},
		{api.StatusProcessing, api.StatusCanceled, false},
		{api.StatusProcessing, api.StatusExecuted, false},
		{api.StatusApproved, api.StatusExecuted, true},
		{api.StatusApproved, api.StatusRejected, false},
		{api.StatusExecuted, api.StatusRejected, false},
		{api.StatusRejected, api.StatusExecuted, false},
	} {
		if got := CanMove(tc.from, tc.to); got != tc.ok {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

// The same document again, with another key or none, is the application
// it made (created false), decided inside the transaction.
func TestCreateApplicationSameDocument(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 1)
	n := newApp(api.AppBankDetails, Effect{IBAN: "KZ"}, t0)
	n.Key = "k1"
	a, created, err := s.CreateApplication(ctx, n)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	for _, key := range []string{"k2", ""} {
		n.Key, n.Signature = key, []byte{9}
		b, created, err := s.CreateApplication(ctx, n)
		if err != nil || created || b.ID != a.ID {
			t.Errorf("key %q: %s created %v, %v; want %s", key, b.ID, created, err, a.ID)
		}
	}
	if _, err := s.ApplicationByDocument(ctx, n.IIN, n.Document); err != nil {
		t.Errorf("by document: %v", err)
	}
}
