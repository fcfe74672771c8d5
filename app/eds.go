package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/ncalayer"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

const prefEDSDir = "eds.lastDir" // the folder of the last key file; never the password

// NCALayerTimeout bounds a signing through NCALayer: the user picks a key
// and types its password in NCALayer's own window.
const NCALayerTimeout = 3 * time.Minute

// edsErrorKey maps an error of opening or using a key to its message.
func edsErrorKey(err error) string {
	switch {
	case errors.Is(err, eds.ErrEmptyFile):
		return "eds.error.empty"
	case errors.Is(err, eds.ErrTooLarge):
		return "eds.error.too_large"
	case errors.Is(err, eds.ErrNotKeyStore):
		return "eds.error.not_keystore"
	case errors.Is(err, eds.ErrWrongPassword):
		return "eds.error.wrong_password"
	case errors.Is(err, eds.ErrDamaged):
		return "eds.error.damaged"
	case errors.Is(err, eds.ErrExpired):
		return "eds.error.expired"
	case errors.Is(err, eds.ErrNotYetValid):
		return "eds.error.not_yet_valid"
	case errors.Is(err, eds.ErrSignKeyForLogin):
		return "eds.error.sign_for_login"
	case errors.Is(err, eds.ErrAuthKeyForSigning):
		return "eds.error.auth_for_signing"
	case errors.Is(err, eds.ErrGOSTNeedsNCALayer):
		return "eds.error.gost"
	case errors.Is(err, eds.ErrNoPrivateKey):
		return "eds.error.no_key"
	case errors.Is(err, ncalayer.ErrNotRunning):
		return "eds.error.ncalayer_not_running"
	case errors.Is(err, ncalayer.ErrProtocol):
		return "eds.error.ncalayer_protocol"
	case errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
		return "eds.error.read"
	}
	var ne *ncalayer.Error
	if errors.As(err, &ne) {
		return "eds.error.ncalayer"
	}
	switch code := client.Code(err); code {
	case api.CodeSignatureInvalid, api.CodeCertificateUntrusted, api.CodeCertificateExpired,
		api.CodeCertificateRevoked, api.CodeWrongKeyPurpose, api.CodeChallengeExpired,
		api.CodeChallengeReused, api.CodeDepositorNotFound, api.CodeWeakSignature:
		return "eds.error." + code
	}
	return ""
}

// readKeyFile reads a key store file, refusing anything too large before
// reading it.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, eds.ErrNotKeyStore
	}
	if st.Size() > eds.MaxKeyStoreSize {
		return nil, eds.ErrTooLarge
	}
	return io.ReadAll(io.LimitReader(f, eds.MaxKeyStoreSize+1))
}

// showEDSLogin is «Вход по ЭЦП».
func (ct *edsCtl) showEDSLogin() { ct.edsLogin(false) }

// showEDSLoginThenSetPassword is «Восстановить пароль по ЭЦП» and the
// memo's confirmation of a shared contact by EDS: sign in with the AUTH
// key, then set a new password without the old one.
func (ct *edsCtl) showEDSLoginThenSetPassword() { ct.edsLogin(true) }

// edsCtl is «Вход по ЭЦП» (each login an edsLoginFlow) and the key
// files: choosing one (the folder of the last one remembered) and opening
// it off the UI goroutine, for the login and for the signing flow.
type edsCtl struct {
	app   *App
	calls *caller
	// signFile is the SIGN key file chosen in this session, offered again
	// at the next signature (never its password); endSession forgets it.
	signFile string
}

// edsLoginFlow is «Вход по ЭЦП» with the AUTH key: open a key file (or
// use NCALayer), sign the service's challenge, enter the cabinet. Its
// state, on the UI goroutine: key is the key store opened on the screen
// (nil: none), signing tells that a signing is using it off the UI
// goroutine. closeKey is the one place the key store is closed: opening
// another, «Назад» (unless a signing has it: then its end closes it),
// the screen left, and a successful login.
type edsLoginFlow struct {
	a               *App
	s               *screens.EDSSign
	thenSetPassword bool
	key             *eds.KeyStore
	signing         bool
}

func (ct *edsCtl) edsLogin(thenSetPassword bool) {
	a := ct.app
	fl := &edsLoginFlow{a: a, s: screens.NewEDSSign(eds.PurposeAuth), thenSetPassword: thenSetPassword}
	s := fl.s
	a.setScreen(s, s.Content())
	s.OnBack = fl.back
	s.OnChooseFile = func() { ct.chooseKeyFile(s) }
	s.OnOpen = fl.open
	s.OnSign = fl.sign
	// The keyboard goes to the key file's path, as the login's to the IIN.
	a.win.Canvas().Focus(s.File)
}

func (fl *edsLoginFlow) closeKey() {
	if fl.key != nil {
		fl.key.Close()
		fl.key = nil
	}
}

func (fl *edsLoginFlow) back() {
	if !fl.signing {
		fl.closeKey()
	}
	fl.a.backToLogin("", "", false)
}

func (fl *edsLoginFlow) open(path, password string) {
	a, s := fl.a, fl.s
	fl.closeKey()
	a.edsKeys.openKeyFile(s, eds.PurposeAuth, path, password,
		func() bool { return a.active == s },
		func(ks *eds.KeyStore) { fl.key = ks })
}

// sign signs the challenge with the key opened (or NCALayer's) and logs in.
func (fl *edsLoginFlow) sign(source string) {
	a, s := fl.a, fl.s
	s.SetBusy(true)
	ks := fl.key
	fl.signing = true
	var (
		me   api.Me
		acc  api.Accounts
		sess api.Session
		cl   *client.Client
	)
	a.calls.Call(func(err error) bool {
		fl.signing = false
		if a.active != s || err != nil {
			// Signed in, but the screen is gone or the cabinet
			// could not load: nobody will use that session.
			a.signin.endAbandoned(cl, sess.Token)
		}
		if a.active != s {
			fl.closeKey()
			return false
		}
		return true
	}, func(ctx context.Context, c *client.Client) error {
		cl = c
		ch, err := c.EDSChallenge(ctx)
		var cms []byte
		if err == nil {
			if source == screens.SourceNCALayer {
				ctx, cancel := context.WithTimeout(a.ctx, NCALayerTimeout)
				nc := ncalayer.Client{URL: a.d.NCALayerURL, Locale: lang.Current()}
				cms, err = nc.Sign(ctx, ncalayer.SignRequest{Data: ch.Nonce, Purpose: eds.PurposeAuth})
				cancel()
			} else if ks == nil {
				err = eds.ErrNoPrivateKey
			} else {
				cms, err = ks.SignCMS(ch.Nonce, false)
			}
		}
		if err == nil {
			// A fresh deadline: signing in NCALayer may take minutes.
			ctx, cancel := a.calls.Ctx()
			sess, err = c.EDSLogin(ctx, ch.ID, cms)
			cancel()
		}
		if err == nil {
			me, acc, err = a.signin.loadHome(c)
		}
		return err
	}, func(err error) {
		s.SetBusy(false)
		if errors.Is(err, ncalayer.ErrCanceled) {
			s.Tell(screens.Problem("eds.canceled", nil))
			return
		}
		if err != nil {
			a.log.Info("eds login failed", "code", client.Code(err), "err", errKind(err))
			if k := edsErrorKey(err); k != "" {
				s.Tell(screens.Problem(k, nil))
				return
			}
			m := errorMessage(err)
			s.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		fl.closeKey()
		a.active = nil
		a.public = false
		a.showCabinet(me, acc)
		if fl.thenSetPassword {
			a.password.showPasswordPage(true)
		}
	})
}

// openKeyFile reads and opens the key store at path off the UI goroutine,
// then shows its certificate on s, checked for the purpose want (a
// problem such as the wrong purpose or an expired certificate is shown
// and disables «Подписать»). keep takes the opened key on the UI
// goroutine; when alive says the screen is gone the key is closed
// instead. The password is used once and kept nowhere.
func (ct *edsCtl) openKeyFile(s *screens.EDSSign, want eds.Purpose, path, password string, alive func() bool, keep func(*eds.KeyStore)) {
	a := ct.app
	s.SetBusy(true)
	ct.calls.Go(func() {
		data, err := readKeyFile(path)
		var ks *eds.KeyStore
		if err == nil {
			ks, err = eds.OpenKeyStore(data, password)
		}
		now := a.tick.now()
		a.do(func() {
			if !alive() {
				if ks != nil {
					ks.Close()
				}
				return
			}
			s.SetBusy(false)
			if err != nil {
				k := edsErrorKey(err)
				if k == "" {
					k = "eds.error.not_keystore"
				}
				s.Tell(screens.Problem(k, nil))
				return
			}
			keep(ks)
			problem := ""
			if cerr := ks.Info.Check(now, want); cerr != nil {
				problem = edsErrorKey(cerr)
			} else if ks.Signer == nil && ks.Info.Algorithm.IsGOST() {
				problem = "eds.error.gost"
			} else if ks.Signer == nil {
				problem = "eds.error.no_key"
			}
			s.ShowCertificate(ks.Info, now, problem)
		})
	})
}

// errKind names an error's type for logs without its text (which may
// carry a path or a name).
func errKind(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%T", err)
}

// chooseKeyFile shows the file dialog filtered to key stores, starting in
// the folder of the last key file.
func (ct *edsCtl) chooseKeyFile(s *screens.EDSSign) {
	a := ct.app
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.SetFile(path)
		if dir := s.FileDir(); dir != "" {
			a.fa.Preferences().SetString(prefEDSDir, dir)
		}
	}, a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".p12", ".pfx", ".P12", ".PFX"}))
	dir := a.fa.Preferences().String(prefEDSDir)
	if s.Want == eds.PurposeSign && ct.signFile != "" {
		dir = filepath.Dir(ct.signFile) // where this session's key was
	}
	if dir == "" {
		dir = a.d.KeysDir
	}
	if dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}
