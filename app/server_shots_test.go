//go:build shots

package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/kabinet-kz/kabinet/lang"
)

// TestServerShots renders the login screen on the demo and on an
// unreachable fund, the connection settings (a test that succeeded, one
// that failed) and the About box in each language into $SHOTS_DIR:
// go test -tags 'ci shots' -run TestServerShots ./app
func TestServerShots(t *testing.T) {
	dir := os.Getenv("SHOTS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "shots")
	}
	os.MkdirAll(dir, 0o755)
	url, down := fundServer(t, "Фонд «Юг»")
	for _, code := range []string{"ru", "kk", "en"} {
		down.Store(false)
		h := newHarness(t, func(d *Deps) {
			d.Language = code
			d.Servers = ServerConfig{MachineFile: filepath.Join(t.TempDir(), "absent.toml")}
		})
		lang.Set(code)
		w := h.a.Window()
		shot := func(name string) {
			h.a.WaitIdle()
			h.with(func() {
				w.Resize(fyne.NewSize(1100, 760))
				f, err := os.Create(filepath.Join(dir, name+"-"+code+".png"))
				if err != nil {
					t.Fatal(err)
				}
				png.Encode(f, w.Canvas().Capture())
				f.Close()
			})
		}
		shot("server-01-login-demo")
		h.tap(h.a.Login().About)
		shot("server-02-about")
		h.with(h.a.closeDialogs)
		h.tap(h.a.Login().Settings)
		s := h.a.conn.ServerSettings()
		h.with(func() { s.URL.SetText(url) })
		h.tap(s.Test)
		shot("server-03-settings-ok")
		h.with(func() { s.URL.SetText("http://fund.example.kz") })
		h.tap(s.Test)
		shot("server-04-settings-insecure")
		h.with(func() { s.URL.SetText(url) })
		h.tap(s.Save)
		down.Store(true)
		h.a.WaitIdle()
		h.with(h.a.conn.reconnect)
		shot("server-05-login-unreachable")
		h.a.fa.Preferences().RemoveValue(PrefServer)
	}
}
