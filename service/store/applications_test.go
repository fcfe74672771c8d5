package store

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"kabinet/api"
)

func newApp(typ string, e Effect, at time.Time) NewApplication {
	return NewApplication{IIN: "880415300157", Type: typ, At: at, Document: []byte(`{"x":1}`), Signature: []byte{1, 2},
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
	if err := move(api.StatusProcessing); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{api.StatusAccepted, api.StatusProcessing, api.StatusCanceled, "bogus"} {
		if err := move(to); !errors.Is(err, ErrInvalidState) {
			t.Errorf("move to %s = %v", to, err)
		}
	}
	if err := move(api.StatusExecuted); err != nil {
		t.Fatal(err)
	}
	if err := move(api.StatusRejected); !errors.Is(err, ErrInvalidState) {
		t.Errorf("move from final = %v", err)
	}
	if _, err := s.MoveApplication(ctx, Move{ID: "nope", To: api.StatusAccepted}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing = %v", err)
	}
	h, err := s.History(ctx, a.ID)
	if err != nil || len(h) != 3 || h[2].Status != api.StatusExecuted || h[2].Actor != api.ActorBackOffice {
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
