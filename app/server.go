package app

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// Where the app's service comes from, in this order: --server, the
// user's own setting (the connection settings screen, kept in Fyne's
// preferences), the machine-wide kabinet.toml, the default baked in at
// build time, else the bundled demo service.
const (
	SourceFlag    = "flag"
	SourceUser    = "user"
	SourceMachine = "machine"
	SourceBuiltIn = "builtin"
	SourceDemo    = "demo"
)

// PrefServer is the preference holding the user's own server address.
const PrefServer = "server"

// EnvMachineConfig names another machine-wide file than the OS's (tests,
// and a fund that keeps it elsewhere).
const EnvMachineConfig = "KABINET_CONFIG"

// DefaultServer is the fund's address baked in at build time:
// make package SERVER=https://… links it with
// -ldflags "-X github.com/kabinet-kz/kabinet/app.DefaultServer=https://…". Empty: none.
var DefaultServer string

// ServerConfig is what the app chooses its service from, besides the
// user's setting (read from the preferences each time).
type ServerConfig struct {
	// Flag is --server.
	Flag string
	// MachineFile is the machine-wide kabinet.toml ("" or absent: none).
	MachineFile string
	// BuiltIn is the default baked in at build time.
	BuiltIn string
}

// MachineConfigPath is the machine-wide kabinet.toml of this OS, or the
// file $KABINET_CONFIG names: /etc/kabinet/kabinet.toml on Linux (and
// other Unix), %ProgramData%\Kabinet\kabinet.toml on Windows,
// /Library/Application Support/Kabinet/kabinet.toml on macOS.
func MachineConfigPath(goos string, getenv func(string) string) string {
	if p := getenv(EnvMachineConfig); p != "" {
		return p
	}
	switch goos {
	case "windows":
		pd := getenv("ProgramData")
		if pd == "" {
			pd = `C:\ProgramData`
		}
		return pd + `\Kabinet\kabinet.toml`
	case "darwin":
		return "/Library/Application Support/Kabinet/kabinet.toml"
	default:
		return "/etc/kabinet/kabinet.toml"
	}
}

// Server is the service chosen: URL "" is the bundled demo.
type Server struct {
	URL    string
	Source string
	// Path is the machine-wide file, when it chose.
	Path string
	// Err is set when the source that should decide is unusable (a file
	// that cannot be read or parsed, an address that is not one): the app
	// then says so, it never falls back to the demo.
	Err error
}

// machineFile is kabinet.toml.
type machineFile struct {
	Server string `toml:"server"`
}

// ResolveServer chooses the service: flag, then user (the saved
// setting), then the machine-wide file, then the built-in default, else
// the demo. A source that is set but unusable is chosen all the same,
// with Err.
func ResolveServer(cfg ServerConfig, user string) Server {
	if v := strings.TrimSpace(cfg.Flag); v != "" {
		return checked(Server{URL: v, Source: SourceFlag})
	}
	if v := strings.TrimSpace(user); v != "" {
		return checked(Server{URL: v, Source: SourceUser})
	}
	if cfg.MachineFile != "" {
		var f machineFile
		md, err := toml.DecodeFile(cfg.MachineFile, &f)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return Server{Source: SourceMachine, Path: cfg.MachineFile, Err: &ServerError{Source: SourceMachine, Path: cfg.MachineFile, File: true, Err: err}}
		case strings.TrimSpace(f.Server) != "":
			return checked(Server{URL: strings.TrimSpace(f.Server), Source: SourceMachine, Path: cfg.MachineFile})
		case md.IsDefined("server"):
			return Server{Source: SourceMachine, Path: cfg.MachineFile, Err: &ServerError{Source: SourceMachine, Path: cfg.MachineFile, File: true, Err: errors.New(`server = "" is empty`)}}
		}
	}
	if v := strings.TrimSpace(cfg.BuiltIn); v != "" {
		return checked(Server{URL: v, Source: SourceBuiltIn})
	}
	return Server{Source: SourceDemo}
}

// checked refuses an address the client would refuse (not https, http
// to another computer, not a URL at all).
func checked(s Server) Server {
	if _, err := client.New(s.URL); err != nil {
		s.Err = &ServerError{URL: s.URL, Source: s.Source, Path: s.Path, Invalid: true, Err: err}
	}
	return s
}

// ServerError is a service of a fund that cannot be used: its address,
// where the address came from and why. Its message names the address.
type ServerError struct {
	URL    string
	Source string
	Path   string
	// File: the machine-wide file is unreadable; Invalid: the address is
	// not one the app may use.
	File, Invalid bool
	Err           error
}

func (e *ServerError) Error() string {
	if e.File {
		return fmt.Sprintf("machine-wide settings %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("service %s (from %s): %v", e.URL, e.Source, e.Err)
}

func (e *ServerError) Unwrap() error { return e.Err }

// message is the user's text: the address, where it comes from, and a
// hint of what to do.
func (e *ServerError) message() message {
	data := map[string]any{"URL": e.URL, "Path": e.Path, "From": sourceText(e.Source, e.Path)}
	switch {
	case e.File:
		data["Err"] = e.Err.Error()
		return message{Key: "server.error.file", Data: data, Retry: true}
	case e.Invalid:
		return message{Key: "server.error.invalid", Data: data, Retry: true}
	}
	data["Err"] = detail(e.Err)
	var ce *client.Error
	switch {
	case errors.As(e.Err, &ce) && ce.Problem.Code != "" && ce.Status < 500:
		// A Kabinet service that refuses (e.g. rate limited).
		return message{Key: "server.error.refused", Data: data, Retry: true}
	case errors.As(e.Err, &ce) && ce.Status < 500:
		// Something answers there, not as a Kabinet service does.
		return message{Key: "server.error.not_kabinet", Data: data, Retry: true}
	}
	return message{Key: "server.error.unreachable", Data: data, Retry: true}
}

// detail is the part of a connection error that helps the user or an
// administrator: the network's own words ("dial tcp …: connection
// refused", "x509: certificate signed by unknown authority") without the
// client's and the request's wrapping.
func detail(err error) string {
	var ue *neturl.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// sourceText names where an address comes from, in the language of the
// moment.
func sourceText(source, path string) lang.Later {
	return lang.Lazy("server.source."+source, map[string]any{"Path": path})
}

// serverConfig is Deps.Servers with the built-in default.
func (ct *connCtl) serverConfig() ServerConfig {
	a := ct.app
	cfg := a.d.Servers
	if cfg.BuiltIn == "" {
		cfg.BuiltIn = DefaultServer
	}
	return cfg
}

// userServer is the user's own setting.
func (ct *connCtl) userServer() string { return ct.app.fa.Preferences().String(PrefServer) }

// server is the service the app should use now.
func (ct *connCtl) server() Server { return ResolveServer(ct.serverConfig(), ct.userServer()) }

// openRemote opens the remote service at url (Deps.ConnectRemote in
// tests) and asks it what it is.
func (ct *connCtl) openRemote(ctx context.Context, url string) (*client.Client, api.Info, error) {
	a := ct.app
	open := a.d.ConnectRemote
	if open == nil {
		open = func(_ context.Context, url string) (*client.Client, error) { return client.New(url) }
	}
	c, err := open(ctx, url)
	if err != nil {
		return nil, api.Info{}, err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return nil, api.Info{}, err
	}
	return c, info, nil
}

// connectService opens the chosen service: the bundled one through
// Deps.Connect, a fund's through openRemote; a fund's that fails is a
// ServerError naming it. The bundled one opens inside this process with
// no call's deadline (the app's context ends it at close): its first
// start creates the demo data, which a slow or busy computer may take
// longer than a call to do, and a login typed meanwhile waits for it.
func (ct *connCtl) connectService() (*client.Client, api.Info, Server, error) {
	a := ct.app
	s := ct.server()
	if s.Err != nil {
		return nil, api.Info{}, s, s.Err
	}
	if s.URL == "" {
		c, err := a.d.Connect(ct.calls.ctx)
		if err != nil {
			return nil, api.Info{}, s, err
		}
		ctx, cancel := ct.calls.Ctx()
		defer cancel()
		info, err := c.Info(ctx)
		return c, info, s, err
	}
	ctx, cancel := ct.calls.Ctx()
	defer cancel()
	c, info, err := ct.openRemote(ctx, s.URL)
	if err != nil {
		return nil, api.Info{}, s, &ServerError{URL: s.URL, Source: s.Source, Path: s.Path, Err: err}
	}
	return c, info, s, nil
}

// demoNote is the login screen's note on demo data: the bundled demo, a
// fund's server with demo data, or none.
func demoNote(info api.Info, used Server) string {
	switch {
	case !info.Demo:
		return ""
	case used.URL == "":
		return "login.demo"
	}
	return "login.demo.remote"
}

// usedServer is the service chosen at the last connection.
func (ct *connCtl) usedServer() Server {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.used
}

// reconnect forgets the service connected to and connects again (the
// user's setting changed). Only from the login screen: no session.
func (ct *connCtl) reconnect() {
	a := ct.app
	ct.mu.Lock()
	ct.cl, ct.info = nil, api.Info{}
	ct.connGen++ // a connection still on its way to the old server is dropped
	ct.mu.Unlock()
	if a.login != nil {
		a.login.SetFundName("")
		a.login.SetDemo("")
		a.login.Outbox.Hide() // the demo's, until the new service offers one
		a.login.Tell(screens.Message{})
	}
	a.applyTitle()
	ct.startConnect()
}

// serverText says which service is in use, for the settings screen and
// the About box.
func serverText(s Server) lang.Later {
	if s.URL == "" && s.Err == nil {
		return lang.Lazy("server.source.demo")
	}
	where := s.URL
	if where == "" {
		where = s.Path
	}
	return lang.Lazy("server.using", map[string]any{"URL": where, "From": sourceText(s.Source, s.Path)})
}

// showServerSettings opens the connection settings from the login screen.
func (ct *connCtl) showServerSettings() {
	a := ct.app
	s := screens.NewServerSettings(ct.userServer())
	a.setScreen(s, s.Content())
	cur := ct.usedServer()
	if cur.Source == "" { // not connected yet: what the app would choose
		cur = ct.server()
	}
	s.SetCurrent(serverText(cur), strings.TrimSpace(a.d.Servers.Flag) != "")
	s.OnBack = func() { a.backToLogin("", "", false) }
	s.OnTest = func(url string) {
		url = strings.TrimSpace(url)
		if url == "" {
			s.Tell(screens.Problem("server.error.empty", nil))
			return
		}
		if _, err := client.New(url); err != nil {
			m := (&ServerError{URL: url, Source: SourceUser, Invalid: true, Err: err}).message()
			s.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		s.SetBusy(true)
		var info api.Info
		ct.calls.CallWith(a.onScreen(s), func(ctx context.Context) (err error) {
			_, info, err = ct.openRemote(ctx, url) // the server tested, not the one in use
			return err
		}, func(err error) {
			s.SetBusy(false)
			if err != nil {
				m := (&ServerError{URL: url, Source: SourceUser, Err: err}).message()
				s.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			s.Tell(screens.Note("server.test.ok", map[string]any{
				"URL": url, "Fund": lang.Later(func() string { return info.FundNameIn(lang.Current()) }), "Version": info.Version,
			}))
		})
	}
	s.OnSave = func(url string) {
		url = strings.TrimSpace(url)
		if url != "" {
			if _, err := client.New(url); err != nil {
				m := (&ServerError{URL: url, Source: SourceUser, Invalid: true, Err: err}).message()
				s.Tell(screens.Problem(m.Key, m.Data))
				return
			}
		}
		if url == ct.userServer() {
			a.backToLogin("", "", false)
			return
		}
		if url == "" {
			a.fa.Preferences().RemoveValue(PrefServer)
		} else {
			a.fa.Preferences().SetString(PrefServer, url)
		}
		a.backToLogin("", "", false)
		ct.reconnect()
	}
}

// machineConfigDefault is the machine-wide file of the running OS.
func machineConfigDefault(getenv func(string) string) string {
	return filepath.Clean(MachineConfigPath(runtime.GOOS, getenv))
}

// ServerSettings is the connection settings screen (nil when not shown).
func (ct *connCtl) ServerSettings() *screens.ServerSettings {
	a := ct.app
	s, _ := a.active.(*screens.ServerSettings)
	return s
}
