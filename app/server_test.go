package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet"
	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
)

// fundServer is a fund's service as far as the app's start needs one:
// GET /api/v1/info with the fund's name; down makes it answer 502 as a
// proxy does when the service behind it is stopped.
func fundServer(t *testing.T, name string) (url string, down *atomic.Bool) {
	t.Helper()
	down = new(atomic.Bool)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
			return
		}
		if r.URL.Path != api.PathInfo {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(api.Info{FundName: name, FundNames: map[string]string{"kk": name + " (kk)"}, Version: "9.9.9"})
	}))
	t.Cleanup(srv.Close)
	return srv.URL, down
}

func machineToml(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kabinet.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// closedURL is a loopback address where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestResolveServerOrder(t *testing.T) {
	good := machineToml(t, `server = "https://fund.example.kz"`)
	bad := machineToml(t, `server = "https://fund.example.kz`) // unterminated string
	empty := machineToml(t, `server = ""`)
	other := machineToml(t, `# nothing for the app here`)
	insecure := machineToml(t, `server = "http://fund.example.kz"`)
	missing := filepath.Join(t.TempDir(), "absent.toml")
	all := ServerConfig{Flag: "https://flag.example.kz", MachineFile: good, BuiltIn: "https://built.example.kz"}
	for _, c := range []struct {
		name     string
		cfg      ServerConfig
		user     string
		url, src string
		err      bool
	}{
		{"flag first", all, "https://user.example.kz", "https://flag.example.kz", SourceFlag, false},
		{"then the user's setting", ServerConfig{MachineFile: good, BuiltIn: all.BuiltIn}, "https://user.example.kz", "https://user.example.kz", SourceUser, false},
		{"then the machine-wide file", ServerConfig{MachineFile: good, BuiltIn: all.BuiltIn}, "", "https://fund.example.kz", SourceMachine, false},
		{"an absent file is skipped", ServerConfig{MachineFile: missing, BuiltIn: all.BuiltIn}, "", "https://built.example.kz", SourceBuiltIn, false},
		{"a file without server is skipped", ServerConfig{MachineFile: other, BuiltIn: all.BuiltIn}, "", "https://built.example.kz", SourceBuiltIn, false},
		{"then the built-in default", ServerConfig{BuiltIn: all.BuiltIn}, "  ", "https://built.example.kz", SourceBuiltIn, false},
		{"else the demo", ServerConfig{MachineFile: missing}, "", "", SourceDemo, false},
		{"a broken file is an error, not the next source", ServerConfig{MachineFile: bad, BuiltIn: all.BuiltIn}, "", "", SourceMachine, true},
		{"an empty server in the file is an error", ServerConfig{MachineFile: empty}, "", "", SourceMachine, true},
		{"plain http to another computer is an error", ServerConfig{MachineFile: insecure}, "", "http://fund.example.kz", SourceMachine, true},
		{"a bad flag is an error, not the user's setting", ServerConfig{Flag: "ftp://x"}, "https://user.example.kz", "ftp://x", SourceFlag, true},
		{"http on loopback is allowed", ServerConfig{}, "http://127.0.0.1:8080", "http://127.0.0.1:8080", SourceUser, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := ResolveServer(c.cfg, c.user)
			if s.URL != c.url || s.Source != c.src || (s.Err != nil) != c.err {
				t.Errorf("ResolveServer = %+v, want url %q source %q error %v", s, c.url, c.src, c.err)
			}
			var se *ServerError
			if c.err && !errors.As(s.Err, &se) {
				t.Errorf("error %v is not a ServerError", s.Err)
			}
		})
	}
}

func TestMachineConfigPath(t *testing.T) {
	env := map[string]string{"ProgramData": `D:\PD`}
	getenv := func(k string) string { return env[k] }
	for goos, want := range map[string]string{
		"linux":   "/etc/kabinet/kabinet.toml",
		"freebsd": "/etc/kabinet/kabinet.toml",
		"windows": `D:\PD\Kabinet\kabinet.toml`,
		"darwin":  "/Library/Application Support/Kabinet/kabinet.toml",
	} {
		if got := MachineConfigPath(goos, getenv); got != want {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
	env[EnvMachineConfig] = "/tmp/k.toml"
	if got := MachineConfigPath("linux", getenv); got != "/tmp/k.toml" {
		t.Errorf("with %s: %q", EnvMachineConfig, got)
	}
}

// The app opens on the fund of the first source that is set, whose name
// is in the title and on the login screen, and never starts the bundled
// demo then; with none, the demo, marked as one.
func TestAppOpensTheFundOfTheFirstSource(t *testing.T) {
	flagURL, _ := fundServer(t, "Фонд флага")
	userURL, _ := fundServer(t, "Фонд пользователя")
	machineURL, _ := fundServer(t, "Фонд компьютера")
	builtURL, _ := fundServer(t, "Фонд сборки")
	file := machineToml(t, "# the fund's address\nserver = \""+machineURL+"\"\n")
	for _, c := range []struct {
		flag, user, file, built string
		fund                    string
	}{
		{flagURL, userURL, file, builtURL, "Фонд флага"},
		{"", userURL, file, builtURL, "Фонд пользователя"},
		{"", "", file, builtURL, "Фонд компьютера"},
		{"", "", "", builtURL, "Фонд сборки"},
	} {
		t.Run(c.fund, func(t *testing.T) {
			var bundled atomic.Int32
			h := newHarness(t, func(d *Deps) {
				orig := d.Connect
				d.Connect = func(ctx context.Context) (*client.Client, error) { bundled.Add(1); return orig(ctx) }
				d.Servers = ServerConfig{Flag: c.flag, MachineFile: c.file, BuiltIn: c.built}
				if c.user != "" {
					d.FyneApp.Preferences().SetString(PrefServer, c.user)
				}
			})
			var title, subtitle string
			var demo bool
			h.with(func() {
				title, subtitle, demo = h.a.Window().Title(), h.a.Login().Subtitle.Text, h.a.Login().Demo.Visible()
			})
			if !strings.HasSuffix(title, " — "+c.fund) || subtitle != c.fund || demo {
				t.Errorf("title %q, subtitle %q, demo note %v; want %q, no demo note (status %q)", title, subtitle, demo, c.fund, statusOf(h))
			}
			if n := bundled.Load(); n != 0 {
				t.Errorf("the bundled demo service was started %d times", n)
			}
			h.tap(h.a.Login().Lang.Buttons["kk"])
			h.with(func() { title = h.a.Window().Title() })
			if !strings.HasSuffix(title, " — "+c.fund+" (kk)") {
				t.Errorf("kk title %q", title)
			}
		})
	}
	t.Run("demo", func(t *testing.T) {
		h := newHarness(t, func(d *Deps) {
			d.Servers = ServerConfig{MachineFile: filepath.Join(t.TempDir(), "absent.toml")}
		})
		var demo bool
		var text string
		h.with(func() { demo, text = h.a.Login().Demo.Visible(), h.a.Login().Demo.Text })
		if !demo || !strings.Contains(text, "Демо-режим") || !h.a.Info().Demo {
			t.Errorf("demo note shown %v %q, info %+v", demo, text, h.a.Info())
		}
	})
}

// A fund's service that cannot be reached is a message naming its
// address and where it comes from, with «Повторить»; the app does not
// open the demo instead. «Повторить» opens the fund once it is back.
func TestUnreachableFundIsAMessageNotTheDemo(t *testing.T) {
	url, down := fundServer(t, "Фонд «Север»")
	down.Store(true)
	file := machineToml(t, "server = \""+url+"\"\n")
	var bundled atomic.Int32
	h := newHarness(t, func(d *Deps) {
		orig := d.Connect
		d.Connect = func(ctx context.Context) (*client.Client, error) { bundled.Add(1); return orig(ctx) }
		d.Servers = ServerConfig{MachineFile: file}
	})
	var status, title string
	var retry, demo bool
	read := func() {
		h.with(func() {
			l := h.a.Login()
			status, title, retry, demo = statusOf(h), h.a.Window().Title(), l.Retry.Visible(), l.Demo.Visible()
		})
	}
	read()
	if !strings.Contains(status, "Сервер фонда "+url) || !strings.Contains(status, "настройки компьютера "+file) || !retry {
		t.Errorf("status %q (retry shown %v): want the address and the file", status, retry)
	}
	if demo || strings.Contains(title, "Демо") || bundled.Load() != 0 || h.a.Info().Demo {
		t.Errorf("fell back to the demo: title %q, demo note %v, bundled starts %d", title, demo, bundled.Load())
	}
	// In Kazakh, the same address.
	h.tap(h.a.Login().Lang.Buttons["kk"])
	read()
	if !strings.Contains(status, "Қор сервері "+url) || !strings.Contains(status, file+" компьютер баптаулары") {
		t.Errorf("kk status %q", status)
	}
	h.tap(h.a.Login().Lang.Buttons["ru"])

	down.Store(false)
	h.tap(h.a.Login().Retry)
	h.a.WaitIdle()
	read()
	if status != "" || !strings.HasSuffix(title, " — Фонд «Север»") {
		t.Errorf("after «Повторить»: status %q, title %q", status, title)
	}

	// Nothing listening at all: the same kind of message.
	gone := closedURL(t)
	h2 := newHarness(t, func(d *Deps) { d.Servers = ServerConfig{Flag: gone} })
	if s := statusOf(h2); !strings.Contains(s, gone) || !strings.Contains(s, "параметр --server") {
		t.Errorf("closed port: status %q", s)
	}
	// A broken machine-wide file names the file.
	broken := machineToml(t, "server = https://x\n")
	h3 := newHarness(t, func(d *Deps) { d.Servers = ServerConfig{MachineFile: broken} })
	if s := statusOf(h3); !strings.Contains(s, "Не удалось прочитать настройки компьютера "+broken) || h3.a.Info().Demo {
		t.Errorf("broken file: status %q, info %+v", s, h3.a.Info())
	}
}

// The connection settings: reached from the login screen, the test says
// the fund's name or why not with the address (off the UI goroutine),
// Save keeps the address in the preferences and the app opens that fund.
func TestServerSettingsScreen(t *testing.T) {
	url, _ := fundServer(t, "Фонд «Юг»")
	h := newHarness(t, func(d *Deps) {
		d.Servers = ServerConfig{MachineFile: filepath.Join(t.TempDir(), "absent.toml")}
	})
	if !h.a.Info().Demo {
		t.Fatalf("not on the demo at first: %+v", h.a.Info())
	}
	h.tap(h.a.Login().Settings)
	s := h.a.conn.ServerSettings()
	if s == nil {
		t.Fatal("no settings screen")
	}
	var current string
	h.with(func() { current = s.Current.Text })
	if !strings.Contains(current, "встроенный демо-сервис") {
		t.Errorf("current %q", current)
	}
	result := func() (r string) {
		h.a.WaitIdle()
		h.with(func() { r = s.ResultText() })
		return r
	}

	h.tap(s.Test)
	if r := result(); !strings.Contains(r, "Введите адрес сервера") {
		t.Errorf("empty: %q", r)
	}
	h.typ(s.URL, "http://fund.example.kz")
	h.tap(s.Test)
	if r := result(); !strings.Contains(r, "«http://fund.example.kz»") || !strings.Contains(r, "https://") {
		t.Errorf("insecure: %q", r)
	}
	gone := closedURL(t)
	h.with(func() { s.URL.SetText(gone) })
	h.tap(s.Test)
	if r := result(); !strings.Contains(r, "Сервер фонда "+gone) {
		t.Errorf("closed: %q", r)
	}
	h.with(func() { s.URL.SetText(url) })
	h.tap(s.Test)
	if r := result(); r != "Подключение к "+url+" установлено: Фонд «Юг» (версия сервиса 9.9.9)." {
		t.Errorf("ok: %q", r)
	}
	h.with(func() { h.a.SetLanguage("kk") })
	if r := result(); r != url+" қосылымы орнатылды: Фонд «Юг» (kk) (қызмет нұсқасы 9.9.9)." {
		t.Errorf("ok in kk: %q", r)
	}
	h.with(func() { h.a.SetLanguage("ru") })
	if h.a.fa.Preferences().String(PrefServer) != "" {
		t.Error("a test saved the address")
	}

	h.tap(s.Save)
	h.a.WaitIdle()
	if got := h.a.fa.Preferences().String(PrefServer); got != url {
		t.Errorf("saved %q", got)
	}
	var title string
	var demo bool
	h.with(func() { title, demo = h.a.Window().Title(), h.a.Login().Demo.Visible() })
	if h.a.Login() == nil || !strings.HasSuffix(title, " — Фонд «Юг»") || demo || h.a.Info().Demo {
		t.Errorf("after save: title %q, demo note %v", title, demo)
	}

	// «Сбросить» forgets the setting: the demo again.
	h.tap(h.a.Login().Settings)
	s = h.a.conn.ServerSettings()
	h.with(func() { current = s.Current.Text })
	if !strings.Contains(current, url+" (ваша настройка)") {
		t.Errorf("current %q", current)
	}
	h.tap(s.Reset)
	h.a.WaitIdle()
	if got := h.a.fa.Preferences().String(PrefServer); got != "" || !h.a.Info().Demo {
		t.Errorf("after reset: setting %q, info %+v", got, h.a.Info())
	}
}

// --server overrides the setting: the screen says so.
func TestServerSettingsOverriddenByFlag(t *testing.T) {
	url, _ := fundServer(t, "Фонд флага")
	h := newHarness(t, func(d *Deps) { d.Servers = ServerConfig{Flag: url} })
	h.tap(h.a.Login().Settings)
	s := h.a.conn.ServerSettings()
	var override bool
	var current string
	h.with(func() { override, current = s.Override.Visible(), s.Current.Text })
	if !override || !strings.Contains(current, url+" (параметр --server)") {
		t.Errorf("override note %v, current %q", override, current)
	}
	h.tap(s.Back)
	if h.a.Login() == nil {
		t.Error("«Назад» did not return to the login screen")
	}
}

func TestAboutNamesVersionServerAndFund(t *testing.T) {
	h := newHarness(t, nil)
	var text string
	h.with(func() { text = h.a.conn.aboutText() })
	for _, want := range []string{"Версия " + kabinet.Version(), "Сервер: встроенный демо-сервис", "Фонд: Демо пенсионный фонд", "Apache 2.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("about text %q lacks %q", text, want)
		}
	}
	h.tap(h.a.Login().About)
	if h.a.Window().Canvas().Overlays().Top() == nil {
		t.Error("«О программе» opened no dialog")
	}
	h.with(func() { h.a.SetLanguage("en"); text = h.a.conn.aboutText() })
	if !strings.Contains(text, "Version "+kabinet.Version()) || !strings.Contains(text, "Server: the built-in demo service") {
		t.Errorf("en about %q", text)
	}
	lang.Set("ru")
}

func TestRunVersionFlag(t *testing.T) {
	var out bytes.Buffer
	if err := Run([]string{"--version"}, func(string) string { return "" }, &out, &out, Bundled{}); err != nil {
		t.Fatal(err)
	}
	if want := "kabinet " + kabinet.Version() + "\n"; out.String() != want {
		t.Errorf("kabinet --version printed %q, want %q", out.String(), want)
	}
}

// The login screen's demo note: the bundled demo, a fund's server that
// runs with demo data, or none.
func TestDemoNote(t *testing.T) {
	for _, c := range []struct {
		demo bool
		used Server
		want string
	}{
		{true, Server{Source: SourceDemo}, "login.demo"},
		{true, Server{URL: "https://f.example.kz", Source: SourceMachine}, "login.demo.remote"},
		{false, Server{URL: "https://f.example.kz", Source: SourceUser}, ""},
	} {
		if got := demoNote(api.Info{Demo: c.demo}, c.used); got != c.want {
			t.Errorf("demo %v from %+v: %q, want %q", c.demo, c.used, got, c.want)
		}
	}
}

func TestServerErrorDetailIsTheNetworksWords(t *testing.T) {
	gone := closedURL(t)
	c, err := client.New(gone)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Info(context.Background())
	m := (&ServerError{URL: gone, Source: SourceUser, Err: err}).message()
	d, _ := m.Data["Err"].(string)
	if m.Key != "server.error.unreachable" || !strings.HasPrefix(d, "dial tcp "+strings.TrimPrefix(gone, "http://")) || strings.Contains(d, "client:") {
		t.Errorf("message %q, detail %q", m.Key, d)
	}
}

// A connection still on its way to the server before a change in the
// settings does not win over the new one: neither its fund nor its error
// is shown.
func TestServerChangeDropsTheConnectionOnItsWay(t *testing.T) {
	oldURL, _ := fundServer(t, "Фонд старый")
	newURL, _ := fundServer(t, "Фонд новый")
	release, asked := make(chan struct{}), make(chan struct{})
	var held atomic.Bool
	h := newHarness(t, func(d *Deps) {
		d.Servers = ServerConfig{MachineFile: machineToml(t, "server = \""+oldURL+"\"\n")}
		d.DeferStart = true
		d.ConnectRemote = func(ctx context.Context, url string) (*client.Client, error) {
			if url == oldURL && held.CompareAndSwap(false, true) {
				close(asked)
				<-release // the old server fails only after the change
				return nil, fmt.Errorf("%w: the old server went away", client.ErrUnavailable)
			}
			return client.New(url)
		}
	})
	h.with(h.a.Start)
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the app did not connect to the old server")
	}
	h.tap(h.a.Login().Settings)
	s := h.a.conn.ServerSettings()
	h.with(func() { s.URL.SetText(newURL) })
	h.tap(s.Save)
	close(release)
	h.a.WaitIdle()
	var title, status string
	h.with(func() { title, status = h.a.Window().Title(), statusOf(h) })
	if !strings.HasSuffix(title, " — Фонд новый") || status != "" || h.a.Info().FundName != "Фонд новый" {
		t.Errorf("title %q, status %q, info %+v", title, status, h.a.Info())
	}
}
