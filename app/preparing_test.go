package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/lang"
)

// heldOpener is a bundled service whose opening waits until the test
// releases it (a first start creating the demo data): each open says it
// began on began, then takes its result (nil: the harness's service)
// from release.
type heldOpener struct {
	began   chan struct{}
	release chan error
	h       *harness
}

func newHeldOpener() *heldOpener {
	return &heldOpener{began: make(chan struct{}, 4), release: make(chan error)}
}

func (o *heldOpener) open(ctx context.Context, _ BundledOptions) (http.Handler, io.Closer, error) {
	o.began <- struct{}{}
	select {
	case err := <-o.release:
		if err != nil {
			return nil, nil, err
		}
		return o.h.svc.Handler(), io.NopCloser(nil), nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// waitBegan waits until an opening of the service has begun.
func (o *heldOpener) waitBegan(t *testing.T) {
	t.Helper()
	select {
	case <-o.began:
	case <-time.After(20 * time.Second):
		t.Fatal("the bundled service was not opened")
	}
}

// preparingHarness is a harness whose service is the bundled one of Run
// (bundledService), opened by o, and whose start the test makes.
func preparingHarness(t *testing.T, o *heldOpener, dir string) *harness {
	t.Helper()
	bs := &bundledService{cfg: Config{DataDir: dir}, logger: slog.New(slog.DiscardHandler), open: o.open}
	h := newHarness(t, func(d *Deps) {
		d.Connect = bs.connect
		d.DeferStart = true
		d.BundledDemo = true
	})
	o.h = h
	return h
}

// The window's login screen comes before the bundled service: while it
// opens (seconds on a first start) the screen answers, says the service
// is being prepared in the language shown, and a login typed meanwhile
// goes through once the service is ready, with nothing typed lost.
func TestLoginWaitsForTheBundledService(t *testing.T) {
	o := newHeldOpener()
	h := preparingHarness(t, o, t.TempDir())
	h.a.Start()
	o.waitBegan(t)

	l := h.a.Login()
	h.typ(l.IIN, demoIIN)
	h.typ(l.Password, demoPassword)
	h.with(func() {
		if l.LoginButton.Disabled() {
			t.Error("the sign-in button is disabled while the service opens")
		}
		if l.Preparing.Visible() {
			t.Error("the note shows before the opening has taken any time")
		}
		// Said from the first frame, not seconds later above the form
		// being filled in.
		if !l.Demo.Visible() || !strings.Contains(l.Demo.Text, "Демо-режим") {
			t.Errorf("demo note before the service is open: %v %q", l.Demo.Visible(), l.Demo.Text)
		}
	})
	h.advance(preparingNoteAfter)
	waitFor(t, h, "the note that the service is being prepared", func() bool {
		return l.Preparing.Visible() && strings.Contains(l.Preparing.Text, "Готовим демо-сервис")
	})
	// Another language while waiting: the note follows it.
	h.with(func() { h.a.SetLanguage("en") })
	h.with(func() {
		if !strings.Contains(l.Preparing.Text, "Preparing the demo service") {
			t.Errorf("note in English: %q", l.Preparing.Text)
		}
	})
	h.tap(l.LoginButton)
	h.with(func() {
		if h.a.LoggedIn() || h.a.Login() != l {
			t.Fatal("signed in before the service was open")
		}
		if !l.Progress.Visible() || !l.Preparing.Visible() {
			t.Errorf("waiting login: progress %v, note %v", l.Progress.Visible(), l.Preparing.Visible())
		}
		if l.IIN.Text != demoIIN || l.Password.Text != demoPassword {
			t.Errorf("typed values lost: IIN %q, password of %d characters", l.IIN.Text, len(l.Password.Text))
		}
	})

	o.release <- nil
	h.a.WaitIdle()
	if !h.a.LoggedIn() || h.a.Home() == nil {
		t.Fatalf("the waiting login did not sign in; status %q", statusOf(h))
	}
	if got := h.a.Home().IIN.Text; got != demoIIN {
		t.Errorf("home of %q", got)
	}
}

// A bundled service that cannot be opened is told on the login screen
// in words (the folder and the cause) with «Повторить», which opens it
// again; the note that it is being prepared goes once it is open.
func TestBundledServiceErrorIsTold(t *testing.T) {
	o := newHeldOpener()
	dir := t.TempDir()
	h := preparingHarness(t, o, dir)
	h.a.Start()
	o.waitBegan(t)
	h.advance(preparingNoteAfter)
	l := h.a.Login()
	waitFor(t, h, "the note that the service is being prepared", l.Preparing.Visible)

	o.release <- errors.New("service: store: open database: disk I/O error")
	h.a.WaitIdle()
	s := statusOf(h)
	for _, want := range []string{"Не удалось подготовить встроенный демо-сервис", dir, "disk I/O error", "«Повторить»"} {
		if !strings.Contains(s, want) {
			t.Errorf("status %q lacks %q", s, want)
		}
	}
	h.with(func() {
		if !l.Retry.Visible() {
			t.Error("no «Повторить» button")
		}
		if l.Preparing.Visible() {
			t.Error("the note stays after the opening failed")
		}
	})
	h.with(func() { h.a.SetLanguage("kk") })
	if s := statusOf(h); !strings.Contains(s, "кіріктірілген демо қызметті дайындау мүмкін болмады") {
		t.Errorf("status in Kazakh: %q", s)
	}
	h.with(func() { h.a.SetLanguage("ru") })

	h.tap(l.Retry)
	o.waitBegan(t)
	o.release <- nil
	h.a.WaitIdle()
	h.with(func() {
		if l.Status.Visible() || l.Retry.Visible() || l.Preparing.Visible() {
			t.Errorf("after the retry: status %q, retry %v, note %v", l.Status.Text, l.Retry.Visible(), l.Preparing.Visible())
		}
		if l.Subtitle.Text == lang.L("app.name") {
			t.Error("the fund's name did not come from the service opened")
		}
	})
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("no login after the retry: %q", statusOf(h))
	}
}
