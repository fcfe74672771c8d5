package service

import (
	"fmt"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/service/store"
)

// ticketData is what a printed queue ticket shows.
type ticketData struct {
	Fund    string
	Booking store.Booking
	Office  store.Office
	Name    string
	IIN     string
	Issued  time.Time
}

func joinName(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// maskIIN keeps the first six and the last digit: 880415*****7.
func maskIIN(iin string) string {
	if len(iin) != 12 {
		return iin
	}
	return iin[:6] + "*****" + iin[11:]
}

// ticketPDF renders the queue ticket on an A6 page in the language l:
// the office in that language when it has its own texts.
func ticketPDF(l *docLabels, t ticketData) ([]byte, error) {
	s := newSlip("A6", l, t.Fund, l.ticketTitle, t.Issued)
	s.f.SetTitle(l.ticketTitle+" "+t.Booking.Ticket, true)
	s.boxed(t.Booking.Ticket, 36)
	zone := fundZone()
	start, end := t.Booking.Start.In(zone), t.Booking.End.In(zone)
	s.row(l.ticketWhen, fmt.Sprintf("%s  %s–%s (%s)", start.Format("02.01.2006"), start.Format("15:04"), end.Format("15:04"), l.zone))
	office := t.Office
	if tx, ok := office.Texts[l.lang]; ok {
		office.City, office.Name = tx.City, tx.Name
		if tx.Address != "" {
			office.Address = tx.Address
		}
	}
	s.row(l.ticketOffice, office.City+", "+office.Name)
	s.row(l.ticketAddress, office.Address)
	s.row(l.ticketService, l.bookingServices[t.Booking.Service])
	s.row(l.depositor, t.Name)
	s.row(l.iin, maskIIN(t.IIN))
	s.note(l.ticketNote)
	s.note(l.ticketIssued + ": " + l.at(t.Issued))
	return s.bytes()
}
