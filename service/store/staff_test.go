package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

func TestConfirmContacts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	people := []SeedDepositor{
		{Depositor: Depositor{IIN: "880415300157", Surname: "A", GivenName: "B", BirthDate: "1988-04-15", Sex: "male",
			Role: RoleDepositor, Phone: "77012345600", Email: "A@Mail.kz", CreatedAt: t0}},
		{Depositor: Depositor{IIN: "950109400452", Surname: "C", GivenName: "D", BirthDate: "1995-01-09", Sex: "female",
			Role: RoleDepositor, Phone: "77012345600", Email: "d@mail.kz", CreatedAt: t0}},
		{Depositor: Depositor{IIN: "800612400774", Surname: "E", GivenName: "F", BirthDate: "1980-06-12", Sex: "female",
			Role: RoleStaff, Phone: "77475550011", CreatedAt: t0}},
	}
	if _, err := s.Seed(ctx, "t", t0, people); err != nil {
		t.Fatal(err)
	}
	if c, err := s.ContactsConfirmed(ctx, "950109400452"); err != nil || !c.At.IsZero() || c.By != "" {
		t.Fatalf("before: %+v, %v", c, err)
	}
	at := t0.Add(time.Hour)
	c := ContactConfirm{IIN: "950109400452", Phone: "77012345600", Email: "a@mail.kz",
		StaffIIN: "800612400774", StaffName: "E F", At: at, Client: "test"}
	released, err := s.ConfirmContacts(ctx, c)
	if err != nil || !slices.Equal(released, []string{"880415300157"}) {
		t.Fatalf("confirm = %v, %v", released, err)
	}
	d, _ := s.Depositor(ctx, "950109400452")
	other, _ := s.Depositor(ctx, "880415300157")
	if d.Phone != "77012345600" || d.Email != "a@mail.kz" || other.Phone != "" || other.Email != "" {
		t.Errorf("after: %+v / %+v", d, other)
	}
	if p, e, err := s.ContactShared(ctx, "950109400452", "77012345600", "a@mail.kz"); p || e || err != nil {
		t.Errorf("still shared: %v %v %v", p, e, err)
	}
	if got, err := s.ContactsConfirmed(ctx, "950109400452"); err != nil || !got.At.Equal(at) || got.By != "800612400774" {
		t.Errorf("confirmation = %+v, %v", got, err)
	}
	for iin, kind := range map[string]string{
		"950109400452": EventContactsConfirmed,
		"880415300157": EventContactRemoved,
		"800612400774": EventStaffContactsConfirmed,
	} {
		evs, err := s.Events(ctx, iin, 10)
		if err != nil || !slices.ContainsFunc(evs, func(e Event) bool { return e.Kind == kind }) {
			t.Errorf("%s: no %s in %+v (%v)", iin, kind, evs, err)
		}
	}
	// Again: nothing is taken from anyone any more.
	if released, err := s.ConfirmContacts(ctx, c); err != nil || len(released) != 0 {
		t.Errorf("again = %v, %v", released, err)
	}
	for _, iin := range []string{"800612400774", "900101300017"} {
		c.IIN = iin
		if _, err := s.ConfirmContacts(ctx, c); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", iin, err)
		}
	}
	if _, err := s.ContactsConfirmed(ctx, "900101300017"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

func TestDayBookings(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	people := []SeedDepositor{
		{Depositor: Depositor{IIN: "880415300157", Surname: "A", GivenName: "B", Patronymic: "C", BirthDate: "1988-04-15",
			Sex: "male", Role: RoleDepositor, CreatedAt: t0}},
		{Depositor: Depositor{IIN: "950109400452", Surname: "D", GivenName: "E", BirthDate: "1995-01-09", Sex: "female",
			Role: RoleDepositor, CreatedAt: t0}},
	}
	if _, err := s.Seed(ctx, "t", t0, people); err != nil {
		t.Fatal(err)
	}
	hours := []OfficeHours{{Weekday: 2, Opens: "09:00", Closes: "18:00"}}
	if _, err := s.SeedOffices(ctx, []Office{
		{City: "X", Name: "One", Address: "a", Windows: 2, SlotMinutes: 30, Code: "A", Hours: hours},
		{City: "X", Name: "Two", Address: "b", Windows: 2, SlotMinutes: 30, Code: "B", Hours: hours},
	}, nil); err != nil {
		t.Fatal(err)
	}
	offices, _ := s.Offices(ctx)
	book := func(o Office, iin string, start time.Time, day string) Booking {
		t.Helper()
		b, err := s.Book(ctx, NewBooking{Office: o, IIN: iin, Service: "consultation", Start: start,
			End: start.Add(30 * time.Minute), Day: day, At: t0})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	late := book(offices[0], "880415300157", t0.Add(3*time.Hour), "2026-03-10")
	early := book(offices[1], "950109400452", t0.Add(time.Hour), "2026-03-10")
	book(offices[0], "950109400452", t0.Add(24*time.Hour), "2026-03-11")
	if _, err := s.CancelBooking(ctx, early.ID, "950109400452", t0, "test"); err != nil {
		t.Fatal(err)
	}

	all, err := s.DayBookings(ctx, "2026-03-10", 0)
	if err != nil || len(all) != 2 {
		t.Fatalf("all = %+v, %v", all, err)
	}
	if all[0].ID != early.ID || all[0].CancelledAt.IsZero() || all[0].Surname != "D" ||
		all[1].ID != late.ID || all[1].IIN != "880415300157" || all[1].Patronymic != "C" || !all[1].Start.Equal(late.Start) {
		t.Errorf("all = %+v", all)
	}
	if one, err := s.DayBookings(ctx, "2026-03-10", offices[0].ID); err != nil || len(one) != 1 || one[0].ID != late.ID {
		t.Errorf("office one = %+v, %v", one, err)
	}
	if none, err := s.DayBookings(ctx, "2026-03-12", 0); err != nil || len(none) != 0 {
		t.Errorf("another day = %+v, %v", none, err)
	}
}

func TestStaffMoveApplication(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 1)
	a, _, err := s.CreateApplication(ctx, newApp(api.AppBankDetails, Effect{IBAN: "KZ", BankName: "B"}, t0))
	if err != nil {
		t.Fatal(err)
	}
	m := Move{ID: a.ID, To: api.StatusAccepted, Actor: api.ActorStaff, ActorName: "E F", At: t0.Add(time.Minute)}
	moved, err := s.StaffMoveApplication(ctx, m, "800612400774", "test")
	if err != nil || moved.Status != api.StatusAccepted {
		t.Fatalf("move = %+v, %v", moved, err)
	}
	if _, err := s.StaffMoveApplication(ctx, m, "800612400774", "test"); !errors.Is(err, ErrInvalidState) {
		t.Errorf("again = %v", err)
	}
	m.ID = "nope"
	if _, err := s.StaffMoveApplication(ctx, m, "800612400774", "test"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing = %v", err)
	}
	evs, err := s.Events(ctx, "800612400774", 10)
	if err != nil || len(evs) != 1 || evs[0].Kind != EventStaffApplicationStatus || evs[0].Detail != a.Number+" of 880415300157: accepted" {
		t.Errorf("events = %+v, %v (only the move that happened)", evs, err)
	}
	h, _ := s.History(ctx, a.ID)
	if len(h) != 2 || h[1].Actor != api.ActorStaff || h[1].ActorName != "E F" {
		t.Errorf("history = %+v", h)
	}
}
