package app

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/store"
)

const (
	staffIIN      = "800612400774"
	staffName     = "Кузнецова Ольга Викторовна"
	aigerimIIN    = "950109400452"
	aigerimPhone  = "77012345600"
	staffTestAddr = "г. Астана, ул. Бейбітшілік, 45, кв. 7"
)

// newStaffHarness is a harness whose service leaves every application to
// the office staff (no back-office worker moving them meanwhile).
func newStaffHarness(t *testing.T) *harness {
	return newHarness(t, nil, func(c *service.Config) { c.BackOffice.Disabled = true })
}

// depositorClient is a depositor's own session on the harness's service.
func depositorClient(t *testing.T, h *harness) *client.Client {
	t.Helper()
	c := client.NewInProcess(h.svc.Handler())
	if _, err := c.Login(context.Background(), demoIIN, demoPassword); err != nil {
		t.Fatal(err)
	}
	return c
}

// submitDemoApplication files an application to change the postal address
// as the demo depositor, signed with his demo SIGN key.
func submitDemoApplication(t *testing.T, h *harness, c *client.Client) api.Application {
	t.Helper()
	return submitDemoDocument(t, h, c, api.AppAdditionalDetails, func(d *api.Document) {
		d.Details = &api.AdditionalDetails{Address: staffTestAddr}
	})
}

// submitDemoDocument files an application of type typ as the demo
// depositor, its content set by fill, signed with his demo SIGN key.
func submitDemoDocument(t *testing.T, h *harness, c *client.Client, typ string, fill func(*api.Document)) api.Application {
	t.Helper()
	ctx := context.Background()
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(demoKeyFile(t, h, demoIIN, eds.PurposeSign, "valid"))
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(data, service.DemoKeyPassword)
	if err != nil {
		t.Fatal(err)
	}
	doc := api.Document{Version: api.DocumentVersion, Type: typ, IIN: demoIIN, FullName: screens.FullName(me), CreatedAt: time.Now()}
	fill(&doc)
	b, err := api.DocumentBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	cms, err := eds.SignCMS(ks, b, false)
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.SubmitApplication(ctx, b, cms, "staff-test-"+typ)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func staffPage[T any](t *testing.T, h *harness) T {
	t.Helper()
	var (
		p  T
		ok bool
	)
	h.with(func() { p, ok = h.a.page.(T) })
	if !ok {
		t.Fatalf("page %T", h.a.page)
	}
	return p
}

// dialogWidgets are the buttons and the labels' texts of the top dialog
// (none when no dialog is open).
func dialogWidgets(h *harness) (buttons []*widget.Button, texts []string) {
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			buttons = append(buttons, v)
		case *screens.Button:
			buttons = append(buttons, &v.Button)
		case *widget.Label:
			texts = append(texts, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	h.with(func() {
		if top := h.a.Window().Canvas().Overlays().Top(); top != nil {
			walk(top)
		}
	})
	return buttons, texts
}

// tapDialogButton taps the button labelled text in the top dialog.
func tapDialogButton(t *testing.T, h *harness, text string) {
	t.Helper()
	var found *widget.Button
	buttons, _ := dialogWidgets(h)
	for _, b := range buttons {
		if b.Text == text {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no dialog button %q", text)
	}
	h.tap(found)
	h.a.WaitIdle()
}

func TestStaffLoginShowsWorkstation(t *testing.T) {
	h := newStaffHarness(t)
	h.login(t, staffIIN, service.DemoStaffPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("staff login failed: %q", statusOf(h))
	}
	s := h.a.staff.Staff()
	if s == nil || h.a.Cabinet() != nil || h.a.Home() != nil {
		t.Fatalf("staff shell %v, depositor cabinet %v", s != nil, h.a.Cabinet() != nil)
	}
	h.with(func() {
		if s.UserName.Text != staffName || s.Role.Text != "Сотрудник отделения" || s.FundName.Text == "" {
			t.Errorf("header: %q %q %q", s.FundName.Text, s.UserName.Text, s.Role.Text)
		}
		if s.Current() != screens.StaffPageQueue {
			t.Errorf("opens on %q", s.Current())
		}
	})
	q := staffPage[*screens.StaffQueue](t, h)
	h.with(func() {
		if q.Status.Visible() || !q.Empty.Visible() {
			t.Errorf("empty queue: status %q, empty note %v", q.Status.Text, q.Empty.Visible())
		}
	})

	// The language switch relabels the shell and the page.
	h.tap(s.Lang.Buttons["en"])
	h.a.WaitIdle()
	h.with(func() {
		if s.Role.Text != "Office employee" || s.Menu[screens.StaffPageQueue].Text != "Applications queue" || q.Title.Text != "Applications queue" {
			t.Errorf("en: %q, %q, %q", s.Role.Text, s.Menu[screens.StaffPageQueue].Text, q.Title.Text)
		}
	})
	h.tap(s.Lang.Buttons["ru"])

	// Every page opens without an error.
	h.tap(s.Menu[screens.StaffPageBookings])
	h.a.WaitIdle()
	b := staffPage[*screens.StaffBookings](t, h)
	h.with(func() {
		if b.Status.Visible() || len(b.Office.Options) < 2 {
			t.Errorf("bookings: status %q, offices %q", b.Status.Text, b.Office.Options)
		}
	})
	h.tap(s.Menu[screens.StaffPageContacts])
	h.a.WaitIdle()
	staffPage[*screens.StaffContacts](t, h)

	h.tap(s.Logout)
	h.a.WaitIdle()
	if h.a.LoggedIn() || h.a.Login() == nil || h.a.staff.Staff() != nil {
		t.Fatal("logout did not return to login")
	}
	// A depositor after the employee gets the cabinet, not the workstation.
	h.login(t, demoIIN, demoPassword)
	if h.a.Cabinet() == nil || h.a.staff.Staff() != nil {
		t.Fatalf("depositor: cabinet %v, staff %v", h.a.Cabinet() != nil, h.a.staff.Staff() != nil)
	}
}

func TestStaffMovesApplicationForward(t *testing.T) {
	h := newStaffHarness(t)
	dep := depositorClient(t, h)
	app := submitDemoApplication(t, h, dep)
	if app.Status != api.StatusSubmitted {
		t.Fatalf("submitted application is %q", app.Status)
	}

	h.login(t, staffIIN, service.DemoStaffPassword)
	q := staffPage[*screens.StaffQueue](t, h)
	var i int
	h.with(func() {
		i = slices.IndexFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID })
		if i < 0 {
			t.Fatalf("application %s not in the queue %+v (status %q)", app.Number, q.Applications(), q.Status.Text)
		}
		row := q.RowTexts(i)
		if row[0] != app.Number || !strings.Contains(row[3], demoIIN) || row[4] != "Подано" {
			t.Errorf("row %q", row)
		}
	})
	h.with(func() { q.List.Select(i) })
	h.a.WaitIdle()
	p := staffPage[*screens.StaffApplication](t, h)
	h.with(func() {
		if got := slices.Sorted(func(yield func(string) bool) {
			for s := range p.StatusButtons {
				if !yield(s) {
					return
				}
			}
		}); !slices.Equal(got, []string{api.StatusAccepted, api.StatusRejected}) {
			t.Fatalf("buttons for submitted: %v", got)
		}
		if p.Message.Visible() || !strings.Contains(p.Signer.Text, demoIIN) {
			t.Errorf("message %q, signer %q", p.Message.Text, p.Signer.Text)
		}
	})

	// «Принять» asks first, naming the application and the new status;
	// «Отмена» moves nothing.
	h.tap(p.StatusButtons[api.StatusAccepted])
	h.a.WaitIdle()
	_, texts := dialogWidgets(h)
	text := strings.Join(texts, "\n")
	for _, want := range []string{app.Number, screens.AppTypeText(api.AppAdditionalDetails), "Сейткали Бекзат", "«Принято»"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation %q does not name %q", text, want)
		}
	}
	tapDialogButton(t, h, "Отмена")
	if buttons, _ := dialogWidgets(h); len(buttons) != 0 {
		t.Fatal("the dialog stays after «Отмена»")
	}
	if got, err := dep.Application(context.Background(), app.ID); err != nil || got.Status != api.StatusSubmitted {
		t.Fatalf("after «Отмена» the service has %q (%v)", got.Status, err)
	}
	h.with(func() {
		if p.Application().Status != api.StatusSubmitted || p.Message.Visible() || p.StatusButtons[api.StatusAccepted].Disabled() {
			t.Fatalf("after «Отмена»: %q, message %q", p.Application().Status, p.Message.Text)
		}
	})
	h.tap(p.StatusButtons[api.StatusAccepted])
	h.a.WaitIdle()
	tapDialogButton(t, h, "Подтвердить")
	h.with(func() {
		if p.Application().Status != api.StatusAccepted || !p.Message.Visible() || p.Message.Importance != widget.SuccessImportance {
			t.Fatalf("after «Принять»: %q, message %q", p.Application().Status, p.Message.Text)
		}
		hist := p.HistoryTexts()
		if len(hist) != 2 || !strings.Contains(hist[1], staffName) || !strings.Contains(hist[1], "Принято") {
			t.Errorf("history %q", hist)
		}
		if _, ok := p.StatusButtons[api.StatusProcessing]; !ok {
			t.Errorf("next buttons %v", p.StatusButtons)
		}
	})
	// The message names the status in the language switched to after it.
	h.tap(h.a.staff.Staff().Lang.Buttons["kk"])
	h.with(func() {
		if !strings.Contains(p.Message.Text, "«"+lang.In("kk", "app.status.accepted")+"»") || strings.Contains(p.Message.Text, "Принято") {
			t.Errorf("message after ru → kk %q", p.Message.Text)
		}
	})
	h.tap(h.a.staff.Staff().Lang.Buttons["ru"])

	// The depositor sees the move, with the employee's name.
	got, err := dep.Application(context.Background(), app.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := got.History[len(got.History)-1]
	if got.Status != api.StatusAccepted || last.Actor != api.ActorStaff || last.ActorName != staffName {
		t.Errorf("depositor sees %q, last change %+v", got.Status, last)
	}

	// Rejecting without a reason sends nothing; with one, it is final. The
	// reason panel is its confirmation: no dialog.
	h.tap(p.StatusButtons[api.StatusRejected])
	if buttons, _ := dialogWidgets(h); len(buttons) != 0 {
		t.Fatal("«Отклонить» opened a dialog")
	}
	h.tap(p.RejectConfirm)
	h.a.WaitIdle()
	h.with(func() {
		if p.Application().Status != api.StatusAccepted || !p.ReasonHint.Visible() {
			t.Fatalf("empty reason: %q, hint %v", p.Application().Status, p.ReasonHint.Visible())
		}
	})
	h.typ(p.Reason, "Адрес не совпадает с документом")
	h.tap(p.RejectConfirm)
	h.a.WaitIdle()
	h.with(func() {
		if p.Application().Status != api.StatusRejected || len(p.StatusButtons) != 0 || !p.FinalNote.Visible() {
			t.Fatalf("after rejection: %q, buttons %v", p.Application().Status, p.StatusButtons)
		}
		hist := p.HistoryTexts()
		if !strings.Contains(hist[len(hist)-1], "Адрес не совпадает с документом") {
			t.Errorf("history %q", hist)
		}
	})

	// Back to the queue: the rejected one is no longer unfinished.
	h.tap(p.Back)
	h.a.WaitIdle()
	q2 := staffPage[*screens.StaffQueue](t, h)
	h.with(func() {
		if q2 != q || slices.ContainsFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID }) {
			t.Errorf("queue after the rejection: %+v", q.Applications())
		}
	})
	h.with(func() { q.SetFilter(api.StatusRejected) })
	h.a.WaitIdle()
	h.with(func() {
		if !slices.ContainsFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID }) {
			t.Errorf("rejected filter: %+v (status %q)", q.Applications(), q.Status.Text)
		}
	})
}

func TestStaffConfirmsContact(t *testing.T) {
	h := newStaffHarness(t)
	h.login(t, staffIIN, service.DemoStaffPassword)
	h.tap(h.a.staff.Staff().Menu[screens.StaffPageContacts])
	h.a.WaitIdle()
	p := staffPage[*screens.StaffContacts](t, h)
	h.typ(p.IIN, aigerimIIN)
	h.with(func() {
		if p.Find.Disabled() {
			t.Fatalf("«Найти» disabled for a valid IIN: %q", p.IINHint.Text)
		}
	})
	h.tap(p.Find)
	h.a.WaitIdle()
	h.with(func() {
		d, ok := p.Depositor()
		if !ok || !p.Card.Visible() || d.Phone != aigerimPhone || !strings.Contains(p.Name.Text, "Айгерим") {
			t.Fatalf("card: %+v, message %q", d, p.Message.Text)
		}
		if p.Confirm.Disabled() {
			t.Fatalf("confirm disabled: %q", p.ContactHint.Text)
		}
	})
	h.with(func() { p.NewEmail.SetText("") })
	h.tap(p.Confirm)
	tapDialogButton(t, h, "Подтвердить")
	h.with(func() {
		if !p.Message.Visible() || p.Message.Importance != widget.SuccessImportance || !strings.Contains(p.Message.Text, "подтверждены") {
			t.Fatalf("after confirming: %q", p.Message.Text)
		}
		if d, _ := p.Depositor(); d.ContactsConfirmedAt == nil || p.Confirmed.Text == "не было" {
			t.Errorf("confirmation time %v, shown %q", d.ContactsConfirmedAt, p.Confirmed.Text)
		}
	})

	// An unknown (but valid) IIN is not found.
	h.with(func() { p.IIN.SetText("") })
	h.typ(p.IIN, demoIIN[:11]+"0")
	h.with(func() {
		if !p.Find.Disabled() {
			t.Error("«Найти» enabled for a bad check digit")
		}
	})
}

func TestStaffSeesDayBookings(t *testing.T) {
	h := newStaffHarness(t)
	dep := depositorClient(t, h)
	ctx := context.Background()
	offices, err := dep.Offices(ctx)
	if err != nil || len(offices.Offices) == 0 {
		t.Fatalf("offices %+v, %v", offices, err)
	}
	office := offices.Offices[0]
	// The first day with a free slot, from today on.
	var booked api.Booking
	now := time.Now().In(screens.FundZone)
	for d := 0; d < 14 && booked.ID == 0; d++ {
		date := now.AddDate(0, 0, d).Format(time.DateOnly)
		slots, err := dep.OfficeSlots(ctx, office.ID, date)
		if err != nil {
			continue
		}
		for _, s := range slots.Slots {
			if s.Free > 0 && s.Start.After(time.Now().Add(5*time.Minute)) {
				booked, err = dep.Book(ctx, api.BookingRequest{OfficeID: office.ID, Start: s.Start, Service: api.BookingContacts})
				if err != nil {
					t.Fatal(err)
				}
				break
			}
		}
	}
	if booked.ID == 0 {
		t.Fatal("no free slot in two weeks")
	}
	day := booked.Start.In(screens.FundZone).Format(time.DateOnly)

	h.login(t, staffIIN, service.DemoStaffPassword)
	h.tap(h.a.staff.Staff().Menu[screens.StaffPageBookings])
	h.a.WaitIdle()
	p := staffPage[*screens.StaffBookings](t, h)
	h.with(func() {
		if p.DateString() != now.Format(time.DateOnly) || p.Title.Text != "Записи на сегодня" {
			t.Errorf("default day %q, title %q", p.DateString(), p.Title.Text)
		}
		p.SetDate(day)
	})
	h.a.WaitIdle()
	h.with(func() {
		want := "Записи на сегодня"
		if day != now.Format(time.DateOnly) {
			want = "Записи на " + booked.Start.In(screens.FundZone).Format("02.01.2006")
		}
		if p.Title.Text != want {
			t.Errorf("title for %s: %q, want %q", day, p.Title.Text, want)
		}
	})
	find := func() int {
		i := -1
		h.with(func() {
			i = slices.IndexFunc(p.Bookings(), func(b api.StaffBooking) bool { return b.ID == booked.ID })
		})
		return i
	}
	i := find()
	if i < 0 {
		t.Fatalf("booking %s not on %s: %+v (status %q)", booked.Ticket, day, p.Bookings(), p.Status.Text)
	}
	h.with(func() {
		row := p.RowTexts(i)
		if row[1] != booked.Ticket || !strings.Contains(row[2], demoIIN) || row[4] != "Подтверждение реквизитов" || row[5] != "активна" {
			t.Errorf("row %q", row)
		}
		p.SetOffice(office.ID)
	})
	h.a.WaitIdle()
	if find() < 0 {
		t.Error("not shown for its office")
	}
	h.with(func() {
		other := offices.Offices[len(offices.Offices)-1].ID
		if other != office.ID {
			p.SetOffice(other)
		}
	})
	h.a.WaitIdle()
	if len(offices.Offices) > 1 && find() >= 0 {
		t.Error("shown for another office")
	}
}

func TestStaffPublicWorkstationIdleLogout(t *testing.T) {
	// The open queue's own reloads are not the user's activity: they must
	// not postpone the idle logout.
	h := newHarness(t, nil, func(c *service.Config) { c.BackOffice.Disabled = true })
	h.tap(h.a.Login().Public)
	h.login(t, staffIIN, service.DemoStaffPassword)
	var notice string
	h.with(func() {
		if s := h.a.staff.Staff(); s != nil && s.Notice.Visible() {
			notice = s.Notice.Text
		}
	})
	if notice == "" {
		t.Fatalf("no public workstation notice on the workstation")
	}
	h.tap(h.a.staff.Staff().Lang.Buttons["en"])
	h.with(func() {
		if s := h.a.staff.Staff(); s == nil || s.Notice.Text == notice {
			t.Errorf("the notice was not retranslated: %q", notice)
		}
	})
	h.tick(t, DefaultStaffQueuePoll)
	h.tick(t, DefaultStaffQueuePoll)
	h.advance(5*time.Minute - 2*DefaultStaffQueuePoll)
	h.waitEnded(t, "cabinet.idle_logged_out")
	h.a.WaitIdle()
	h.with(func() {
		if h.a.LoggedIn() || h.a.staff.Staff() != nil || h.a.Login() == nil {
			t.Fatalf("after idle: logged in %v", h.a.LoggedIn())
		}
	})
}

// A portfolio manager application names the manager as the depositor's
// review does (the names of the service's options), not by its id.
func TestStaffApplicationNamesPortfolioManager(t *testing.T) {
	h := newStaffHarness(t)
	dep := depositorClient(t, h)
	opts, err := dep.ApplicationOptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var m api.Manager
	for _, x := range opts.Managers {
		if !x.NationalBank && x.ID != api.ManagerNationalBank && x.Name != "" && m.ID == "" {
			m = x
		}
	}
	if m.ID == "" {
		t.Fatalf("no private manager in %+v", opts.Managers)
	}
	app := submitDemoDocument(t, h, dep, api.AppPortfolioManager, func(d *api.Document) {
		d.Portfolio = &api.PortfolioChoice{ManagerID: m.ID, SharePercent: 30}
	})

	h.login(t, staffIIN, service.DemoStaffPassword)
	q := staffPage[*screens.StaffQueue](t, h)
	h.with(func() {
		i := slices.IndexFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID })
		if i < 0 {
			t.Fatalf("application %s not in the queue (status %q)", app.Number, q.Status.Text)
		}
		q.List.Select(i)
	})
	h.a.WaitIdle()
	p := staffPage[*screens.StaffApplication](t, h)
	manager := func() string {
		var v string
		h.with(func() {
			for _, it := range p.DocForm.Items {
				if it.Text == lang.L("app.field.manager") {
					v = it.Widget.(*widget.Label).Text
				}
			}
		})
		return v
	}
	if got := manager(); got != m.Name {
		t.Fatalf("manager shown as %q, want %q (id %s)", got, m.Name, m.ID)
	}
	h.tap(h.a.staff.Staff().Lang.Buttons["kk"])
	h.a.WaitIdle()
	if got := manager(); got != m.Name {
		t.Errorf("kk: manager shown as %q", got)
	}
}

// The open queue reloads itself with the filter chosen, never two reloads
// at once, and stops when the page or the session is left.
func TestStaffQueueRefreshesItself(t *testing.T) {
	const every = DefaultStaffQueuePoll
	qc := &callGate{path: api.PathStaffQueue, release: make(chan struct{})}
	var h *harness
	// DeferStart: the first connection is made at the login, once h is set.
	h = newHarness(t, func(d *Deps) {
		d.DeferStart = true
		d.Connect = func(context.Context) (*client.Client, error) {
			return client.NewInProcess(qc.wrap(h.svc.Handler())), nil
		}
	}, func(c *service.Config) { c.BackOffice.Disabled = true })
	defer func() {
		if qc.block.Swap(false) {
			close(qc.release)
		}
	}()
	h.login(t, staffIIN, service.DemoStaffPassword)
	q := staffPage[*screens.StaffQueue](t, h)
	h.with(func() { q.SetFilter(api.StatusSubmitted) })
	h.a.WaitIdle()

	// A new application shows up without a tap; the filter stays.
	app := submitDemoApplication(t, h, depositorClient(t, h))
	h.tick(t, every)
	waitFor(t, h, "the new application in the queue", func() bool {
		return slices.ContainsFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID })
	})
	h.with(func() {
		if q.FilterStatus() != api.StatusSubmitted || q.Filter.Selected != "Подано" || q.Progress.Visible() {
			t.Errorf("filter %q (%q), progress %v", q.FilterStatus(), q.Filter.Selected, q.Progress.Visible())
		}
	})

	// A slow answer: the ticks meanwhile send nothing more.
	qc.block.Store(true)
	start := qc.calls.Load()
	h.tick(t, every)
	waitFor(t, h, "a reload to start", func() bool { return qc.running.Load() > 0 })
	for range 10 {
		h.tick(t, every)
	}
	if n := qc.calls.Load() - start; n != 1 || qc.maxRunning.Load() != 1 {
		t.Fatalf("%d reloads sent while one was running, %d at once", n, qc.maxRunning.Load())
	}
	qc.block.Store(false)
	close(qc.release)
	for qc.calls.Load() < start+3 {
		h.tick(t, every)
		waitFor(t, h, "the reload's answer", func() bool { return qc.running.Load() == 0 })
	}

	// Another page, the application page, the end of the session: no more
	// reloads.
	quiet := func(what string) {
		t.Helper()
		h.a.WaitIdle()
		h.waitNoPoller(t, what)
	}
	h.tap(h.a.staff.Staff().Menu[screens.StaffPageContacts])
	quiet("on the contacts page")
	h.tap(h.a.staff.Staff().Menu[screens.StaffPageQueue])
	h.a.WaitIdle()
	q = staffPage[*screens.StaffQueue](t, h)
	n := qc.calls.Load()
	for qc.calls.Load() < n+2 {
		h.tick(t, every)
		waitFor(t, h, "the reload's answer", func() bool { return qc.running.Load() == 0 })
	}
	h.with(func() {
		i := slices.IndexFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID })
		if i < 0 {
			t.Fatalf("application %s not in the queue", app.Number)
		}
		q.List.Select(i)
	})
	staffPage[*screens.StaffApplication](t, h)
	quiet("on the application page")
	h.tap(h.a.staff.Staff().Logout)
	quiet("after the logout")
}

// A public workstation left with a confirmation open: the idle warning
// comes over it, then the idle logout closes both; the login screen has
// no dead dialog over it and the application did not move.
func TestStaffDialogsClosedByIdleLogout(t *testing.T) {
	h := newHarness(t, nil, func(c *service.Config) { c.BackOffice.Disabled = true })
	app := submitDemoApplication(t, h, depositorClient(t, h))
	h.tap(h.a.Login().Public)
	h.login(t, staffIIN, service.DemoStaffPassword)
	q := staffPage[*screens.StaffQueue](t, h)
	h.with(func() {
		q.List.Select(slices.IndexFunc(q.Applications(), func(a api.Application) bool { return a.ID == app.ID }))
	})
	h.a.WaitIdle()
	p := staffPage[*screens.StaffApplication](t, h)
	h.tap(p.StatusButtons[api.StatusAccepted])
	h.a.WaitIdle()
	if _, texts := dialogWidgets(h); !strings.Contains(strings.Join(texts, "\n"), app.Number) {
		t.Fatalf("no confirmation: %q", texts)
	}
	h.advance(4 * time.Minute)
	waitFor(t, h, "the idle warning over the confirmation", func() bool {
		return len(h.a.Window().Canvas().Overlays().List()) == 2
	})
	h.advance(time.Minute)
	h.waitEnded(t, "cabinet.idle_logged_out")
	h.a.WaitIdle()
	h.with(func() {
		if h.a.Login() == nil {
			t.Fatalf("page after the idle logout %T", h.a.page)
		}
		if n := len(h.a.Window().Canvas().Overlays().List()); n != 0 {
			t.Errorf("%d dialogs over the login screen", n)
		}
	})
	c := depositorClient(t, h)
	if got, err := c.Application(context.Background(), app.ID); err != nil || got.Status != api.StatusSubmitted {
		t.Errorf("the application is %q (%v)", got.Status, err)
	}
}

// TestStaffWorkstationByRole: an employee sees only the pages of the
// role (#11): the queue for "applications", contacts and bookings for
// "office", all of them for "all"; the badge names the role, and the
// page it opens on is one it may use.
func TestStaffWorkstationByRole(t *testing.T) {
	for _, c := range []struct {
		role  string
		pages []string
		first string
		badge string
	}{
		{api.StaffRoleApplications, []string{screens.StaffPageQueue, screens.StaffPageTwoFactor}, screens.StaffPageQueue,
			"Обработка заявлений"},
		{api.StaffRoleOffice, []string{screens.StaffPageContacts, screens.StaffPageBookings, screens.StaffPageTwoFactor},
			screens.StaffPageContacts, "Приём посетителей"},
		{api.StaffRoleAll, screens.StaffPages, screens.StaffPageQueue, "Сотрудник отделения"},
	} {
		t.Run(c.role, func(t *testing.T) {
			var dir string
			h := newHarness(t, nil, func(cfg *service.Config) { cfg.BackOffice.Disabled = true; dir = cfg.DataDir })
			db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`INSERT INTO staff (iin, role, created_ms) VALUES (?, ?, 0)`, staffIIN, c.role); err != nil {
				t.Fatal(err)
			}
			h.login(t, staffIIN, service.DemoStaffPassword)
			s := h.a.staff.Staff()
			if s == nil {
				t.Fatalf("no workstation: %q", statusOf(h))
			}
			h.with(func() {
				for _, id := range screens.StaffPages {
					if want := slices.Contains(c.pages, id); s.Menu[id].Visible() != want {
						t.Errorf("menu %q shown %v, want %v", id, s.Menu[id].Visible(), want)
					}
				}
				if s.Current() != c.first {
					t.Errorf("opens on %q, want %q", s.Current(), c.first)
				}
				if s.Role.Text != c.badge {
					t.Errorf("badge %q, want %q", s.Role.Text, c.badge)
				}
				if s.Notice.Visible() {
					t.Errorf("a notice on opening: %q", s.Notice.Text)
				}
			})
			// A page of another role does not open even when asked for
			// (a stale menu tap): the page shown stays.
			for _, id := range screens.StaffPages {
				if slices.Contains(c.pages, id) {
					continue
				}
				h.with(func() { h.a.staff.openStaffPage(id) })
				h.a.WaitIdle()
				h.with(func() {
					if s.Current() != c.first {
						t.Errorf("page %q opened for role %q", id, c.role)
					}
				})
			}
			// Every page of the role opens without a refusal.
			for _, id := range c.pages {
				if id == screens.StaffPageTwoFactor {
					continue
				}
				h.tap(s.Menu[id])
				h.a.WaitIdle()
				h.with(func() {
					if s.Current() != id {
						t.Errorf("page %q did not open", id)
					}
				})
				switch p := h.a.page.(type) {
				case *screens.StaffQueue:
					h.with(func() {
						if p.Status.Visible() {
							t.Errorf("queue: %q", p.Status.Text)
						}
					})
				case *screens.StaffBookings:
					h.with(func() {
						if p.Status.Visible() {
							t.Errorf("bookings: %q", p.Status.Text)
						}
					})
				}
			}
		})
	}
}
