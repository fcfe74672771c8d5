package app

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"kabinet/api"
	"kabinet/client"
	"kabinet/eds"
	"kabinet/eds/ncalayer"
	"kabinet/kz"
	"kabinet/lang"
	"kabinet/screens"
)

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
	a.closeSigningKey()
	a.page = p
}

// closeSigningKey closes a key store left open on a signing step (the
// user went elsewhere without signing).
func (a *App) closeSigningKey() {
	if f := a.apps.closeKey; f != nil {
		a.apps.closeKey = nil
		f()
	}
}

func (a *App) docNames() screens.DocNames {
	return screens.DocNames{Managers: a.apps.managers, Apps: a.apps.numbers}
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
func (a *App) showApplicationForm(t string) { a.applicationFlow(t, "") }

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

// applicationFlow runs an application: form → POST check → review → sign
// with the SIGN key (file or NCALayer) → submit → the status page of the
// new application. target preselects the application a cancel_transfer
// cancels.
func (a *App) applicationFlow(t, target string) {
	service := serviceOfType(t)
	p := screens.NewApplicationFlow(service)
	a.setPage(p)
	f := p.Form
	if t == api.AppAdditionalDetails {
		f.SelectTab(1)
	}
	a.cabinet.Show(service, p.Content())

	f.SetBusy(true)
	var opts api.ApplicationOptions
	a.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		opts, err = c.ApplicationOptions(ctx)
		return err
	}, func(err error) {
		f.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			f.ShowMessage(m.Key, m.Data)
			return
		}
		a.rememberNames(opts)
		f.SetOptions(opts)
		if target != "" {
			f.SetTarget(target)
		}
	})

	var (
		rev *reviewed
		key *eds.KeyStore
	)
	closeKey := func() {
		if key != nil {
			key.Close()
			key = nil
		}
		a.apps.closeKey = nil
	}
	f.OnNext = func(content api.Document) {
		doc := content
		doc.Version = api.DocumentVersion
		doc.IIN = a.me.IIN
		doc.FullName = screens.FullName(a.me)
		doc.CreatedAt = a.now().UTC().Truncate(time.Second)
		if rev != nil && sameContent(rev.doc, doc) && a.now().Sub(rev.doc.CreatedAt) < api.DocumentMaxAge/2 {
			doc = rev.doc // back and forth unchanged: the same document, key and signature
		} else {
			rev = nil
		}
		f.SetBusy(true)
		a.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) error {
			_, err := c.CheckApplication(ctx, doc)
			return err
		}, func(err error) {
			f.SetBusy(false)
			if err != nil {
				m := applicationMessage(err)
				f.ShowMessage(m.Key, m.Data)
				return
			}
			if rev == nil {
				b, err := api.DocumentBytes(doc)
				if err != nil {
					f.ShowMessage("error.unexpected", nil)
					return
				}
				rev = &reviewed{doc: doc, bytes: b, key: rand.Text()}
			}
			p.Review.SetDocument(doc, f.Names())
			p.ShowStep(screens.StepReview)
		})
	}
	p.Review.OnBack = func() { p.ShowStep(screens.StepForm) }

	// submit sends the reviewed document, signing it first unless it is
	// signed already (a retry). sign runs off the UI goroutine.
	submit := func(r *reviewed, sign func() ([]byte, error), done func()) {
		var (
			cms []byte
			out api.Application
		)
		prior := r.cms
		a.calls.Call(a.onPage(p), func(_ context.Context, c *client.Client) error {
			cms = prior
			if cms == nil {
				var err error
				if cms, err = sign(); err != nil {
					return err
				}
			}
			// A fresh deadline: signing in NCALayer may have taken minutes.
			ctx, cancel := a.calls.Ctx()
			defer cancel()
			var err error
			out, err = c.SubmitApplication(ctx, r.bytes, cms, r.key)
			return err
		}, func(err error) {
			done()
			if err == nil { // filed: shown even if the user went back meanwhile
				rev = nil
				closeKey()
				a.kickNotifications()
				a.showApplicationDetail(out, "app.submitted", map[string]any{"Number": out.Number})
				return
			}
			if rev != r {
				return // the user has changed the document meanwhile
			}
			a.log.Info("application submit failed", "code", client.Code(err), "err", errKind(err))
			if cms != nil && errorMessage(err).Retry && client.Code(err) != api.CodeIdempotencyKey {
				// Signed but the answer was lost: send the same again.
				r.cms = cms
				m := errorMessage(err)
				p.Review.ShowMessage("app.error.resend.because", map[string]any{"Error": lang.Lazy(m.Key, m.Data)})
				p.ShowStep(screens.StepReview)
				return
			}
			r.cms = nil
			if client.Code(err) == api.CodeIdempotencyKey {
				rev = nil
			}
			if errors.Is(err, ncalayer.ErrCanceled) {
				p.Sign.ShowError("eds.canceled", nil)
				return
			}
			m := applicationMessage(err)
			if p.Step() == screens.StepSign {
				p.Sign.ShowError(m.Key, m.Data)
			} else {
				p.Review.ShowMessage(m.Key, m.Data)
			}
		})
	}
	p.Review.OnSign = func() {
		p.Review.ClearMessage()
		if rev != nil && rev.cms != nil {
			p.Review.Submit.Disable()
			submit(rev, nil, func() { p.Review.Submit.Enable() })
			return
		}
		p.ShowStep(screens.StepSign)
	}
	s := p.Sign
	s.OnBack = func() {
		closeKey()
		p.ShowStep(screens.StepReview)
	}
	s.OnChooseFile = func() { a.chooseKeyFile(s) }
	s.OnOpen = func(path, password string) {
		closeKey()
		a.openKeyFile(s, eds.PurposeSign, path, password,
			func() bool { return a.page == p && p.Step() == screens.StepSign },
			func(ks *eds.KeyStore) {
				key = ks
				a.apps.closeKey = closeKey
			})
	}
	s.OnSign = func(source string) {
		r := rev
		if r == nil {
			p.ShowStep(screens.StepForm)
			return
		}
		// The key goes with the signing: closed once it has signed (or
		// when the call ends), the user opens it again for another try.
		ks := key
		key = nil
		a.apps.closeKey = nil
		var once sync.Once
		closeKS := func() {
			if ks != nil {
				once.Do(ks.Close)
			}
		}
		var sign func() ([]byte, error)
		if source == screens.SourceNCALayer {
			closeKS()
			url := a.d.NCALayerURL
			locale := lang.Current()
			sign = func() ([]byte, error) {
				ctx, cancel := context.WithTimeout(a.ctx, NCALayerTimeout)
				defer cancel()
				nc := ncalayer.Client{URL: url, Locale: locale}
				return nc.Sign(ctx, ncalayer.SignRequest{Data: r.bytes, Purpose: eds.PurposeSign})
			}
		} else {
			if ks == nil {
				s.ShowError("eds.error.no_key", nil)
				return
			}
			sign = func() ([]byte, error) {
				defer closeKS()
				return ks.SignCMS(r.bytes, false)
			}
		}
		s.SetBusy(true)
		submit(r, sign, func() {
			closeKS()
			s.SetBusy(false)
			if ks != nil {
				s.Password.SetText("") // the key is closed: open it again to sign again
			}
		})
	}
}

// rememberNames keeps the managers' and applications' names of opts.
func (a *App) rememberNames(o api.ApplicationOptions) {
	if a.apps.managers == nil {
		a.apps.managers = map[string]string{}
	}
	for _, m := range o.Managers {
		a.apps.managers[m.ID] = m.Name
	}
	a.rememberNumbers(o.Cancelable)
}

func (a *App) rememberNumbers(list []api.Application) {
	if a.apps.numbers == nil {
		a.apps.numbers = map[string]string{}
	}
	for _, x := range list {
		a.apps.numbers[x.ID] = x.Number
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
func (a *App) showApplications() {
	p := screens.NewApplications()
	a.setPage(p)
	p.OnRefresh = func() { a.loadApplications(p, a.calls.Call) }
	p.OnOpen = func(x api.Application) { a.showApplicationDetail(x, "", nil) }
	a.cabinet.Show(screens.ServiceStatus, p.Content())
	a.loadApplications(p, a.calls.Call)
}

func (a *App) loadApplications(p *screens.Applications, call callFunc) {
	p.SetBusy(true)
	var list api.Applications
	call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		list, err = c.Applications(ctx)
		return err
	}, func(err error) {
		p.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			p.ShowError(m.Key, m.Data)
			return
		}
		p.ShowError("", nil)
		a.rememberNumbers(list.Applications)
		p.SetApplications(list.Applications)
	})
}

// showApplicationDetail shows one application with its history, then
// reloads it; msgKey, when set, is a confirmation shown on top.
func (a *App) showApplicationDetail(x api.Application, msgKey string, data map[string]any) {
	d := screens.NewApplicationDetail()
	a.setPage(d)
	d.SetApplication(x, a.docNames())
	if msgKey != "" {
		d.ShowMessage(msgKey, data)
	}
	d.OnBack = a.showApplications
	d.OnRefresh = func() { a.loadApplication(d, d.Application().ID, a.calls.Call) }
	d.OnCancel = func(x api.Application) { a.applicationFlow(api.AppCancelTransfer, x.ID) }
	d.OnSave = func(x api.Application) { a.saveSigned(d, x) }
	a.cabinet.Show(screens.ServiceStatus, d.Content())
	if len(x.History) == 0 || msgKey == "" {
		a.loadApplication(d, x.ID, a.calls.Call)
	}
}

func (a *App) loadApplication(d *screens.ApplicationDetail, id string, call callFunc) {
	d.SetBusy(true)
	var x api.Application
	call(a.onPage(d), func(ctx context.Context, c *client.Client) (err error) {
		x, err = c.Application(ctx, id)
		return err
	}, func(err error) {
		d.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			d.ShowError(m.Key, m.Data)
			return
		}
		a.rememberNumbers([]api.Application{x})
		d.SetApplication(x, a.docNames())
	})
}

// saveSigned saves the signed document of x and its signature (CMS) into
// a folder the user picks: <number>.json and <number>.p7s.
func (a *App) saveSigned(d *screens.ApplicationDetail, x api.Application) {
	var doc, sig []byte
	d.SetBusy(true)
	a.calls.Call(a.onPage(d), func(ctx context.Context, c *client.Client) (err error) {
		if doc, err = c.ApplicationDocument(ctx, x.ID); err != nil {
			return err
		}
		sig, err = c.ApplicationSignature(ctx, x.ID)
		return err
	}, func(err error) {
		d.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			d.ShowError(m.Key, m.Data)
			return
		}
		name := orDefault(x.Number, x.ID)
		dlg := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			a.calls.Go(func() {
				paths, werr := writeSigned(dir, name, doc, sig)
				a.do(func() {
					if a.page != d {
						return
					}
					if werr != nil {
						screens.ShowError(werr.Error(), a.win)
						return
					}
					d.ShowMessage("app.detail.saved", map[string]any{"Document": paths[0], "Signature": paths[1]})
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
