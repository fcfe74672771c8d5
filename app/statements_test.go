package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/screens"
)

func TestStatementsEndToEnd(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	h.with(func() {
		h.a.Window().Resize(fyne.NewSize(1100, 760)) // the size the app opens with
		h.a.pages.showStatements()
	})
	h.a.WaitIdle()
	var s *screens.Statements
	h.with(func() {
		s = h.a.page.(*screens.Statements)
		// The last year of all accounts, in one page; the accounts held;
		// the history in the chart.
		q := s.Query()
		if q.Account != "all" || q.To < q.From || s.Rows() == 0 || s.NextCursor() != "" || s.Loading() {
			t.Fatalf("query %+v: %d rows, next %q, loading %v", q, s.Rows(), s.NextCursor(), s.Loading())
		}
		if s.Opening.Text == "—" || !strings.Contains(s.Closing.Text, "₸") || s.Message.Visible() {
			t.Errorf("totals %q %q, message %q", s.Opening.Text, s.Closing.Text, s.Message.Text)
		}
		if len(s.Account.Options) != 4 || s.Chart.Months() < 100 {
			t.Errorf("options %q, %d months in the chart", s.Account.Options, s.Chart.Months())
		}
		if h.a.Cabinet().Current() != screens.ServiceStatements {
			t.Errorf("menu shows %q", h.a.Cabinet().Current())
		}
		// The whole history takes several pages.
		test.Tap(s.AllTime)
	})
	h.a.WaitIdle()
	h.with(func() {
		if s.Rows() != statementPageSize || s.NextCursor() == "" || !strings.HasPrefix(s.Status.Text, "Показано операций: 200 из ") {
			t.Fatalf("all time: %d rows, next %q, status %q", s.Rows(), s.NextCursor(), s.Status.Text)
		}
		s.Table.ScrollToBottom()
	})
	h.a.WaitIdle()
	h.with(func() {
		if s.Rows() != 2*statementPageSize {
			t.Fatalf("after scrolling: %d rows", s.Rows())
		}
		if a, b := s.Row(statementPageSize-1), s.Row(statementPageSize); a.Date > b.Date || (a.Date == b.Date && a.ID >= b.ID) {
			t.Errorf("pages out of order: %+v, %+v", a, b)
		}
		// Only the ОППВ account.
		s.Account.SetSelectedIndex(2)
	})
	h.a.WaitIdle()
	h.with(func() {
		for i := 0; i < s.Rows(); i++ {
			if s.Row(i).AccountType != "OPPV" {
				t.Fatalf("row %d of %s", i, s.Row(i).AccountType)
			}
		}
		// The PDF is fetched and the save dialog opens.
		test.Tap(s.DownloadPDF)
	})
	h.a.WaitIdle()
	h.with(func() {
		if s.Message.Visible() || h.a.Window().Canvas().Overlays().Top() == nil || s.DownloadPDF.Disabled() {
			t.Errorf("no save dialog: message %q", s.Message.Text)
		}
	})
}

func TestCertificatesEndToEnd(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	h.with(func() { h.a.pages.showCertificates() })
	var c *screens.Certificates
	h.with(func() {
		c = h.a.page.(*screens.Certificates)
		if h.a.Cabinet().Current() != screens.ServiceCertificates {
			t.Errorf("menu shows %q", h.a.Cabinet().Current())
		}
		test.Tap(c.OPPV)
	})
	h.a.WaitIdle()
	h.with(func() {
		if c.Accounts.Disabled() || c.Message.Visible() || h.a.Window().Canvas().Overlays().Top() == nil {
			t.Errorf("no save dialog: message %q", c.Message.Text)
		}
	})
}
