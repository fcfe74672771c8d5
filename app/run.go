package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/jonboulle/clockwork"

	"github.com/kabinet-kz/kabinet"
	"github.com/kabinet-kz/kabinet/assets"
	"github.com/kabinet-kz/kabinet/client"
)

// AppID is the application identifier (preferences, keyring, FyneApp.toml).
const AppID = "kz.demofund.kabinet"

// DefaultBackOfficeStep is the bundled demo service's back-office step.
const DefaultBackOfficeStep = 20 * time.Second

// Config is what the command line chooses.
type Config struct {
	// Server is the remote service URL; "" runs the bundled service.
	Server string
	// DataDir holds the bundled service's database.
	DataDir string
	// Language forces ru, kk or en.
	Language string
	// Verbose logs at debug level.
	Verbose bool
	// Version: print the version and exit.
	Version bool
	// BackOfficeStep is how fast the bundled demo service's back office
	// moves applications on (seconds, so that a newcomer sees statuses
	// change); 0 leaves them still.
	BackOfficeStep time.Duration
}

// ParseFlags reads the command line.
func ParseFlags(args []string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("kabinet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Server, "server", "", "URL of a remote Kabinet service (https://...; http only on loopback); empty runs the bundled demo service")
	fs.StringVar(&c.DataDir, "data-dir", "", "folder of the bundled service's data (default: <user config dir>/kabinet)")
	fs.StringVar(&c.Language, "lang", "", "interface language: ru, kk or en (default: saved choice, then the OS locale)")
	fs.BoolVar(&c.Verbose, "v", false, "verbose logging to stderr")
	fs.BoolVar(&c.Version, "version", false, "print the version and exit")
	fs.DurationVar(&c.BackOfficeStep, "backoffice-step", DefaultBackOfficeStep,
		"bundled service: how long an application rests in a status before the back office moves it on; 0 never")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.Server != "" {
		if _, err := client.New(c.Server); err != nil {
			return c, err
		}
	}
	return c, nil
}

// DefaultDataDir is <user config dir>/kabinet.
func DefaultDataDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "kabinet"), nil
}

// Bundled is the bundled demo service as the app sees it: cmd/kabinet
// opens kabinet/service in this process (so that package app depends on
// kabinet/client only). Open runs on first use, off the UI goroutine.
type Bundled struct {
	Open func(ctx context.Context, o BundledOptions) (http.Handler, io.Closer, error)
}

// BundledOptions are the command line's choices for the bundled service.
type BundledOptions struct {
	DataDir        string
	BackOfficeStep time.Duration // 0 leaves the back office still
	Logger         *slog.Logger
}

// Run is the desktop app's main: it parses flags, opens the window and
// returns when the window is closed. bundled opens the demo service
// (a nil Open: no bundled service).
func Run(args []string, getenv func(string) string, stdout, stderr io.Writer, bundled Bundled) error {
	cfg, err := ParseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if cfg.Version {
		_, err := fmt.Fprintln(stdout, "kabinet", kabinet.Version())
		return err
	}
	level := slog.LevelWarn
	if cfg.Verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	gcDone := startupGC(getenv, time.AfterFunc)

	fa := fyneapp.NewWithID(AppID)
	fa.SetIcon(fyne.NewStaticResource("icon.png", assets.WindowIconPNG))

	bs := &bundledService{cfg: cfg, logger: logger, open: bundled.Open}
	servers := ServerConfig{Flag: cfg.Server, MachineFile: machineConfigDefault(getenv), BuiltIn: DefaultServer}
	keysDir := ""
	bundledDemo := ResolveServer(servers, fa.Preferences().String(PrefServer)).Source == SourceDemo
	if bundledDemo {
		dir := cfg.DataDir
		if dir == "" {
			dir, _ = DefaultDataDir()
		}
		if dir != "" {
			keysDir = filepath.Join(dir, "keys")
		}
	}
	var a *App
	guard := newQuitGuard(clockwork.NewRealClock(), quitGrace, func() {
		logger.Warn("the window system did not stop after the quit; ending the process", "after", quitGrace)
		a.Close()
		idle := make(chan struct{})
		go func() { a.WaitIdle(); close(idle) }()
		select {
		case <-idle:
		case <-time.After(quitGrace):
		}
		if err := bs.close(); err != nil {
			logger.Warn("close the bundled service", "err", err)
		}
		os.Exit(0)
	})
	// Fyne quits on these too; the guard only watches that it does.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		guard.Quitting()
	}()
	a = New(Deps{
		FyneApp:  fa,
		Connect:  bs.connect,
		Servers:  servers,
		Keyring:  NewOSKeyring(),
		Logger:   logger,
		Language: cfg.Language,
		Getenv:   getenv,
		KeysDir:  keysDir,
		// The bundled service is always a demo: the login screen says so
		// from its first frame.
		BundledDemo: bundledDemo,
		Screen:      func() (fyne.Size, bool) { return glfwScreen(fa) },
		// The window comes first; the bundled service opens right after.
		DeferStart: true,
		Quitting:   guard.Quitting,
		AfterStart: func() {
			if err := afterStart(getenv); err != nil {
				logger.Warn("after start-up", "err", err)
			}
		},
	})
	var once sync.Once
	fa.Lifecycle().SetOnStarted(func() {
		gcDone()
		once.Do(a.Start)
	})
	a.Window().ShowAndRun()
	guard.Returned()
	a.Close()
	a.WaitIdle()
	return bs.close()
}

// bundledService opens the service inside this process on first use.
type bundledService struct {
	cfg    Config
	logger *slog.Logger
	open   func(ctx context.Context, o BundledOptions) (http.Handler, io.Closer, error)
	mu     sync.Mutex
	h      http.Handler
	closer io.Closer
}

func (b *bundledService) connect(ctx context.Context) (*client.Client, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.h == nil {
		if b.open == nil {
			return nil, errors.New("no bundled service in this build")
		}
		dir := b.cfg.DataDir
		if dir == "" {
			var err error
			if dir, err = DefaultDataDir(); err != nil {
				return nil, err
			}
		}
		h, closer, err := b.open(ctx, BundledOptions{
			DataDir:        dir,
			BackOfficeStep: b.cfg.BackOfficeStep,
			Logger:         b.logger.With("component", "service"),
		})
		if err != nil {
			return nil, &BundledError{Dir: dir, Err: err}
		}
		b.h, b.closer = h, closer
	}
	return client.NewInProcess(b.h, client.WithTimeout(30*time.Second)), nil
}

// BundledError is the bundled demo service that could not be opened (a
// data folder that cannot be written, a full disk, a damaged database):
// the login screen names the folder and the cause, with «Повторить».
type BundledError struct {
	Dir string
	Err error
}

func (e *BundledError) Error() string {
	return fmt.Sprintf("start the bundled service in %s: %v", e.Dir, e.Err)
}

func (e *BundledError) Unwrap() error { return e.Err }

func (b *bundledService) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closer == nil {
		return nil
	}
	return b.closer.Close()
}
