package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// FYNE_SCALE 1.5 on a 1920×1080 screen gives the window about 1100×672
// of the app's units; 1366×768 gives about 880×480.
var scaledSizes = []fyne.Size{{Width: 1100, Height: 672}, {Width: 880, Height: 480}}

// below fails unless b starts below the end of a (both drawn).
func below(t *testing.T, what string, a, b fyne.CanvasObject) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	pa, pb := d.AbsolutePositionForObject(a), d.AbsolutePositionForObject(b)
	if a.Size().Height < a.MinSize().Height {
		t.Errorf("%s: %v high, needs %v", what, a.Size().Height, a.MinSize().Height)
	}
	if end := pa.Y + a.Size().Height; end > pb.Y {
		t.Errorf("%s: ends at %v, over what follows at %v", what, end, pb.Y)
	}
}

// The demo note comes once the service has answered, after the login
// page was first laid out: at FYNE_SCALE 1.5 it took two lines drawn in
// the height of none, over «ИИН *» and the EDS card's title, until the
// window was resized.
func TestLoginDemoNoteShownLateIsLaidOut(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range scaledSizes {
			t.Run(code, func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				l := NewLogin()
				w := test.NewTempWindow(t, l.Content())
				w.Resize(size)
				l.SetDemo("login.demo")
				below(t, "the demo note", l.Demo, l.IINLabel)
				l.SetDemo("")
				if d := fyne.CurrentApp().Driver(); d.AbsolutePositionForObject(l.IINLabel).Y > d.AbsolutePositionForObject(l.Subtitle).Y+l.Subtitle.Size().Height+60 {
					t.Error("the demo note's place stays once it is gone")
				}
			})
		}
	}
}

// menuFits fails when an entry of the menu is not as high as its title
// needs (a line cut) or leaves room for a line it no longer has, or when
// the entries overlap.
func menuFits(t *testing.T, s *shell, ids []string, when string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	var end float32
	for i, id := range ids {
		m := s.Menu[id]
		h, need := m.Size().Height, m.MinSize().Height
		if h < need-0.5 || h > need+0.5 {
			t.Errorf("%s: «%s» is %v high, its title needs %v", when, m.Text, h, need)
		}
		y := d.AbsolutePositionForObject(m).Y
		if i > 0 && y < end-0.5 {
			t.Errorf("%s: «%s» starts at %v, over the entry above ending at %v", when, m.Text, y, end)
		}
		end = y + h
	}
}

// The menu's entry of the page shown is in bold, so its title may take
// one more line; shown another page, it is back to its lines. The menu
// is laid out again each time (and after a language switch): it kept the
// room of the bold title's extra line, a gap, until the window was
// resized (seen at FYNE_SCALE 1.5 in kk).
func TestMenuFollowsBoldAndLanguage(t *testing.T) {
	for _, size := range append(scaledSizes, renderSizes...) {
		test.NewTempApp(t)
		c := NewCabinet()
		w := test.NewTempWindow(t, c.Content())
		w.Resize(size)
		for _, code := range []string{"ru", "kk", "en"} {
			lang.Set(code)
			c.Retranslate()
			menuFits(t, &c.shell, Services, code+" switched")
			for _, id := range Services {
				c.Show(id, NewHome().Content())
				menuFits(t, &c.shell, Services, code+" "+id)
			}
		}
		lang.Set("ru")
	}
}

// A contribution's row is cut to its columns when the window is narrow
// (1366×768 at FYNE_SCALE 1.5: «25,000.00 ₸ · Novemb…», «№ DPV-2026…»);
// chosen with a tap, Space or Enter it is shown whole under the list, in
// the language shown.
func TestDPVRowShownWhole(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("en")
	t.Cleanup(func() { lang.Set("ru") })
	d := NewDPV(time.Date(2026, 12, 3, 10, 0, 0, 0, FundZone))
	cv := show(t, d.Content())
	d.SetOrders([]api.DPVOrder{{Receipt: "DPV-20261203-88717169", Amount: 2_500_000, Period: "2026-11",
		CreatedAt: time.Date(2026, 12, 3, 13, 50, 0, 0, FundZone)}})
	if d.Detail.Visible() {
		t.Fatal("a row shown before any was chosen")
	}
	cv.Focus(d.List)
	enter(d.List)
	if !d.Detail.Visible() || !strings.Contains(d.Detail.Text, "November 2026") || !strings.Contains(d.Detail.Text, "№ DPV-20261203-88717169") {
		t.Fatalf("Enter on the row: detail %v %q", d.Detail.Visible(), d.Detail.Text)
	}
	lang.Set("ru")
	d.Retranslate()
	if !strings.Contains(d.Detail.Text, "Ноябрь 2026") && !strings.Contains(d.Detail.Text, "ноябрь 2026") {
		t.Errorf("ru: detail %q", d.Detail.Text)
	}
	d.SetOrders(nil)
	if d.Detail.Visible() {
		t.Error("the detail of a row that is gone stays")
	}
}

// statementsScrolled shows a statement of 40 rows in the cabinet in a
// window of size, scrolls the page to its end and returns the page's
// scroll (nil if it has none) and the statements.
func statementsScrolled(t *testing.T, size fyne.Size) (*container.Scroll, *Statements) {
	t.Helper()
	s := NewStatements(time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC))
	c := NewCabinet()
	c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
	c.Show(ServiceStatements, s.Content())
	w := test.NewTempWindow(t, c.Content())
	w.Resize(size)
	s.SetAccounts([]string{api.AccountOPV, api.AccountOPPV, api.AccountDPV})
	s.Apply()
	s.SetSummary(api.StatementSummary{RowCount: 40, Totals: []api.OperationTotal{}})
	s.AppendPage(fakeRows(0, 40), "")
	w.Content().Refresh()
	var scroll *container.Scroll
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *container.Scroll:
			scroll = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(s.Content())
	if scroll != nil {
		scroll.ScrollToBottom()
	}
	return scroll, s
}

// At FYNE_SCALE 1.5 on a 1366×768 screen the filters and the tabs' bar
// left the statement's table two rows. Scrolled to its end, the page now
// shows the table whole, with at least 6 rows under its header (7.1 at
// 880×480, 6.5 in the real window's 895×460), and the status under it;
// in ru, kk and en, at both scaled sizes and the real window's. In a window
// tall enough (1366×768 unscaled) the page does not scroll and the table
// takes the height left.
func TestStatementsTableRowsAtScale(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range append(scaledSizes, fyne.NewSize(895, 460)) {
			t.Run(fmt.Sprintf("%s/%vx%v", code, size.Width, size.Height), func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				scroll, s := statementsScrolled(t, size)
				page := s.Content()
				if scroll != nil {
					page = scroll
				}
				d := fyne.CurrentApp().Driver()
				view := d.AbsolutePositionForObject(page).Y
				top, end := d.AbsolutePositionForObject(s.Table).Y, view+page.Size().Height
				if top < view || top+s.Table.Size().Height > end {
					t.Errorf("table from %v to %v, the page shows %v to %v", top, top+s.Table.Size().Height, view, end)
				}
				if y := d.AbsolutePositionForObject(s.Status).Y; y+s.Status.Size().Height > end+0.5 {
					t.Errorf("status at %v, under the page's end %v", y, end)
				}
				row := s.newCell().MinSize().Height + theme.SeparatorThicknessSize()
				header := s.Table.MinSize().Height - row
				rows := (s.Table.Size().Height - header) / row
				t.Logf("%.1f rows", rows)
				if rows < 6 {
					t.Errorf("the table shows %.1f rows", rows)
				}
			})
		}
	}
	test.NewTempApp(t)
	scroll, s := statementsScrolled(t, fyne.NewSize(1366, 768))
	if scroll == nil {
		t.Fatal("the statements page has no scroll")
	}
	if scroll.Offset.Y != 0 || scroll.Content.Size().Height != scroll.Size().Height {
		t.Errorf("at 1366x768 the page scrolls: content %v in %v", scroll.Content.Size(), scroll.Size())
	}
	if d := fyne.CurrentApp().Driver(); d.AbsolutePositionForObject(s.Status).Y+s.Status.Size().Height > d.AbsolutePositionForObject(scroll).Y+scroll.Size().Height+0.5 {
		t.Error("at 1366x768 the status is below the page")
	}
}

// At FYNE_SCALE 1.5 on a 1366×768 screen (880×480, and the real
// window's 895×460) the staff queue's five columns fit beside the menu
// in ru, kk and en, a double surname («Сейтқали-Длиннофамильная»)
// wrapping after its hyphen: the list ended 13 units past the window's
// edge in ru and 8 in kk, and the page scrolled sideways. Every cell
// stays readable, and the name reads as it is spelt.
func TestStaffQueueFitsAtScale(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range []fyne.Size{scaledSizes[1], {Width: 895, Height: 460}} {
			t.Run(fmt.Sprintf("%s/%vx%v", code, size.Width, size.Height), func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				content, list, heads := tablePages()["staff queue"]()
				w := test.NewTempWindow(t, content)
				w.Resize(size)
				w.Content().Refresh()
				if right := fyne.CurrentApp().Driver().AbsolutePositionForObject(list).X + list.Size().Width; right > size.Width {
					t.Errorf("the queue ends at %v, past the window's %v", right, size.Width)
				}
				for _, h := range heads {
					readable(t, "heading", h)
				}
				cells := labelsIn(list)
				if len(cells) < 10 {
					t.Fatalf("%d cells shown", len(cells))
				}
				for i, l := range cells {
					readable(t, "cell", l)
					if i%5 == 3 && strings.ReplaceAll(l.Text, hairSpace, "") != "Сейтқали-Длиннофамильная Бекзат Маратұлы, 880415300157" {
						t.Errorf("depositor %q", l.Text)
					}
				}
			})
		}
	}
}
