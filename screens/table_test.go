package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// labelsIn are the labels shown under o (a list's rows as laid out).
func labelsIn(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x)
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// readable fails unless l shows all its text: not cut with «…», every
// word as narrow as the label's room, and the label as tall as its lines.
func readable(t *testing.T, where string, l *widget.Label) {
	t.Helper()
	if l.Truncation != fyne.TextTruncateOff || l.Wrapping != fyne.TextWrapWord {
		t.Errorf("%s: %q is cut (truncation %v, wrapping %v)", where, l.Text, l.Truncation, l.Wrapping)
		return
	}
	room := l.Size().Width - 2*l.Theme().Size(theme.SizeNameInnerPadding)
	style := l.TextStyle
	for _, word := range strings.Fields(l.Text) {
		if w := fyne.MeasureText(word, theme.TextSize(), style).Width; w > room {
			t.Errorf("%s: %q of %q is %v wide in a cell with room for %v", where, word, l.Text, w, room)
		}
	}
	if h, min := l.Size().Height, l.MinSize().Height; h < min {
		t.Errorf("%s: %q needs %v high, its row gives %v", where, l.Text, min, h)
	}
}

// tablePages are the pages with rows of columns as the user sees them:
// in their shell beside the menu, with long texts.
func tablePages() map[string]func() (shell fyne.CanvasObject, list *List, heads []*widget.Label) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, FundZone)
	long := func(i int, ty, status string) api.Application {
		return api.Application{ID: fmt.Sprint("a", i), Number: fmt.Sprintf("Z-20261120-%06d", 17+i), Type: ty, Status: status,
			IIN: "880415300157", DepositorName: "Сейтқали-Длиннофамильная Бекзат Маратұлы", CreatedAt: at.Add(time.Duration(i) * time.Hour)}
	}
	apps := []api.Application{
		long(0, api.AppPortfolioManager, api.StatusProcessing),
		long(1, api.AppAdditionalDetails, api.StatusRejected),
		long(2, api.AppCancelTransfer, api.StatusCanceled),
		long(3, api.AppPensionPayment, api.StatusSubmitted),
	}
	return map[string]func() (fyne.CanvasObject, *List, []*widget.Label){
		"staff queue": func() (fyne.CanvasObject, *List, []*widget.Label) {
			q := NewStaffQueue()
			q.SetApplications(apps)
			s := NewStaff()
			s.SetUser("Demo Pension Fund", "Кузнецова Ольга Викторовна")
			s.Show(StaffPageQueue, q.Content())
			return s.Content(), q.List, q.Columns[:]
		},
		"status of applications": func() (fyne.CanvasObject, *List, []*widget.Label) {
			p := NewApplications()
			p.SetApplications(apps)
			c := NewCabinet()
			c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
			c.Show(ServiceStatus, p.Content())
			return c.Content(), p.List, p.Columns[:]
		},
		"dpv orders": func() (fyne.CanvasObject, *List, []*widget.Label) {
			d := NewDPV(at)
			d.SetOrders([]api.DPVOrder{
				{Receipt: "DPV-20261203-88717169", Amount: 2_500_000, Period: "2026-11", CreatedAt: at},
				{Receipt: "DPV-20261203-00000017", Amount: 123_456_789_00, Period: "2026-10", CreatedAt: at.Add(time.Hour)},
			})
			c := NewCabinet()
			c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
			c.Show(ServiceDPV, d.Content())
			return c.Content(), d.List, nil
		},
		"staff bookings": func() (fyne.CanvasObject, *List, []*widget.Label) {
			p := NewStaffBookings(renderNow)
			offices := renderOffices()
			p.SetOffices(offices)
			day := renderNow()
			var bs []api.StaffBooking
			for i, svc := range api.BookingServices {
				start := time.Date(day.Year(), day.Month(), day.Day(), 9+i, 30, 0, 0, FundZone)
				status := api.BookingActive
				if i%2 == 1 {
					status = api.BookingCancelled
				}
				bs = append(bs, api.StaffBooking{IIN: "880415300157", DepositorName: "Сейтқали-Длиннофамильная Бекзат",
					Booking: api.Booking{ID: int64(i + 1), Ticket: fmt.Sprintf("B-%03d", i+1), Office: offices.Offices[0],
						Start: start, End: start.Add(30 * time.Minute), Service: svc, Status: status}})
			}
			p.SetBookings(api.StaffBookings{Date: p.DateString(), Bookings: bs})
			s := NewStaff()
			s.SetUser("Demo Pension Fund", "Кузнецова Ольга Викторовна")
			s.Show(StaffPageBookings, p.Content())
			return s.Content(), p.List, p.Columns[:]
		},
	}
}

// TestTableCellsReadable: in the staff queue, the status of applications
// and the day's bookings, shown beside the menu at 800×600 and 1366×768
// in ru, kk and en, no cell or heading is cut: cells wrap between words,
// every word fits its column and each row is as tall as its tallest
// cell. At 800×600 a long type takes more than one line, and the page
// needs no more width than the window gives it.
func TestTableCellsReadable(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range renderSizes {
			for name, build := range tablePages() {
				t.Run(fmt.Sprintf("%s/%s/%vx%v", name, code, size.Width, size.Height), func(t *testing.T) {
					test.NewTempApp(t)
					lang.Set(code)
					t.Cleanup(func() { lang.Set("ru") })
					content, list, heads := build()
					w := test.NewTempWindow(t, content)
					w.Resize(size)
					w.Content().Refresh()
					if m := windowMin(content); m.Width > 800 {
						t.Errorf("needs %v wide, more than 800", m.Width)
					}
					for _, h := range heads {
						readable(t, "heading", h)
					}
					cells := labelsIn(list)
					if len(cells) < list.Length() {
						t.Fatalf("%d cells shown for %d rows", len(cells), list.Length())
					}
					oneLine := widget.NewLabel("x").MinSize().Height
					tallest := float32(0)
					for _, l := range cells {
						readable(t, "cell", l)
						tallest = max(tallest, l.Size().Height)
					}
					if size.Width == 800 && tallest <= oneLine {
						t.Errorf("no row wraps at 800 wide: the tallest is %v, one line %v", tallest, oneLine)
					}
				})
			}
		}
	}
}

// TestTableRowsFollowTheWidth: a row's height follows the window's
// width, narrowed and widened again: taller when its cells wrap, one line
// again when there is room; and its columns follow the language.
func TestTableRowsFollowTheWidth(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	t.Cleanup(func() { lang.Set("ru") })
	q := NewStaffQueue()
	q.SetApplications([]api.Application{{ID: "a1", Number: "2026-000017", Type: api.AppPortfolioManager, Status: api.StatusProcessing,
		IIN: "880415300157", DepositorName: "Сейтқали Бекзат", CreatedAt: time.Date(2026, 11, 20, 12, 0, 0, 0, FundZone)}})
	w := test.NewTempWindow(t, q.Content())
	height := func(width float32) float32 {
		// Resized as the user does: no refresh of the page.
		w.Resize(fyne.NewSize(width, 600))
		cells := labelsIn(q.List)
		if len(cells) == 0 {
			t.Fatalf("no row shown at %v wide", width)
		}
		for _, l := range cells {
			readable(t, fmt.Sprint(width, " wide"), l)
		}
		return cells[0].Size().Height
	}
	wide := height(1920)
	narrow := height(600)
	again := height(1920)
	if narrow <= wide || again != wide {
		t.Errorf("row %v high at 1920, %v at 600, %v at 1920 again", wide, narrow, again)
	}

	// After a language switch the columns take the new words' widths,
	// the headings' and the rows' alike.
	height(600)
	for _, code := range []string{"kk", "en", "ru"} {
		lang.Set(code)
		q.Retranslate()
		w.Content().Refresh() // the next frame lays the page out again
		cells := labelsIn(q.List)
		for i, h := range q.Columns {
			readable(t, code+" heading", h)
			readable(t, code+" cell", cells[i])
			if hx, cx := h.Position().X, cells[i].Position().X; hx != cx || h.Size().Width != cells[i].Size().Width {
				t.Errorf("%s: column %d: heading at %v, %v wide; cell at %v, %v wide", code, i, hx, h.Size().Width, cx, cells[i].Size().Width)
			}
		}
	}
}

// TestOutboxMessagesReadable: in the demo outbox's window (560 wide, and
// narrowed to 400) a message's header (channel, recipient, time and zone,
// subject) and body wrap whole, each row as tall as its lines, in ru, kk
// and en; the header was cut at the window's edge.
func TestOutboxMessagesReadable(t *testing.T) {
	at := time.Date(2026, 12, 3, 8, 51, 0, 0, time.UTC)
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			o := NewOutbox()
			o.SetMessages([]api.OutboxMessage{
				{Channel: "sms", To: "77012345600", Subject: "Одноразовый пароль / Бір реттік құпиясөз / One-time password",
					Body: "Одноразовый пароль: 803316. Действует 15 мин. Никому не сообщайте.\nБір реттік құпиясөз: 803316. 15 мин жарамды. Ешкімге айтпаңыз.", CreatedAt: at},
				{Channel: "email", To: "be*****@ma****", Subject: "Заявление Z-20261203-000001", Body: "Статус: Подано", CreatedAt: at},
			})
			w := test.NewTempWindow(t, o.Content())
			w.Resize(fyne.NewSize(560, 520))
			w.Content().Refresh() // the next frame lays the window out again
			for _, width := range []float32{560, 400, 560} {
				// Then resized as the user does: no refresh of the page.
				w.Resize(fyne.NewSize(width, 520))
				cells := labelsIn(o.List)
				if len(cells) != 4 {
					t.Fatalf("%v wide: %d labels shown, want 4", width, len(cells))
				}
				for _, l := range cells {
					readable(t, fmt.Sprint(width, " wide"), l)
					if right := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).X + l.Size().Width; right > width {
						t.Errorf("%v wide: %q ends at %v", width, l.Text, right)
					}
				}
			}
		})
	}
}

// TestThemeDigitsAllAsWide: columns.fit measures a word with its digits
// as zeros; that holds only if the theme's digits are all as wide (the
// app's theme takes the default theme's fonts).
func TestThemeDigitsAllAsWide(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme())
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		zero := fyne.MeasureText("0", theme.TextSize(), style).Width
		for _, d := range "123456789" {
			if w := fyne.MeasureText(string(d), theme.TextSize(), style).Width; w != zero {
				t.Errorf("bold %v: %q is %v wide, 0 is %v", style.Bold, d, w, zero)
			}
		}
	}
}

// TestApplicationDatesDoNotBreak: in the status of applications, at
// 800×600 and 1366×768 in ru, kk and en, each date is on one line: «3 Dec
// 2026» wrapped to «3 Dec / 2026» at 800×600 in English.
func TestApplicationDatesDoNotBreak(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range renderSizes {
			t.Run(fmt.Sprintf("%s/%vx%v", code, size.Width, size.Height), func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				content, list, _ := tablePages()["status of applications"]()
				w := test.NewTempWindow(t, content)
				w.Resize(size)
				w.Content().Refresh()
				cells := labelsIn(list)
				if len(cells) < 4 {
					t.Fatalf("%d cells shown", len(cells))
				}
				for i := 2; i < len(cells); i += 4 {
					l := cells[i]
					room := l.Size().Width - 2*l.Theme().Size(theme.SizeNameInnerPadding)
					if w := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width; w > room {
						t.Errorf("date %q is %v wide in a cell with room for %v: it breaks", l.Text, w, room)
					}
				}
			})
		}
	}
}

// drawnLines are the lines a label drew its text in, as it wrapped it.
// (test.LaidOutObjects would lay the label out again in the app's
// theme, not the table's.)
func drawnLines(l *widget.Label) []string {
	var out []string
	for _, o := range test.WidgetRenderer(l).Objects() {
		rt, ok := o.(*widget.RichText)
		if !ok {
			continue
		}
		for _, x := range test.WidgetRenderer(rt).Objects() {
			if txt, ok := x.(*canvas.Text); ok && txt.Visible() && txt.Text != "" {
				out = append(out, txt.Text)
			}
		}
	}
	return out
}

// TestQueueDatesDoNotBreak: in the staff queue at 800×600 in ru, kk and
// en, a cell of the «Submitted» column shows its date whole on one line
// and its time whole, on the same line or the next: «20 Nov» over «2026
// 12:00» in English (and «02.12.» over «2026 14:21» seen in Russian)
// when the date was measured word by word.
func TestQueueDatesDoNotBreak(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			content, list, _ := tablePages()["staff queue"]()
			w := test.NewTempWindow(t, content)
			w.Resize(fyne.NewSize(800, 600))
			w.Content().Refresh()
			cells := labelsIn(list)
			if len(cells) < 10 {
				t.Fatalf("%d cells shown", len(cells))
			}
			for i := 1; i < len(cells); i += 5 {
				l := cells[i]
				words := strings.Fields(l.Text)
				date, clock := strings.Join(words[:len(words)-1], " "), words[len(words)-1]
				lines := drawnLines(l)
				ok := len(lines) == 1 && lines[0] == l.Text || len(lines) == 2 && lines[0] == date && lines[1] == clock
				if !ok {
					t.Errorf("%q drawn as %q: the date or the time is broken", l.Text, lines)
				}
			}
		})
	}
}

// TestDPVReceiptPerRow: each row of the ДПВ orders, now a wrapping
// table, ends with its own receipt button, which asks for that row's
// receipt.
func TestDPVReceiptPerRow(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	d := NewDPV(time.Date(2026, 12, 3, 10, 0, 0, 0, FundZone))
	orders := []api.DPVOrder{
		{ID: "o1", Receipt: "DPV-20261203-00000001", Amount: 2_500_000, Period: "2026-11", CreatedAt: time.Date(2026, 12, 3, 9, 0, 0, 0, FundZone)},
		{ID: "o2", Receipt: "DPV-20261203-00000002", Amount: 1_000_000, Period: "2026-10", CreatedAt: time.Date(2026, 12, 3, 8, 0, 0, 0, FundZone)},
	}
	var got []string
	d.OnReceipt = func(o api.DPVOrder) { got = append(got, o.ID) }
	w := test.NewTempWindow(t, d.Content())
	w.Resize(fyne.NewSize(800, 600))
	d.SetOrders(orders)
	w.Content().Refresh()
	var buttons []*Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *Button:
			buttons = append(buttons, x)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(d.List)
	if len(buttons) != len(orders) {
		t.Fatalf("%d receipt buttons for %d rows", len(buttons), len(orders))
	}
	for _, b := range buttons {
		if b.Text != lang.L("dpv.receipt") {
			t.Errorf("button %q", b.Text)
		}
		test.Tap(b)
	}
	if strings.Join(got, ",") != "o1,o2" {
		t.Errorf("receipts asked: %v", got)
	}
}
