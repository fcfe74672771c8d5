package app

import (
	"context"
	"crypto/rand"
	"errors"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/ncalayer"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// signingFlow runs one application: form → POST check → review → sign
// with the SIGN key (file or NCALayer) → submit → the status page of the
// new application. Its state, on the UI goroutine:
//
//	step (the screen's)  what the flow holds
//	form                 nothing; rev may survive «Назад» unchanged
//	review               rev: the checked document, its bytes and Idempotency-Key
//	sign                 rev, and key: the key store opened on this step
//	submitting           rev; the key moved into the signing call (closed by it)
//	filed                nothing: rev dropped, key closed, status page shown
//
// Who closes the key store is decided here only: closeKey (leaving the
// sign step, opening another key, the page left: App.setPage calls it
// through apps.closeKey), or the signing call once it has signed.
type signingFlow struct {
	a *App
	p *screens.ApplicationFlow
	// rev is the document on review (nil: none checked yet, or dropped).
	rev *reviewed
	// key is the key store opened on the sign step (nil: none open).
	key *eds.KeyStore
}

// applicationFlow opens the flow of an application of type t; target
// preselects the application a cancel_transfer cancels.
func (ct *appsCtl) applicationFlow(t, target string) {
	a := ct.app
	service := serviceOfType(t)
	fl := &signingFlow{a: a, p: screens.NewApplicationFlow(service)}
	p := fl.p
	a.setPage(p)
	if t == api.AppAdditionalDetails {
		p.Form.SelectTab(1)
	}
	a.cabinet.Show(service, p.Content())
	if f := a.edsKeys.signFile; f != "" {
		p.Sign.File.SetText(f) // the key of the last signature; its password is asked again
	}
	fl.loadOptions(target)

	p.Form.OnNext = fl.check
	p.Review.OnBack = func() { p.ShowStep(screens.StepForm) }
	p.Review.OnSign = fl.toSign
	s := p.Sign
	s.OnBack = func() {
		fl.closeKey()
		p.ShowStep(screens.StepReview)
	}
	s.OnChooseFile = func() { a.edsKeys.chooseKeyFile(s) }
	s.OnOpen = fl.openKey
	s.OnSign = fl.sign
}

func (fl *signingFlow) loadOptions(target string) {
	a, f := fl.a, fl.p.Form
	f.SetBusy(true)
	var opts api.ApplicationOptions
	a.calls.Call(a.onPage(fl.p), func(ctx context.Context, c *client.Client) (err error) {
		opts, err = c.ApplicationOptions(ctx)
		return err
	}, func(err error) {
		f.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			f.Tell(screens.Note(m.Key, m.Data))
			return
		}
		a.apps.rememberNames(opts)
		f.SetOptions(opts)
		if target != "" {
			f.SetTarget(target)
		}
	})
}

// closeKey closes the key store opened on the sign step, if any.
func (fl *signingFlow) closeKey() {
	if fl.key != nil {
		fl.key.Close()
		fl.key = nil
	}
	fl.a.apps.closeKey = nil
}

// check: form → review, once the service has checked the document.
func (fl *signingFlow) check(content api.Document) {
	a, p, f := fl.a, fl.p, fl.p.Form
	doc := content
	doc.Version = api.DocumentVersion
	doc.IIN = a.me.IIN
	doc.FullName = screens.FullName(a.me)
	doc.CreatedAt = a.tick.now().UTC().Truncate(time.Second)
	if fl.rev != nil && sameContent(fl.rev.doc, doc) && a.tick.now().Sub(fl.rev.doc.CreatedAt) < api.DocumentMaxAge/2 {
		doc = fl.rev.doc // back and forth unchanged: the same document, key and signature
	} else {
		fl.rev = nil
	}
	f.SetBusy(true)
	a.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) error {
		_, err := c.CheckApplication(ctx, doc)
		return err
	}, func(err error) {
		f.SetBusy(false)
		if err != nil {
			m := applicationMessage(err)
			f.Tell(screens.Note(m.Key, m.Data))
			return
		}
		if fl.rev == nil {
			b, err := api.DocumentBytes(doc)
			if err != nil {
				f.Tell(screens.Note("error.unexpected", nil))
				return
			}
			fl.rev = &reviewed{doc: doc, bytes: b, key: rand.Text()}
		}
		p.Review.SetDocument(doc, f.Names())
		p.ShowStep(screens.StepReview)
	})
}

// toSign: review → sign, or a resend of a document signed already.
func (fl *signingFlow) toSign() {
	p := fl.p
	p.Review.Tell(screens.Message{})
	if fl.rev != nil && fl.rev.cms != nil {
		p.Review.Submit.Disable()
		fl.submit(fl.rev, nil, func() { p.Review.Submit.Enable() })
		return
	}
	p.ShowStep(screens.StepSign)
}

// openKey opens a key file on the sign step; the flow then holds it.
func (fl *signingFlow) openKey(path, password string) {
	a, p := fl.a, fl.p
	fl.closeKey()
	a.edsKeys.openKeyFile(p.Sign, eds.PurposeSign, path, password,
		func() bool { return a.page == p && p.Step() == screens.StepSign },
		func(ks *eds.KeyStore) {
			fl.key = ks
			a.apps.closeKey = fl.closeKey
			if a.loggedIn {
				a.edsKeys.signFile = path // offered at the next signature
			}
		})
}

// sign: sign → submitting. The key goes with the signing: closed once it
// has signed (or when the call ends); the user opens it again for
// another try.
func (fl *signingFlow) sign(source string) {
	a, p, s := fl.a, fl.p, fl.p.Sign
	r := fl.rev
	if r == nil {
		p.ShowStep(screens.StepForm)
		return
	}
	ks := fl.key
	fl.key = nil
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
			s.Tell(screens.Problem("eds.error.no_key", nil))
			return
		}
		sign = func() ([]byte, error) {
			defer closeKS()
			return ks.SignCMS(r.bytes, false)
		}
	}
	s.SetBusy(true)
	fl.submit(r, sign, func() {
		closeKS()
		s.SetBusy(false)
		if ks != nil {
			s.Password.SetText("") // the key is closed: open it again to sign again
		}
	})
}

// submit sends the reviewed document, signing it first unless it is
// signed already (a retry). sign runs off the UI goroutine.
func (fl *signingFlow) submit(r *reviewed, sign func() ([]byte, error), done func()) {
	a, p := fl.a, fl.p
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
			fl.rev = nil
			fl.closeKey()
			a.apps.kickNotifications()
			a.apps.showApplicationDetail(out, "app.submitted", map[string]any{"Number": out.Number})
			return
		}
		if fl.rev != r {
			return // the user has changed the document meanwhile
		}
		a.log.Info("application submit failed", "code", client.Code(err), "err", errKind(err))
		if cms != nil && errorMessage(err).Retry && client.Code(err) != api.CodeIdempotencyKey {
			// Signed but the answer was lost: send the same again.
			r.cms = cms
			m := errorMessage(err)
			p.Review.Tell(screens.Note("app.error.resend.because", map[string]any{"Error": lang.Lazy(m.Key, m.Data)}))
			p.ShowStep(screens.StepReview)
			return
		}
		r.cms = nil
		if client.Code(err) == api.CodeIdempotencyKey {
			fl.rev = nil
		}
		if errors.Is(err, ncalayer.ErrCanceled) {
			p.Sign.Tell(screens.Problem("eds.canceled", nil))
			return
		}
		m := applicationMessage(err)
		if p.Step() == screens.StepSign {
			p.Sign.Tell(screens.Problem(m.Key, m.Data))
		} else {
			p.Review.Tell(screens.Note(m.Key, m.Data))
		}
	})
}
