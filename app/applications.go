package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// appsCtl is the applications' pages (form, signing flow, status list,
// detail) and the notifications (poller, banner, page): the controller
// and what those pages keep between pages.
type appsCtl struct {
	app   *App
	calls *caller
	appsState
}

// appsState is what the applications and notifications pages keep
// between pages, on the UI goroutine.
type appsState struct {
	// managers are the portfolio managers' names from the last options,
	// for the documents shown on the status pages.
	managers map[string]string
	// numbers are the depositor's applications' numbers by id.
	numbers map[string]string
	// poller is the running notifications poller (nil when none).
	poller *notifyPoller
	// closeKey closes the key store opened on a signing step (nil when
	// none is open); leaving the page closes it.
	closeKey func()
	// banner is the notification the banner's «Открыть» opens (0 for
	// the notifications page).
	banner api.Notification
}

// setPage makes p the page shown (nil: home or none). A key store
// opened on the signing step of the page left is closed: a key is never
// kept open behind another page.
func (a *App) setPage(p retranslator) {
	a.apps.closeSigningKey()
	a.page = p
}

// closeSigningKey closes a key store left open on a signing step (the
// user went elsewhere without signing).
func (ct *appsCtl) closeSigningKey() {
	if f := ct.closeKey; f != nil {
		ct.closeKey = nil
		f()
	}
}

func (ct *appsCtl) docNames() screens.DocNames {
	return screens.DocNames{Managers: ct.managers, Apps: ct.numbers}
}

// serviceOfType is the menu entry of an application type.
func serviceOfType(t string) string {
	switch t {
	case api.AppPensionPayment:
		return screens.ServicePayment
	case api.AppBankDetails, api.AppAdditionalDetails:
		return screens.ServiceDetails
	case api.AppPortfolioManager:
		return screens.ServicePortfolio
	case api.AppCancelTransfer:
		return screens.ServiceCancelTransfer
	}
	return ""
}

// showApplicationForm opens the form of an application of type t
// (api.App...).
func (ct *appsCtl) showApplicationForm(t string) { ct.applicationFlow(t, "") }

// reviewed is the document on review: its exact bytes, the one
// Idempotency-Key for it, and once signed its CMS, kept until the service
// has it (a retry sends the same bytes, signature and key, so the service
// files it once).
type reviewed struct {
	doc   api.Document
	bytes []byte
	key   string
	cms   []byte
}

// sameContent tells whether two documents say the same thing (the date
// aside).
func sameContent(x, y api.Document) bool {
	x.CreatedAt, y.CreatedAt = time.Time{}, time.Time{}
	bx, err1 := api.DocumentBytes(x)
	by, err2 := api.DocumentBytes(y)
	return err1 == nil && err2 == nil && string(bx) == string(by)
}

// rememberNames keeps the managers' and applications' names of opts.
func (ct *appsCtl) rememberNames(o api.ApplicationOptions) {
	if ct.managers == nil {
		ct.managers = map[string]string{}
	}
	for _, m := range o.Managers {
		ct.managers[m.ID] = m.Name
	}
	ct.rememberNumbers(o.Cancelable)
}

func (ct *appsCtl) rememberNumbers(list []api.Application) {
	if ct.numbers == nil {
		ct.numbers = map[string]string{}
	}
	for _, x := range list {
		ct.numbers[x.ID] = x.Number
	}
}

// applicationMessage maps a refusal of an application (check or submit)
// to the user's message.
func applicationMessage(err error) message {
	if k := edsErrorKey(err); k != "" {
		return message{Key: k}
	}
	p, ok := client.ProblemOf(err)
	if !ok {
		return errorMessage(err)
	}
	switch p.Code {
	case api.CodeNotEligible:
		return message{Key: "app.error.not_eligible", Data: map[string]any{"Reason": lang.Later(func() string { return screens.NotEligibleText(p.Reason) })}}
	case api.CodeInvalidIBAN:
		if slices.Contains(screens.IBANReasons, kz.IBANReason(p.Reason)) {
			return message{Key: "iban.error." + p.Reason}
		}
		return message{Key: "iban.error.checksum"}
	case api.CodeValidation:
		if slices.Contains(screens.ValidationReasons, p.Reason) {
			return message{Key: "app.validation." + p.Reason}
		}
	case api.CodeInvalidState:
		return message{Key: "app.error.invalid_state"}
	case api.CodeIdempotencyKey:
		return message{Key: "app.error.conflict"}
	case api.CodeForbidden:
		if p.Reason == api.ReasonSigner {
			return message{Key: "app.error.signer"}
		}
	}
	return errorMessage(err)
}

// showApplications opens «Статус заявлений»: the list, then the timeline
// of the one tapped.
func (ct *appsCtl) showApplications() {
	a := ct.app
	p := screens.NewApplications()
	a.setPage(p)
	p.OnRefresh = func() { ct.loadApplications(p, ct.calls.Call) }
	p.OnOpen = func(x api.Application) { ct.showApplicationDetail(x, "", nil) }
	a.cabinet.Show(screens.ServiceStatus, p.Content())
	ct.loadApplications(p, ct.calls.Call)
}

func (ct *appsCtl) loadApplications(p *screens.Applications, call callFunc) {
	a := ct.app
	p.SetBusy(true)
	var list api.Applications
	call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		list, err = c.Applications(ctx)
		return err
	}, func(err error) {
		p.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			p.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		p.Tell(screens.Message{})
		ct.rememberNumbers(list.Applications)
		p.SetApplications(list.Applications)
	})
}

// showApplicationDetail shows one application with its history, then
// reloads it; msgKey, when set, is a confirmation shown on top.
func (ct *appsCtl) showApplicationDetail(x api.Application, msgKey string, data map[string]any) {
	a := ct.app
	d := screens.NewApplicationDetail()
	a.setPage(d)
	d.SetApplication(x, ct.docNames())
	if msgKey != "" {
		d.Tell(screens.Note(msgKey, data))
	}
	d.OnBack = ct.showApplications
	d.OnRefresh = func() { ct.loadApplication(d, d.Application().ID, ct.calls.Call) }
	d.OnCancel = func(x api.Application) { a.apps.applicationFlow(api.AppCancelTransfer, x.ID) }
	d.OnSave = func(x api.Application) { ct.saveSigned(d, x) }
	a.cabinet.Show(screens.ServiceStatus, d.Content())
	if len(x.History) == 0 || msgKey == "" {
		ct.loadApplication(d, x.ID, ct.calls.Call)
	}
}

func (ct *appsCtl) loadApplication(d *screens.ApplicationDetail, id string, call callFunc) {
	a := ct.app
	d.SetBusy(true)
	var x api.Application
	call(a.onPage(d), func(ctx context.Context, c *client.Client) (err error) {
		x, err = c.Application(ctx, id)
		return err
	}, func(err error) {
		d.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			d.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		ct.rememberNumbers([]api.Application{x})
		d.SetApplication(x, ct.docNames())
	})
}

// saveSigned saves the signed document of x and its signature (CMS) into
// a folder the user picks: <number>.json and <number>.p7s.
func (ct *appsCtl) saveSigned(d *screens.ApplicationDetail, x api.Application) {
	a := ct.app
	var doc, sig []byte
	d.SetBusy(true)
	ct.calls.Call(a.onPage(d), func(ctx context.Context, c *client.Client) (err error) {
		if doc, err = c.ApplicationDocument(ctx, x.ID); err != nil {
			return err
		}
		sig, err = c.ApplicationSignature(ctx, x.ID)
		return err
	}, func(err error) {
		d.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			d.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		name := orDefault(x.Number, x.ID)
		dlg := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			ct.calls.Go(func() {
				paths, werr := writeSigned(dir, name, doc, sig)
				a.do(func() {
					if a.page != d {
						return
					}
					if werr != nil {
						screens.ShowError(werr.Error(), a.win)
						return
					}
					d.Tell(screens.Note("app.detail.saved", map[string]any{"Document": paths[0], "Signature": paths[1]}))
				})
			})
		}, a.win)
		dlg.Resize(fyne.NewSize(760, 520))
		dlg.Show()
	})
}

// writeSigned writes <name>.json (the document) and <name>.p7s (the
// CMS) into dir and returns their paths.
func writeSigned(dir fyne.ListableURI, name string, doc, sig []byte) ([]string, error) {
	var paths []string
	for _, f := range []struct {
		ext  string
		data []byte
	}{{".json", doc}, {".p7s", sig}} {
		u, err := storage.Child(dir, name+f.ext)
		if err == nil {
			err = writeURI(u, f.data)
		}
		if err != nil {
			return nil, err
		}
		paths = append(paths, u.Path())
	}
	return paths, nil
}

func writeURI(u fyne.URI, data []byte) error {
	w, err := storage.Writer(u)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}
