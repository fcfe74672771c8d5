package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
)

// cancelablePortfolio is a portfolio application that may still be
// canceled, as the status page opens it: «Отменить» is shown.
func cancelablePortfolio() api.Application {
	t0 := time.Date(2026, 11, 23, 10, 22, 0, 0, FundZone)
	return api.Application{ID: "p1", Number: "Z-20261123-000001", Type: api.AppPortfolioManager, Status: api.StatusSubmitted,
		CreatedAt: t0, Cancelable: true,
		Document: api.Document{Type: api.AppPortfolioManager, IIN: "880415300157", FullName: "Сейтқали Бекзат Маратұлы", CreatedAt: t0,
			Portfolio: &api.PortfolioChoice{ManagerID: "m1", SharePercent: 100}},
		History: []api.StatusChange{{Status: api.StatusSubmitted, At: t0, Actor: api.ActorDepositor}}}
}

// rectOf is where o is on its canvas.
func rectOf(o fyne.CanvasObject) (fyne.Position, fyne.Size) {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size()
}

func overlaps(a, b fyne.CanvasObject) bool {
	pa, sa := rectOf(a)
	pb, sb := rectOf(b)
	return pa.X < pb.X+sb.Width && pb.X < pa.X+sa.Width && pa.Y < pb.Y+sb.Height && pb.Y < pa.Y+sa.Height
}

// TestPortfolioDetailTitleClearOfButtons: the page of a portfolio
// application shown in the cabinet at 800×600 has its whole title clear
// of «К списку», «Отменить» and «Обновить», and starts where the other
// pages start; the signing step too.
func TestPortfolioDetailTitleClearOfButtons(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			c := NewCabinet()
			w := test.NewTempWindow(t, c.Content())
			w.Resize(fyne.NewSize(800, 600))

			form := NewApplicationFlow(ServicePortfolio)
			c.Show(ServicePortfolio, form.Content())
			w.Content().Refresh()
			formAt, _ := rectOf(form.Form.Title)

			d := NewApplicationDetail()
			d.SetApplication(cancelablePortfolio(), DocNames{Managers: map[string]string{"m1": "АО «Демо Инвест Капитал»"}})
			c.Show(ServiceStatus, d.Content())
			w.Content().Refresh()
			if !d.Cancel.Visible() {
				t.Fatal("«Отменить» not shown")
			}
			for _, b := range []fyne.CanvasObject{d.Back, d.Cancel, d.Refresh} {
				if overlaps(d.Title, b) {
					p, s := rectOf(d.Title)
					bp, bs := rectOf(b)
					t.Errorf("title %v+%v under a button at %v+%v", p, s, bp, bs)
				}
			}
			need := fyne.MeasureText(d.Title.Text, 1, d.Title.TextStyle).Width // wraps: at least a word a line
			if _, s := rectOf(d.Title); s.Width < need || s.Height < d.Title.MinSize().Height {
				t.Errorf("title %v, needs %v×%v", s, need, d.Title.MinSize().Height)
			}
			if at, _ := rectOf(d.Title); at.X != formAt.X {
				t.Errorf("title at x %v, the form's at %v", at.X, formAt.X)
			}
			if m := c.Content().MinSize(); m.Width > 800 || m.Height > 600 {
				t.Errorf("the cabinet needs %v", m)
			}

			form.ShowStep(StepSign)
			c.Show(ServicePortfolio, form.Content())
			w.Content().Refresh()
			form.ShowStep(StepForm)
			introForm, _ := rectOf(form.Form.Intro)
			form.ShowStep(StepSign)
			w.Content().Refresh()
			if introSign, _ := rectOf(form.Sign.Intro); introSign.X != introForm.X {
				t.Errorf("signing step's text at x %v, the form's at %v", introSign.X, introForm.X)
			}
			if form.Sign.Title.SizeName != form.Form.Title.SizeName {
				t.Errorf("signing step's title size %q, the form's %q", form.Sign.Title.SizeName, form.Form.Title.SizeName)
			}
		})
	}
}

// TestWidePageNeverWidensTheWindow: a page wider than the room beside
// the menu scrolls sideways; the cabinet still needs no more than
// 800×600.
func TestWidePageNeverWidensTheWindow(t *testing.T) {
	test.NewTempApp(t)
	c := NewCabinet()
	w := test.NewTempWindow(t, c.Content())
	w.Resize(fyne.NewSize(800, 600))
	wide := widget.NewLabel(strings.Repeat("Управляющий инвестиционным портфелем ", 8))
	c.Show(ServiceStatus, container.NewVScroll(wide))
	w.Content().Refresh()
	if m := c.Content().MinSize(); m.Width > 800 || m.Height > 600 {
		t.Errorf("a wide page makes the cabinet need %v", m)
	}
	if s := w.Canvas().Size(); s.Width != 800 || s.Height != 600 {
		t.Errorf("window %v", s)
	}
	if wide.Size().Width < wide.MinSize().Width {
		t.Errorf("the page is cut: %v of %v", wide.Size().Width, wide.MinSize().Width)
	}
}

// TestPageStartsAtItsTopAndFollowsItsContent: a page shown again starts
// at its top; a page scrolled down whose content gets shorter scrolls
// back so that no blank space shows under a cut title; each step of an
// application starts at its top.
func TestPageStartsAtItsTopAndFollowsItsContent(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	c := NewCabinet()
	w := test.NewTempWindow(t, c.Content())
	w.Resize(fyne.NewSize(800, 600))

	h := NewHome()
	h.SetData(renderMe(), api.Accounts{AsOf: "2026-11-23", Total: 350000000, Accounts: []api.Account{
		{Type: "OPV", Number: "OPV-1", Balance: 300000000}, {Type: "OPPV", Number: "OPPV-1", Balance: 1}, {Type: "DPV", Number: "DPV-1", Balance: 1}}})
	c.Show(ServiceHome, h.Content())
	w.Content().Refresh()
	home := h.Content().(*container.Scroll)
	home.ScrollToBottom()
	if home.Offset.Y == 0 {
		t.Fatal("the home page does not scroll at 800×600")
	}
	c.Show(ServiceCertificates, NewCertificates().Content())
	c.Show(ServiceHome, h.Content())
	w.Content().Refresh()
	if home.Offset.Y != 0 {
		t.Errorf("home shown again at offset %v", home.Offset.Y)
	}

	// The signing step scrolled down to «Подписать», then the
	// certificate's card goes (another key): the offset follows.
	f := NewApplicationFlow(ServicePortfolio)
	c.Show(ServicePortfolio, f.Content())
	f.ShowStep(StepSign)
	s := f.Sign
	s.SetFile("/keys/RSA256_x.p12")
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	s.ShowCertificate(eds.CertInfo{IIN: "880415300157", Surname: "СЕЙТКАЛИ", GivenName: "НУРЛАНОВИЧ", CommonName: "СЕЙТКАЛИ БЕКЗАТ",
		Issuer: "Demo NCA (TEST) RSA", NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0), Purpose: eds.PurposeSign}, now, "")
	w.Content().Refresh()
	sign := f.stack.Objects[2].(*container.Scroll)
	sign.ScrollToBottom()
	if sign.Offset.Y == 0 {
		t.Fatal("the signing step does not scroll at 800×600")
	}
	s.SetFile("/keys/RSA256_y.p12") // the card hides
	// The window lays out the scroll again, its content's size changed.
	test.WidgetRenderer(sign).Layout(sign.Size())
	if most := fyne.Max(0, sign.Content.MinSize().Height-sign.Size().Height); sign.Offset.Y > most {
		t.Errorf("after the content shrank: offset %v, content ends at %v", sign.Offset.Y, most)
	}
	f.ShowStep(StepReview)
	sign.ScrollToOffset(fyne.NewPos(0, 40))
	f.ShowStep(StepSign)
	if sign.Offset.Y != 0 {
		t.Errorf("the signing step shown again at offset %v", sign.Offset.Y)
	}
}
