package screens

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// The statement page's speed, each case against a bare widget.Table of
// the same shape drawn the same way in the same run (the baseline): the
// ratio is what the statement screen adds. Figures in service/BENCH.md.
//
//	go test -tags ci -run '^$' -bench Statement ./screens/

// bareTable is the baseline: 8 columns of plain labels over rows.
func bareTable(rows *[]api.StatementRow) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(*rows), 8 },
		func() fyne.CanvasObject { return widget.NewLabel("00.00.0000 Взнос 000 000 000,00") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := (*rows)[id.Row]
			var s string
			switch id.Col {
			case 0:
				s = r.Date
			case 1:
				s = string(r.Operation)
			case 2:
				s = r.PayerName
			case 3:
				s = r.PayerBIN
			case 4:
				s = r.Period
			case 5:
				s = fmt.Sprint(r.Amount)
			case 6:
				s = fmt.Sprint(r.BalanceAfter)
			default:
				s = string(r.AccountType)
			}
			o.(*widget.Label).SetText(s)
		})
	for i := range 8 {
		t.SetColumnWidth(i, 120)
	}
	return t
}

// benchStatements is the statement screen in a window of the tests' size.
func benchStatements() (*Statements, fyne.Window) {
	lang.Set("ru")
	s := NewStatements(time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC))
	w := test.NewWindow(s.Content())
	w.Resize(fyne.NewSize(1000, 760))
	return s, w
}

// BenchmarkStatementFirstPage: the first page (100 rows) arrives and the
// window is drawn.
func BenchmarkStatementFirstPage(b *testing.B) {
	page := fakeRows(0, 100)
	sum := api.StatementSummary{RowCount: 100_000, Totals: []api.OperationTotal{}}
	b.Run("bare-table", func(b *testing.B) {
		test.NewTempApp(b)
		for b.Loop() {
			var rows []api.StatementRow
			t := bareTable(&rows)
			w := test.NewWindow(t)
			w.Resize(fyne.NewSize(1000, 760))
			rows = page
			t.Refresh()
			w.Canvas().Capture()
			w.Close()
		}
	})
	b.Run("statement", func(b *testing.B) {
		test.NewTempApp(b)
		for b.Loop() {
			s, w := benchStatements()
			s.Apply()
			s.SetSummary(sum)
			s.AppendPage(page, "p1")
			w.Canvas().Capture()
			w.Close()
		}
	})
}

// BenchmarkStatementScrollAppend: with 98,000 rows loaded, the table is
// scrolled to its end and the next 2,000 rows are appended.
func BenchmarkStatementScrollAppend(b *testing.B) {
	const loaded, page = 98_000, 2000
	next := fakeRows(loaded, page)
	b.Run("bare-table", func(b *testing.B) {
		test.NewTempApp(b)
		var rows []api.StatementRow
		t := bareTable(&rows)
		w := test.NewTempWindow(b, t)
		w.Resize(fyne.NewSize(1000, 760))
		for b.Loop() {
			b.StopTimer()
			rows = fakeRows(0, loaded)
			t.Refresh()
			b.StartTimer()
			t.ScrollToBottom()
			rows = append(rows, next...)
			t.Refresh()
		}
	})
	b.Run("statement", func(b *testing.B) {
		test.NewTempApp(b)
		for b.Loop() {
			b.StopTimer()
			s, w := benchStatements()
			s.Apply()
			s.SetSummary(api.StatementSummary{RowCount: loaded + page, Totals: []api.OperationTotal{}})
			for p := 0; p < loaded/page; p++ {
				s.AppendPage(fakeRows(p*page, page), fmt.Sprintf("p%d", p+1))
			}
			b.StartTimer()
			s.Table.ScrollToBottom()
			s.AppendPage(next, "")
			b.StopTimer()
			w.Close()
			b.StartTimer()
		}
	})
}
