package client_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

func TestForecastAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.ForecastParams(ctx); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("params without login: %v", err)
		}
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		p, err := c.ForecastParams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.Savings <= 0 || p.MonthlyContribution <= 0 || p.RetirementAge != 63 || p.BirthDate != "1988-04-15" || p.PayoutYears <= 0 {
			t.Fatalf("params %+v", p)
		}
		req := api.ForecastRequest{Savings: p.Savings, MonthlyContribution: p.MonthlyContribution, SalaryGrowth: p.SalaryGrowth,
			ExpectedReturn: p.ExpectedReturn, Inflation: p.Inflation, RetirementAge: p.RetirementAge, PayoutYears: p.PayoutYears}
		f, err := c.Forecast(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if f.Savings <= p.Savings || f.MonthlyPayment <= 0 || len(f.Rows) < 20 || f.Rows[len(f.Rows)-1].Age != 63 {
			t.Errorf("forecast %+v", f)
		}
		req.ExpectedReturn = 99
		_, err = c.Forecast(ctx, req)
		if pr, ok := client.ProblemOf(err); !ok || pr.Code != api.CodeValidation || pr.Field != "expectedReturn" {
			t.Errorf("bad return: %v %+v", err, pr)
		}
	})
}

func TestBookingAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		offices, err := c.Offices(ctx)
		if err != nil || len(offices.Offices) < 4 {
			t.Fatalf("offices %+v %v", offices, err)
		}
		office := offices.Offices[0]
		// The first working day from tomorrow with a free slot.
		zone := time.FixedZone("UTC+5", 5*3600)
		var slot api.Slot
		var date string
		for d := 1; d <= 10 && slot.Start.IsZero(); d++ {
			date = time.Now().In(zone).AddDate(0, 0, d).Format(time.DateOnly)
			s, err := c.OfficeSlots(ctx, office.ID, date)
			if err != nil {
				t.Fatal(err)
			}
			for _, sl := range s.Slots {
				if sl.Free > 0 {
					slot = sl
					break
				}
			}
		}
		if slot.Start.IsZero() {
			t.Fatal("no free slot in 10 days")
		}
		b, err := c.Book(ctx, api.BookingRequest{OfficeID: office.ID, Start: slot.Start, Service: api.BookingDocuments})
		if err != nil {
			t.Fatal(err)
		}
		if b.Ticket == "" || b.Status != api.BookingActive || !b.Start.Equal(slot.Start) || b.Office.ID != office.ID {
			t.Errorf("booking %+v", b)
		}
		_, err = c.Book(ctx, api.BookingRequest{OfficeID: office.ID, Start: slot.End, Service: api.BookingDocuments})
		if !client.IsCode(err, api.CodeBookingLimit) {
			t.Errorf("second booking that day: %v", err)
		}
		list, err := c.Bookings(ctx)
		if err != nil || len(list.Bookings) == 0 || list.Bookings[0].ID != b.ID {
			t.Errorf("bookings %+v %v", list, err)
		}
		pdf, err := c.BookingTicket(ctx, b.ID, "")
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("ticket %.10q %v", pdf, err)
		}
		if kk, err := c.BookingTicket(ctx, b.ID, "kk"); err != nil || !bytes.Contains(kk, []byte("/Lang (kk)")) {
			t.Errorf("ticket in Kazakh: %v", err)
		}
		if _, err := c.BookingTicket(ctx, 424242, ""); !client.IsCode(err, api.CodeNotFound) {
			t.Errorf("unknown ticket: %v", err)
		}
		cb, err := c.CancelBooking(ctx, b.ID)
		if err != nil || cb.Status != api.BookingCancelled {
			t.Errorf("cancel %+v %v", cb, err)
		}
		if _, err := c.BookingTicket(ctx, b.ID, ""); !client.IsCode(err, api.CodeInvalidState) {
			t.Errorf("ticket of a cancelled booking: %v", err)
		}
		if _, err := c.OfficeSlots(ctx, office.ID, "not-a-date"); !client.IsCode(err, api.CodeBadRequest) {
			t.Errorf("bad date: %v", err)
		}
	})
}
