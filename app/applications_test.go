package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
)

const aselIIN = "921102400233" // disability group 2 for life, ОПВ only

func noBackOffice(c *service.Config) { c.BackOffice.Disabled = true }

// paymentToReview fills «Заявление на пенсионную выплату» from ОПВ and
// goes through the check to the review.
func paymentToReview(t *testing.T, h *harness) *screens.ApplicationFlow {
	t.Helper()
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServicePayment]) })
	h.a.WaitIdle()
	var p *screens.ApplicationFlow
	h.with(func() { p, _ = h.a.page.(*screens.ApplicationFlow) })
	if p == nil {
		t.Fatalf("page %T", h.a.page)
	}
	iban, _ := kz.MakeIBAN("601", "0000098765432")
	h.with(func() {
		f := p.Form
		opv := -1
		for i, o := range f.PaymentChoices {
			if strings.Contains(o.Text, "ОПВ") && !strings.Contains(o.Text, "ОППВ") && !o.Disabled() {
				opv = i
			}
		}
		if opv < 0 {
			t.Fatalf("no eligible ОПВ choice; status %q", f.Status.Text)
		}
		// ОППВ is not open to her, and the form says why.
		for i, o := range f.PaymentChoices {
			if strings.Contains(o.Text, "ОППВ") && (!o.Disabled() || !strings.Contains(f.PaymentReasons[i].Text, "Недоступно")) {
				t.Errorf("ОППВ choice: disabled %v, reason %q", o.Disabled(), f.PaymentReasons[i].Text)
			}
		}
		f.SelectPayment(opv)
		f.IBAN.SetText(iban)
		if f.Next.Disabled() {
			t.Fatalf("«Далее» disabled: IBAN error %q", f.IBANError.Text)
		}
		test.Tap(f.Next)
	})
	h.a.WaitIdle()
	h.with(func() {
		if p.Step() != screens.StepReview {
			t.Fatalf("step %s, form says %q", p.Step(), p.Form.Status.Text)
		}
		lines := strings.Join(p.Review.LineTexts(), "\n")
		if !strings.Contains(lines, "Нурланова Асель") || !strings.Contains(lines, "Halyk Bank") || !strings.Contains(lines, iban[:4]) {
			t.Errorf("review:\n%s", lines)
		}
		test.Tap(p.Review.Submit)
		if p.Step() != screens.StepSign {
			t.Fatalf("step %s after «Подписать и отправить»", p.Step())
		}
	})
	return p
}

// waitFor polls cond (on the "UI goroutine") until it holds.
func waitFor(t *testing.T, h *harness, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		h.with(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitPolling waits for cond while the app's clock moves on by every
// between looks, each step once the poller has handled the last one.
func waitPolling(t *testing.T, h *harness, what string, every time.Duration, cond func() bool) {
	t.Helper()
	for i := 0; ; i++ {
		var ok bool
		h.with(func() { ok = cond() })
		if ok {
			return
		}
		if i == 200 {
			t.Fatalf("no %s after %d polls", what, i)
		}
		h.tick(t, every)
	}
}

func openSignKey(t *testing.T, h *harness, s *screens.EDSSign, path string) {
	t.Helper()
	h.with(func() {
		s.File.SetText(path)
		s.Password.SetText("")
		test.Type(s.Password, service.DemoKeyPassword)
		test.Tap(s.Open)
	})
	h.a.WaitIdle()
}

func applicationsOf(t *testing.T, h *harness, iin string) []api.Application {
	t.Helper()
	c := client.NewInProcess(h.svc.Handler())
	ctx := context.Background()
	if _, err := c.Login(ctx, iin, demoPassword); err != nil {
		t.Fatal(err)
	}
	defer c.Logout(ctx)
	list, err := c.Applications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return list.Applications
}

func TestPaymentApplicationSignedSubmittedAndNotified(t *testing.T) {
	h := newHarness(t, nil, noBackOffice)
	h.login(t, aselIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login: %q", statusOf(h))
	}
	p := paymentToReview(t, h)
	s := p.Sign

	// The AUTH key is refused for signing, with the existing message;
	// nothing is sent.
	openSignKey(t, h, s, demoKeyFile(t, h, aselIIN, eds.PurposeAuth, "valid"))
	h.with(func() {
		if !s.CertWarning.Visible() || !strings.Contains(s.CertWarning.Text, "ключ аутентификации") || !s.Sign.Disabled() {
			t.Fatalf("AUTH key: warning %q, sign disabled %v", s.CertWarning.Text, s.Sign.Disabled())
		}
		if h.a.apps.closeKey == nil {
			t.Error("the opened key is not tracked for closing")
		}
		test.Tap(s.Sign)
	})
	h.a.WaitIdle()
	if n := len(applicationsOf(t, h, aselIIN)); n != 0 {
		t.Fatalf("%d applications after the AUTH key", n)
	}

	// The SIGN key signs and the application is filed.
	openSignKey(t, h, s, demoKeyFile(t, h, aselIIN, eds.PurposeSign, "valid"))
	h.with(func() {
		if s.Sign.Disabled() {
			t.Fatalf("SIGN key: warning %q status %q", s.CertWarning.Text, s.Status.Text)
		}
		test.Tap(s.Sign)
	})
	h.a.WaitIdle()
	var d *screens.ApplicationDetail
	h.with(func() {
		d, _ = h.a.page.(*screens.ApplicationDetail)
		if d == nil {
			t.Fatalf("page %T, sign status %q", h.a.page, s.Status.Text)
		}
		if h.a.apps.closeKey != nil {
			t.Error("the key is still open after signing")
		}
		a := d.Application()
		if a.Status != api.StatusSubmitted || a.Number == "" || a.Type != api.AppPensionPayment || !d.Message.Visible() ||
			!strings.Contains(d.Message.Text, a.Number) {
			t.Fatalf("detail %+v, message %q", a, d.Message.Text)
		}
		if e := d.TimelineEntries(); len(e) != 1 || e[0].Status != "Подано" || e[0].Actor != "Вкладчик" {
			t.Errorf("timeline %+v", e)
		}
		if !strings.Contains(d.Signer.Text, aselIIN) {
			t.Errorf("signer %q", d.Signer.Text)
		}
	})
	apps := applicationsOf(t, h, aselIIN)
	if len(apps) != 1 || apps[0].Document.Payment == nil || apps[0].Document.Payment.Account != api.AccountOPV {
		t.Fatalf("applications %+v", apps)
	}
	// «Сохранить подписанный документ» opens a folder dialog; the files
	// it writes are the stored document and signature.
	h.with(func() { test.Tap(d.Save) })
	h.a.WaitIdle()
	h.with(func() {
		if h.a.Window().Canvas().Overlays().Top() == nil {
			t.Error("no folder dialog")
		}
		h.a.Window().Canvas().Overlays().Top().Hide()
	})
	dir, _ := storage.ListerForURI(storage.NewFileURI(t.TempDir()))
	paths, err := writeSigned(dir, apps[0].Number, []byte("{}"), []byte{0x30})
	if err != nil || len(paths) != 2 || !strings.HasSuffix(paths[0], apps[0].Number+".json") || !strings.HasSuffix(paths[1], ".p7s") {
		t.Fatalf("written %q %v", paths, err)
	}
	if b, _ := os.ReadFile(paths[1]); len(b) != 1 {
		t.Errorf("signature file %v", b)
	}

	// «Статус заявлений» lists it; tapping opens its history.
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServiceStatus]) })
	h.a.WaitIdle()
	h.with(func() {
		l, ok := h.a.page.(*screens.Applications)
		if !ok || len(l.ApplicationList()) != 1 || l.RowTexts(0)[0] != "Пенсионная выплата" || l.RowTexts(0)[3] != "Подано" {
			t.Fatalf("status page %T %+v", h.a.page, l)
		}
		l.List.Select(0)
	})
	h.a.WaitIdle()
	h.with(func() { d, _ = h.a.page.(*screens.ApplicationDetail) })
	if d == nil || d.Application().ID != apps[0].ID {
		t.Fatalf("detail not opened: %T", h.a.page)
	}

	// The back office accepts it: a notification comes, the banner and the
	// count show, and the open detail refreshes by itself.
	if n, err := h.svc.RunBackOffice(context.Background(), time.Now().Add(service.DefaultBackOfficeStep+time.Minute)); err != nil || n != 1 {
		t.Fatalf("back office moved %d, %v", n, err)
	}
	waitPolling(t, h, "the notification", DefaultNotificationPoll, func() bool {
		cab := h.a.Cabinet()
		return cab.Unread() == 1 && cab.BannerVisible() && d.Application().Status == api.StatusAccepted
	})
	h.a.WaitIdle()
	h.with(func() {
		cab := h.a.Cabinet()
		if !strings.Contains(cab.BannerText.Text, apps[0].Number) || !strings.Contains(cab.BannerText.Text, "Принято") ||
			cab.Menu[screens.ServiceNotifications].Text != "Уведомления (1)" {
			t.Errorf("banner %q, menu %q", cab.BannerText.Text, cab.Menu[screens.ServiceNotifications].Text)
		}
		if e := d.TimelineEntries(); len(e) != 2 || e[1].Status != "Принято" || e[1].Actor != "Бэк-офис фонда" {
			t.Errorf("timeline after the move %+v", e)
		}
		// «Открыть» on the banner opens the application and marks the
		// notification read.
		test.Tap(h.a.Cabinet().Menu[screens.ServiceHome])
		test.Tap(cab.BannerOpen)
	})
	h.a.WaitIdle()
	waitFor(t, h, "the banner's application opened and read", func() bool {
		d, _ := h.a.page.(*screens.ApplicationDetail)
		return d != nil && d.Application().ID == apps[0].ID && d.Application().Status == api.StatusAccepted &&
			h.a.Cabinet().Unread() == 0 && !h.a.Cabinet().BannerVisible()
	})

	// The next move: the notifications page lists both, newest first and
	// bold while unread; «Отметить все как прочитанные»; tapping one
	// opens its application.
	if n, err := h.svc.RunBackOffice(context.Background(), time.Now().Add(2*service.DefaultBackOfficeStep+time.Minute)); err != nil || n != 1 {
		t.Fatalf("back office moved %d, %v", n, err)
	}
	waitPolling(t, h, "the second notification", DefaultNotificationPoll, func() bool { return h.a.Cabinet().Unread() == 1 })
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServiceNotifications]) })
	h.a.WaitIdle()
	var np *screens.Notifications
	h.with(func() {
		np, _ = h.a.page.(*screens.Notifications)
		if np == nil || len(np.Items()) != 2 {
			t.Fatalf("notifications page %T", h.a.page)
		}
		items := np.Items()
		if items[0].Read || !items[1].Read || !strings.Contains(screens.NotificationText(items[0]), "На рассмотрении") ||
			!strings.Contains(screens.NotificationText(items[1]), "Принято") {
			t.Fatalf("items %+v", items)
		}
		test.Tap(np.MarkAll)
	})
	h.a.WaitIdle()
	h.with(func() {
		if h.a.Cabinet().Unread() != 0 || h.a.Cabinet().Menu[screens.ServiceNotifications].Text != "Уведомления" || !np.Items()[0].Read {
			t.Errorf("unread after «mark all» %d", h.a.Cabinet().Unread())
		}
		np.List.Select(1)
	})
	h.a.WaitIdle()
	h.with(func() {
		if d, _ := h.a.page.(*screens.ApplicationDetail); d == nil || d.Application().ID != apps[0].ID {
			t.Errorf("tapping a notification opened %T", h.a.page)
		}
	})
	if n := len(applicationsOf(t, h, aselIIN)); n != 1 {
		t.Errorf("%d applications", n)
	}
	c := client.NewInProcess(h.svc.Handler())
	if _, err := c.Login(context.Background(), aselIIN, demoPassword); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Notifications(context.Background(), 0); err != nil || n.Unread != 0 {
		t.Errorf("service still has %d unread, %v", n.Unread, err)
	}
	// Logout stops the poller.
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.with(func() {
		if h.a.apps.poller != nil {
			t.Error("poller still running after logout")
		}
	})
}

// The answer to the submit is lost once (the service filed it): the app
// keeps the signed document and its key, the user presses «Подписать и
// отправить» again, and exactly one application exists.
func TestSubmitRetriedAfterLostAnswerFilesOnce(t *testing.T) {
	var (
		mu   sync.Mutex
		keys []string
		lost bool
	)
	var svc *service.Service
	h := newHarness(t, func(d *Deps) {
		d.Connect = func(ctx context.Context) (*client.Client, error) {
			mu.Lock()
			ready := svc
			mu.Unlock()
			if ready == nil {
				return nil, client.ErrUnavailable
			}
			inner := ready.Handler()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost && r.URL.Path == api.PathApplications {
					mu.Lock()
					keys = append(keys, r.Header.Get("Idempotency-Key"))
					first := !lost
					lost = true
					mu.Unlock()
					if first {
						rec := httptest.NewRecorder()
						inner.ServeHTTP(rec, r)
						if rec.Code != http.StatusCreated {
							t.Errorf("first submit answered %d: %s", rec.Code, rec.Body)
						}
						w.WriteHeader(http.StatusBadGateway) // the answer is lost on the way
						return
					}
				}
				inner.ServeHTTP(w, r)
			})
			return client.NewInProcess(h, client.WithRetries(0)), nil
		}
	}, noBackOffice)
	mu.Lock()
	svc = h.svc
	mu.Unlock()
	h.a.WaitIdle()
	h.login(t, aselIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login: %q", statusOf(h))
	}
	p := paymentToReview(t, h)
	openSignKey(t, h, p.Sign, demoKeyFile(t, h, aselIIN, eds.PurposeSign, "valid"))
	h.with(func() { test.Tap(p.Sign.Sign) })
	h.a.WaitIdle()
	h.with(func() {
		if p.Step() != screens.StepReview || !p.Review.Status.Visible() || !strings.Contains(p.Review.Status.Text, "второй раз") {
			t.Fatalf("after the lost answer: step %s, review %q, sign %q", p.Step(), p.Review.Status.Text, p.Sign.Status.Text)
		}
		test.Tap(p.Review.Submit)
	})
	h.a.WaitIdle()
	h.with(func() {
		d, ok := h.a.page.(*screens.ApplicationDetail)
		if !ok || d.Application().Status != api.StatusSubmitted {
			t.Fatalf("page %T, review %q", h.a.page, p.Review.Status.Text)
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 2 || keys[0] == "" || keys[0] != keys[1] {
		t.Fatalf("submits with keys %q", keys)
	}
	if n := len(applicationsOf(t, h, aselIIN)); n != 1 {
		t.Fatalf("%d applications, want 1", n)
	}
}

// A depositor with no payment open to him sees every choice disabled,
// each with its reason.
func TestPaymentChoicesClosedWithReasons(t *testing.T) {
	h := newHarness(t, nil, noBackOffice)
	h.login(t, demoIIN, demoPassword) // 880415300157: no disability, under 50
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServicePayment]) })
	h.a.WaitIdle()
	h.with(func() {
		p := h.a.page.(*screens.ApplicationFlow)
		if len(p.Form.PaymentChoices) == 0 {
			t.Fatalf("no payment choices; %q", p.Form.Status.Text)
		}
		for i, c := range p.Form.PaymentChoices {
			if !c.Disabled() {
				t.Errorf("choice %d open to a depositor without a disability under 50", i)
			}
			if !strings.Contains(p.Form.PaymentReasons[i].Text, "Недоступно") {
				t.Errorf("reason %d: %q", i, p.Form.PaymentReasons[i].Text)
			}
		}
	})
}

// signWithDemoKey signs the reviewed document on the signing step with
// the depositor's demo SIGN key and returns the page shown after.
func signWithDemoKey(t *testing.T, h *harness, p *screens.ApplicationFlow, iin string) *screens.ApplicationDetail {
	t.Helper()
	h.with(func() {
		if p.Step() == screens.StepReview {
			test.Tap(p.Review.Submit)
		}
	})
	openSignKey(t, h, p.Sign, demoKeyFile(t, h, iin, eds.PurposeSign, "valid"))
	h.with(func() { test.Tap(p.Sign.Sign) })
	h.a.WaitIdle()
	var d *screens.ApplicationDetail
	h.with(func() {
		d, _ = h.a.page.(*screens.ApplicationDetail)
		if d == nil {
			t.Fatalf("page %T; sign %q, review %q", h.a.page, p.Sign.Status.Text, p.Review.Status.Text)
		}
	})
	return d
}

// A portfolio manager application, then «Отменить» on its status page:
// the cancel_transfer form comes with it chosen, and once signed the
// transfer application is canceled.
func TestPortfolioThenCancelTransfer(t *testing.T) {
	h := newHarness(t, nil, noBackOffice)
	h.login(t, aselIIN, demoPassword)
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServicePortfolio]) })
	h.a.WaitIdle()
	var p *screens.ApplicationFlow
	h.with(func() {
		p = h.a.page.(*screens.ApplicationFlow)
		f := p.Form
		if len(f.Manager.Options) == 0 {
			t.Fatalf("no managers; %q", f.Status.Text)
		}
		f.Manager.SetSelectedIndex(0)
		f.Share.SetText("40")
		test.Tap(f.Next)
	})
	h.a.WaitIdle()
	h.with(func() {
		if p.Step() != screens.StepReview || !strings.Contains(strings.Join(p.Review.LineTexts(), "\n"), "40") {
			t.Fatalf("step %s, form %q, review %q", p.Step(), p.Form.Status.Text, p.Review.LineTexts())
		}
	})
	d := signWithDemoKey(t, h, p, aselIIN)
	var transfer api.Application
	h.with(func() {
		transfer = d.Application()
		if transfer.Type != api.AppPortfolioManager || !transfer.Cancelable || !d.Cancel.Visible() {
			t.Fatalf("transfer %+v, cancel visible %v", transfer, d.Cancel.Visible())
		}
		// A second one is refused by the check, with the reason; the form
		// keeps what was chosen.
		test.Tap(h.a.Cabinet().Menu[screens.ServicePortfolio])
	})
	h.a.WaitIdle()
	h.with(func() {
		p = h.a.page.(*screens.ApplicationFlow)
		// The key file of the last signature is offered again for this
		// session, never its password.
		if f := p.Sign.File.Text; !strings.HasSuffix(f, ".p12") || !strings.Contains(f, "RSA256_") || p.Sign.Password.Text != "" {
			t.Errorf("second application: key file %q, password typed %v", f, p.Sign.Password.Text != "")
		}
		p.Form.Manager.SetSelectedIndex(0)
		p.Form.Share.SetText("25")
		test.Tap(p.Form.Next)
	})
	h.a.WaitIdle()
	h.with(func() {
		f := p.Form
		if p.Step() != screens.StepForm || !f.Status.Visible() || !strings.Contains(f.Status.Text, "незавершённое заявление о выборе управляющего") {
			t.Fatalf("second transfer: step %s, message %q", p.Step(), f.Status.Text)
		}
		if f.Share.Text != "25" || f.Manager.SelectedIndex() != 0 || f.Next.Disabled() {
			t.Errorf("form lost its values: share %q manager %d", f.Share.Text, f.Manager.SelectedIndex())
		}
		test.Tap(h.a.Cabinet().Menu[screens.ServiceStatus])
	})
	h.a.WaitIdle()
	h.with(func() { h.a.page.(*screens.Applications).List.Select(0) })
	h.a.WaitIdle()
	h.with(func() {
		d = h.a.page.(*screens.ApplicationDetail)
		if d.Application().ID != transfer.ID || !d.Cancel.Visible() {
			t.Fatalf("detail %+v", d.Application())
		}
		test.Tap(d.Cancel)
	})
	h.a.WaitIdle()
	h.with(func() {
		p = h.a.page.(*screens.ApplicationFlow)
		if p.Form.Type() != api.AppCancelTransfer || p.Form.Next.Disabled() || p.Form.Target.Selected == "" {
			t.Fatalf("cancel form: type %s, target %q", p.Form.Type(), p.Form.Target.Selected)
		}
		test.Tap(p.Form.Next)
	})
	h.a.WaitIdle()
	h.with(func() {
		if l := strings.Join(p.Review.LineTexts(), "\n"); p.Step() != screens.StepReview || !strings.Contains(l, transfer.Number) {
			t.Fatalf("review of the cancellation: %s\n%s; form %q", p.Step(), l, p.Form.Status.Text)
		}
	})
	d = signWithDemoKey(t, h, p, aselIIN)
	h.with(func() {
		if d.Application().Type != api.AppCancelTransfer {
			t.Fatalf("cancel application %+v", d.Application())
		}
	})
	for _, x := range applicationsOf(t, h, aselIIN) {
		if x.ID == transfer.ID && x.Status != api.StatusCanceled {
			t.Errorf("transfer application is %s after its cancellation", x.Status)
		}
	}
}

// Signing through NCALayer when it is not running says so and sends
// nothing.
func TestSignThroughNCALayerNotRunning(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.NCALayerURL = "wss://127.0.0.1:1" }, noBackOffice)
	h.login(t, aselIIN, demoPassword)
	p := paymentToReview(t, h)
	h.with(func() {
		p.Sign.Source.SetSelected(p.Sign.Source.Options[1])
		if p.Sign.SelectedSource() != screens.SourceNCALayer || p.Sign.Sign.Disabled() {
			t.Fatalf("source %s", p.Sign.SelectedSource())
		}
		test.Tap(p.Sign.Sign)
	})
	h.a.WaitIdle()
	h.with(func() {
		if p.Step() != screens.StepSign || !strings.Contains(p.Sign.Status.Text, "NCALayer") {
			t.Fatalf("step %s, status %q", p.Step(), p.Sign.Status.Text)
		}
	})
	if n := len(applicationsOf(t, h, aselIIN)); n != 0 {
		t.Fatalf("%d applications", n)
	}
}

func TestApplicationMessages(t *testing.T) {
	lang.Set("ru")
	prob := func(code, reason string) error {
		return &client.Error{Status: 422, Problem: api.Problem{Code: code, Reason: reason}}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{prob(api.CodeNotEligible, api.ReasonEmptyAccount), "нет накоплений"},
		{prob(api.CodeNotEligible, "something_new"), "не может быть принято"},
		{prob(api.CodeInvalidIBAN, string(kz.IBANChecksum)), "контрольные цифры"},
		{prob(api.CodeInvalidIBAN, "whatever"), "контрольные цифры"},
		{prob(api.CodeValidation, api.ReasonShare), "от 1 до 100"},
		{prob(api.CodeValidation, api.ReasonDocumentDate), "часы компьютера"},
		{prob(api.CodeInvalidState, ""), "нельзя изменить или отменить"},
		{prob(api.CodeIdempotencyKey, ""), "с другими данными"},
		{prob(api.CodeForbidden, api.ReasonSigner), "другому человеку"},
		{prob(api.CodeWrongKeyPurpose, ""), "AUTH"},
		{client.ErrTimeout, "вовремя"},
	} {
		m := applicationMessage(c.err)
		if got := lang.L(m.Key, m.Data); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q (key %s), want %q", c.err, got, m.Key, c.want)
		}
	}
}

// On a public workstation a notification still refreshes the open status
// page, but the reload is not the user's activity: the idle logout comes
// when it would have come without it. (The poller's reloads are
// Background calls: no WaitGroup Add racing WaitIdle either.)
func TestPublicWorkstationNotificationRefresh(t *testing.T) {
	const poll = time.Second // 200 polls before the idle warning at 4 min
	h := newHarness(t, func(d *Deps) { d.NotificationPoll = poll }, noBackOffice)
	app := submitDemoApplication(t, h, depositorClient(t, h))
	h.tap(h.a.Login().Public)
	h.login(t, demoIIN, demoPassword)
	h.with(func() { test.Tap(h.a.Cabinet().Menu[screens.ServiceStatus]) })
	h.a.WaitIdle()
	var gen int
	h.with(func() {
		l, ok := h.a.page.(*screens.Applications)
		if !ok || len(l.ApplicationList()) != 1 || l.RowTexts(0)[3] != "Подано" {
			t.Fatalf("status page %T", h.a.page)
		}
		gen = h.a.idle.activityGen
	})
	if n, err := h.svc.RunBackOffice(context.Background(), time.Now().Add(service.DefaultBackOfficeStep+time.Minute)); err != nil || n != 1 {
		t.Fatalf("back office moved %d, %v", n, err)
	}
	waitPolling(t, h, "the list to show the new status", poll, func() bool {
		l, ok := h.a.page.(*screens.Applications)
		return ok && len(l.ApplicationList()) == 1 && l.ApplicationList()[0].ID == app.ID &&
			l.ApplicationList()[0].Status != api.StatusSubmitted && h.a.Cabinet().BannerVisible()
	})
	h.with(func() {
		if h.a.idle.activityGen != gen {
			t.Errorf("the refresh counted as activity: generation %d → %d", gen, h.a.idle.activityGen)
		}
	})
	h.advance(5 * time.Minute)
	h.waitEnded(t, "cabinet.idle_logged_out")
}

// A key store opened on a signing step is closed by whatever page comes
// next (App.setPage), not only by the menu: the banner, a notification,
// «Назад» and the signing itself all change the page.
func TestEveryPageClosesSigningKey(t *testing.T) {
	h := newHarness(t, nil, noBackOffice)
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login: %q", statusOf(h))
	}
	pages := map[string]func(){
		"flow":        func() { h.a.apps.applicationFlow(api.AppBankDetails, "") },
		"status list": h.a.apps.showApplications,
		"status page": func() {
			h.a.apps.showApplicationDetail(api.Application{ID: "x", Number: "1", Status: api.StatusSubmitted}, "", nil)
		},
		"booking":       h.a.pages.showBooking,
		"dpv":           h.a.pages.showDPV,
		"forecast":      h.a.pages.showForecast,
		"notifications": h.a.apps.showNotifications,
		"security":      h.a.pages.showSecurity,
		"statements":    h.a.pages.showStatements,
		"certificates":  h.a.pages.showCertificates,
		"password":      func() { h.a.password.showPasswordPage(false) },
	}
	for name, open := range pages {
		closed := 0
		h.with(func() {
			h.a.apps.closeKey = func() { closed++ }
			open()
		})
		h.a.WaitIdle()
		h.with(func() {
			if closed != 1 || h.a.apps.closeKey != nil {
				t.Errorf("%s: key closed %d times, still held %v", name, closed, h.a.apps.closeKey != nil)
			}
		})
	}
	// The menu and the end of the session close it too.
	for _, step := range []struct {
		name string
		do   func()
	}{
		{"menu: home", func() { test.Tap(h.a.Cabinet().Menu[screens.ServiceHome]) }},
		{"logout", h.a.Logout},
	} {
		closed := 0
		h.with(func() {
			h.a.apps.closeKey = func() { closed++ }
			step.do()
		})
		h.a.WaitIdle()
		h.with(func() {
			if closed != 1 || h.a.apps.closeKey != nil {
				t.Errorf("%s: key closed %d times, still held %v", step.name, closed, h.a.apps.closeKey != nil)
			}
		})
	}
}

// An application signed with a GOST 34.10-2015 key file (natively, no
// NCALayer) is filed; the service trusts a test GOST CA here.
func TestApplicationSignedWithGOSTKeyFile(t *testing.T) {
	ca := edstest.NewGOSTCA(t, "GOST test CA")
	dir := t.TempDir()
	root := filepath.Join(dir, "gost-root.cer")
	os.WriteFile(root, ca.Cert.Raw, 0o600)
	crl := ca.CRL(t, 1, time.Now())
	h := newHarness(t, nil, noBackOffice, func(c *service.Config) {
		c.TrustRoots = []string{root}
		c.FetchCRL = func(string) ([]byte, error) { return crl, nil }
	})
	cert, key := ca.Issue(t, edstest.Identity{IIN: aselIIN, CommonName: "НУРЛАНОВА АСЕЛЬ", Surname: "НУРЛАНОВА"})
	file := filepath.Join(dir, "GOST512_asel.p12")
	os.WriteFile(file, ca.KeyStore(t, key, cert, service.DemoKeyPassword), 0o600)

	h.login(t, aselIIN, demoPassword)
	p := paymentToReview(t, h)
	s := p.Sign
	openSignKey(t, h, s, file)
	h.with(func() {
		if s.Sign.Disabled() || !strings.Contains(s.Algorithm.Text, "ГОСТ") {
			t.Fatalf("GOST key: alg %q, warning %q status %q", s.Algorithm.Text, s.CertWarning.Text, s.Status.Text)
		}
		test.Tap(s.Sign)
	})
	h.a.WaitIdle()
	h.with(func() {
		d, _ := h.a.page.(*screens.ApplicationDetail)
		if d == nil {
			t.Fatalf("page %T, sign status %q", h.a.page, s.Status.Text)
		}
		if a := d.Application(); a.Status != api.StatusSubmitted || !strings.Contains(d.Signer.Text, aselIIN) {
			t.Fatalf("application %+v, signer %q", a, d.Signer.Text)
		}
	})
	if apps := applicationsOf(t, h, aselIIN); len(apps) != 1 || apps[0].Signer.Serial != cert.SerialNumber.Text(16) {
		t.Fatalf("applications %+v", apps)
	}
}
