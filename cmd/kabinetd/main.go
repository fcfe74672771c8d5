// Command kabinetd serves the Kabinet cabinet API (/healthz, /api/v1/...,
// see api/openapi.yaml) for many users and office workstations: the same
// service the desktop app bundles, on a TCP address, over HTTPS when given
// a certificate.
//
//	kabinetd --listen 127.0.0.1:8080 [--data-dir DIR] [--database URL] [--demo]
//	         [--tls-cert FILE --tls-key FILE] [--fund-name NAME]
//	         [--trust-root FILE]... [--crl-url URL]... [--pki-dir DIR]
//	kabinetd admin import depositors|accounts|transactions FILE.csv [--data-dir DIR] [--database URL]
//	kabinetd admin staff add --iin IIN --name NAME --role applications|office|all   (password twice on stdin)
//	kabinetd admin staff list|disable --iin IIN|audit
//	kabinetd admin generate --depositors N [--months M]   (a synthetic fund, service/BENCH.md)
//	kabinetd pki issue [--data-dir DIR] --iin IIN --name "..." --purpose auth|sign --out FILE
//	kabinetd pki inspect FILE   (key store password on stdin)
//	kabinetd pki sign --key FILE.p12 [--detached] --in FILE --out FILE.p7s   (password on stdin)
//	kabinetd pki verify [--trust-root FILE]... [--crl FILE]... [--at RFC3339] [--content FILE] FILE.p7s
//	kabinetd migrate status|up [--database URL] [--data-dir DIR]
//	kabinetd --version
//
// The login by EDS trusts the demo CA of a demo service (<data dir>/ca,
// which also issues the demo depositors' keys into <data dir>/keys,
// password "Qwerty12"), the CA certificates of --trust-root (e.g. NCA RK's
// roots; their CRLs are downloaded, --crl-url adds addresses) and the CA
// of --pki-dir. "pki issue" issues from <data dir>/ca unless --ca-dir is
// given.
//
// --database postgres://... keeps the data in PostgreSQL, so that several
// kabinetd behind a reverse proxy share it; without it the data is the
// SQLite file <data dir>/kabinet.db.
//
// Flags default to the environment variables KABINETD_LISTEN,
// KABINETD_DATA_DIR, KABINETD_DATABASE and KABINETD_FUND_NAME when set. Logs are JSON lines
// on stderr; the address served is printed on stdout. SIGINT or SIGTERM
// stops accepting connections and lets running requests finish.
package main

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kabinet-kz/kabinet"

	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		code := 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		if ee == nil || !ee.reported {
			fmt.Fprintln(os.Stderr, "kabinetd:", err)
		}
		os.Exit(code)
	}
}

// exitError carries the process exit code of a failure; reported means
// the message was printed already (by the flag package).
type exitError struct {
	code     int
	err      error
	reported bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is exit code 2 for a bad command line.
func usageError(err error, reported bool) error {
	return &exitError{code: 2, err: err, reported: reported}
}

// gcPercent is kabinetd's GOGC unless the environment sets one.
const gcPercent = 400

// defaultProcs is GOMAXPROCS as the runtime chose it (the CPUs kabinetd
// may use), read before hashProcs raises it.
var defaultProcs = sync.OnceValue(func() int { return runtime.GOMAXPROCS(0) })

// hashProcs gives the password hashing processors of its own. An
// argon2id verification computes for tens of milliseconds without
// yielding, so each running one holds one of the Go scheduler's P's
// (GOMAXPROCS) for that long: with GOMAXPROCS at the number of CPUs, a
// login storm left the requests fewer P's than CPUs, and a read waited
// for a P however low the hashing thread's priority (lowPriority, nice
// 19: the kernel can favour the reads only among threads that hold a P).
// With one more P per hash slot the requests keep as many P's as there
// are CPUs and the kernel arbitrates between them and the hashing. The
// hash slots are fixed first from the CPUs (half, at least one, as
// service's default). GOMAXPROCS in the environment wins; setting it
// here also stops the runtime from following a change of the CPU limit
// while running (Go 1.25's automatic GOMAXPROCS).
func hashProcs(getenv func(string) string, cfg *service.Config) {
	if getenv("GOMAXPROCS") != "" {
		return
	}
	procs := defaultProcs()
	if cfg.HashSlots == 0 {
		cfg.HashSlots = max(1, procs/2)
	}
	runtime.GOMAXPROCS(procs + min(cfg.HashSlots, procs))
}

// shutdownGrace bounds how long running requests may take after a signal.
const shutdownGrace = 10 * time.Second

// run is the whole program, with its environment passed in so that tests
// can run it: it returns when ctx is cancelled (after a graceful shutdown)
// or on a fatal error.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	// Subcommands.
	if len(args) > 0 && args[0] == "pki" {
		err := pkiCLI(ctx, pkiArgs(args[1:], getenv), stdin, stdout, stderr)
		var ce *pki.CLIError
		if errors.As(err, &ce) {
			return &exitError{code: ce.Code, err: ce.Err}
		}
		return err
	}
	if len(args) > 0 && args[0] == "migrate" {
		return migrateCLI(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "admin" {
		return adminCLI(ctx, args[1:], getenv, stdin, stdout, stderr)
	}
	return serve(ctx, args, getenv, stdout, stderr)
}

// options are the flags of the server.
type options struct {
	listen  string
	dataDir string
	// database: see service.Config.Database.
	database string
	// demo: demo data, demo outbox, the back office that moves
	// applications by itself (--demo, KABINETD_DEMO). Off by default.
	demo    bool
	noDemo  bool
	tlsCert string
	tlsKey  string
	// metricsListen is the address of GET /metrics ("" none).
	metricsListen string
	// pprof adds net/http/pprof (with mutex and block profiles) to the
	// metrics listener.
	pprof bool
	// fundName, fundNameKK, fundNameEN: see service.Config.FundName.
	fundName   string
	fundNameKK string
	fundNameEN string
	timeZone   string
	// EDS login: see service.Config.
	trustRoots stringsFlag
	crlURLs    stringsFlag
	pkiDir     string
	// backOfficeStep: see service.BackOfficeConfig; 0 disables the worker.
	backOfficeStep time.Duration
	// requireStaff2FA and twoFactorKeyFile: see
	// service.Config.RequireStaffTwoFactor and TwoFactorKey.
	requireStaff2FA  bool
	twoFactorKeyFile string
	// version: print the version and exit.
	version bool
	// trustedProxies: see service.Config.TrustedProxies.
	trustedProxies []netip.Prefix
	// demoOutbox offers the demo outbox on a listener that is not
	// loopback (it is offered on loopback ones anyway).
	demoOutbox bool
	// crlRefresh: see service.Config.CRLRefresh.
	crlRefresh time.Duration
	// messages: SMTP and the SMS gateway (messages.go).
	messages messageOptions
	// limits: sessions, one-time passwords, rate limits (limits.go).
	limits limitOptions
}

// proxiesFlag collects --trusted-proxy ranges.
type proxiesFlag struct{ p *[]netip.Prefix }

func (f proxiesFlag) String() string {
	if f.p == nil {
		return ""
	}
	var out []string
	for _, p := range *f.p {
		out = append(out, p.String())
	}
	return strings.Join(out, ",")
}

func (f proxiesFlag) Set(v string) error {
	p, err := service.ParseTrustedProxy(v)
	if err != nil {
		return fmt.Errorf("not an address or CIDR range: %q", v)
	}
	*f.p = append(*f.p, p)
	return nil
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kabinetd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kabinetd [flags]\n       kabinetd admin import|staff ...   (docs/FUND.md)\n       kabinetd migrate ...\n       kabinetd pki ...\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.listen, "listen", envOr(getenv, "KABINETD_LISTEN", "127.0.0.1:8080"), "TCP `address` to serve on")
	fs.StringVar(&o.dataDir, "data-dir", getenv("KABINETD_DATA_DIR"),
		"`directory` of the SQLite database (default <user config dir>/kabinet-server)")
	fs.StringVar(&o.database, "database", getenv("KABINETD_DATABASE"),
		"`URL` of a PostgreSQL database (postgres://user@host/db?sslmode=...) shared by several kabinetd, "+
			"or the path of a SQLite file (default <data dir>/kabinet.db); env KABINETD_DATABASE")
	fs.BoolVar(&o.demo, "demo", envBool(getenv, "KABINETD_DEMO"),
		"run as a demo: demo depositors in a new database, the demo outbox and a back office that moves applications by itself")
	fs.BoolVar(&o.noDemo, "no-demo", false, "not a demo (the default; overrides --demo and KABINETD_DEMO)")
	fs.StringVar(&o.metricsListen, "metrics-listen", getenv("KABINETD_METRICS_LISTEN"),
		"TCP `address` of a separate listener serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9100; default none); env KABINETD_METRICS_LISTEN")
	fs.BoolVar(&o.pprof, "pprof", false,
		"serve Go's profiles (net/http/pprof, with mutex and block profiles) at /debug/pprof/ on the --metrics-listen listener")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate `file` (chain); serve HTTPS with --tls-key")
	fs.StringVar(&o.tlsKey, "tls-key", "", "PEM private key `file` of --tls-cert")
	fs.StringVar(&o.fundName, "fund-name", getenv("KABINETD_FUND_NAME"),
		"display `name` of the fund in Russian (default \""+service.DefaultFundName+"\")")
	fs.StringVar(&o.fundNameKK, "fund-name-kk", getenv("KABINETD_FUND_NAME_KK"),
		"display `name` of the fund in Kazakh (default \""+service.DefaultFundNameKK+"\", or --fund-name when that is given)")
	fs.StringVar(&o.timeZone, "time-zone", getenv("KABINETD_TIME_ZONE"),
		"the fund's time zone (IANA name) for the times on PDFs and in messages, told to the app (default Asia/Almaty)")
	fs.StringVar(&o.fundNameEN, "fund-name-en", getenv("KABINETD_FUND_NAME_EN"),
		"display `name` of the fund in English (default \""+service.DefaultFundNameEN+"\", or --fund-name when that is given)")
	fs.Var(&o.trustRoots, "trust-root", "certificate `file` (PEM or DER) of a CA to trust for the login by EDS, e.g. NCA RK's root; repeatable")
	fs.Var(&o.crlURLs, "crl-url", "`URL` of a CRL of the --trust-root CAs besides their certificates' own; repeatable")
	fs.StringVar(&o.pkiDir, "pki-dir", "", "`directory` of a CA to trust besides the demo one (created if absent; \"pki issue --ca-dir\")")
	fs.DurationVar(&o.backOfficeStep, "backoffice-step", service.DefaultBackOfficeStep,
		"how long an application rests in a status before the back office moves it on; 0 leaves them to the office staff")
	fs.BoolVar(&o.requireStaff2FA, "require-staff-2fa", envBool(getenv, "KABINETD_REQUIRE_STAFF_2FA"),
		"office staff must turn on a second login step (code or authenticator app) before using the workstation")
	fs.StringVar(&o.twoFactorKeyFile, "two-factor-key-file", getenv("KABINETD_TWO_FACTOR_KEY_FILE"),
		"`file` with a 32-byte key (raw, hex or base64) sealing the TOTP secrets of the second login step; "+
			"without it they are sealed with a key kept in the database")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	o.messages.register(fs, getenv)
	var flagProxies []netip.Prefix
	fs.Var(proxiesFlag{&flagProxies}, "trusted-proxy", "`CIDR` (or address) of a reverse proxy whose Forwarded / X-Forwarded-For "+
		"headers name the client; repeatable (default $KABINETD_TRUSTED_PROXIES, comma-separated)")
	fs.BoolVar(&o.demoOutbox, "demo-outbox", false,
		"offer the demo outbox (every one-time password, with contacts) on a listener that is not loopback")
	fs.DurationVar(&o.crlRefresh, "crl-refresh", service.DefaultCRLRefresh,
		"how often downloaded CRLs of the --trust-root CAs are fetched again (by one instance for all on the database)")
	o.limits.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError(err, true)
	}
	if err := flagsFromEnv(fs, getenv); err != nil {
		return o, usageError(err, false)
	}
	o.trustedProxies = flagProxies
	if len(flagProxies) == 0 {
		for _, v := range strings.FieldsFunc(getenv("KABINETD_TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
			p, err := service.ParseTrustedProxy(v)
			if err != nil {
				return o, usageError(fmt.Errorf("KABINETD_TRUSTED_PROXIES: not an address or CIDR range: %q", v), false)
			}
			o.trustedProxies = append(o.trustedProxies, p)
		}
	}
	if o.crlRefresh < time.Minute || o.crlRefresh > 7*24*time.Hour {
		return o, usageError(fmt.Errorf("--crl-refresh %s: want from 1m to 168h", o.crlRefresh), false)
	}
	if err := o.limits.check(); err != nil {
		return o, usageError(err, false)
	}
	if fs.NArg() > 0 {
		return o, usageError(fmt.Errorf("unexpected argument %q", fs.Arg(0)), false)
	}
	if o.noDemo {
		o.demo = false
	}
	if o.backOfficeStep < 0 {
		return o, usageError(errors.New("--backoffice-step must not be negative"), false)
	}
	if o.pprof && o.metricsListen == "" {
		return o, usageError(errors.New("--pprof needs --metrics-listen"), false)
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return o, usageError(errors.New("--tls-cert and --tls-key go together"), false)
	}
	if o.dataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return o, fmt.Errorf("no --data-dir and no user config directory: %w", err)
		}
		o.dataDir = dir
	}
	return o, nil
}

// envFlags are the flags whose environment variable flagsFromEnv reads
// (KABINETD_ and the name in capitals, "-" as "_"); the others take theirs
// as their default in parseFlags. Repeatable ones take a comma-separated
// list.
var envFlags = []string{"no-demo", "tls-cert", "tls-key", "trust-root", "crl-url", "pki-dir",
	"backoffice-step", "demo-outbox", "crl-refresh", "pprof"}

func init() { envFlags = append(envFlags, limitFlags...) }

// envName is the environment variable of flag name.
func envName(name string) string {
	return "KABINETD_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// flagsFromEnv sets each of envFlags not given on the command line from
// its environment variable, if that is set.
func flagsFromEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, name := range envFlags {
		v := strings.TrimSpace(getenv(envName(name)))
		if given[name] || v == "" {
			continue
		}
		values := []string{v}
		if name == "trust-root" || name == "crl-url" {
			values = strings.Split(v, ",")
		}
		for _, x := range values {
			if err := fs.Set(name, strings.TrimSpace(x)); err != nil {
				return fmt.Errorf("%s: %w", envName(name), err)
			}
		}
	}
	return nil
}

// defaultDataDir is the data directory without --data-dir and
// KABINETD_DATA_DIR: <user config dir>/kabinet-server.
func defaultDataDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "kabinet-server"), nil
}

// openAdminStore opens (and migrates) the store of an admin command:
// --database, else --data-dir, else the default data directory.
func openAdminStore(ctx context.Context, database, dataDir string) (*store.Store, error) {
	if database == "" && dataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return nil, fmt.Errorf("no --data-dir and no user config directory: %w", err)
		}
		dataDir = dir
	}
	return store.OpenDatabase(ctx, database, dataDir, nil)
}

// envBool is an environment variable read as a boolean: 1, true, yes, on.
func envBool(getenv func(string) string, key string) bool {
	switch strings.ToLower(strings.TrimSpace(getenv(key))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// readTwoFactorKey reads the sealing key of --two-factor-key-file: 32
// bytes written raw, as 64 hex digits or in base64.
func readTwoFactorKey(file string) ([]byte, error) {
	if file == "" {
		return nil, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("two-factor key: %w", err)
	}
	if len(b) == 32 {
		return b, nil
	}
	s := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(s); err == nil && len(k) == 32 {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == 32 {
		return k, nil
	}
	return nil, fmt.Errorf("two-factor key %s: want 32 bytes (raw, 64 hex digits or base64)", file)
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	o, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if o.version {
		fmt.Fprintln(stdout, "kabinetd", kabinet.Version())
		return nil
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	twoFactorKey, err := readTwoFactorKey(o.twoFactorKeyFile)
	if err != nil {
		return err
	}
	// A login allocates argon2id's 19 MiB block: with the default GOGC and
	// the service's small live heap, every login would start a collection
	// that slows the reads running beside it. The hash gate bounds the
	// blocks alive at once (GOMAXPROCS/2), so a higher GOGC costs a
	// bounded amount of memory. GOGC in the environment wins.
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}

	var tlsConfig *tls.Config
	if o.tlsCert != "" {
		certs := &certReloader{certFile: o.tlsCert, keyFile: o.tlsKey}
		if err := certs.load(); err != nil {
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12, CipherSuites: aeadSuites, GetCertificate: certs.get}
		// SIGHUP reads the certificate and key again (a renewed
		// certificate without a restart); a pair that does not load is
		// logged and the one served stays.
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		hctx, hstop := context.WithCancel(ctx)
		defer hstop()
		go func() {
			for {
				select {
				case <-hctx.Done():
					return
				case <-hup:
					if err := certs.load(); err != nil {
						logger.Error("TLS certificate not reloaded; the previous one is served", "err", err)
					} else {
						logger.Info("TLS certificate reloaded", "file", o.tlsCert)
					}
				}
			}
		}()
	}

	// Listen before opening the service: whether the demo outbox is
	// offered depends on the listener.
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	loopback := isLoopback(host)
	outboxOff := !loopback && !o.demoOutbox
	if outboxOff && o.demo {
		logger.Info("the demo outbox is not offered on a listener that is not loopback; --demo-outbox offers it")
	}

	notifyConfig, err := o.messages.config(getenv, o.fundName)
	if err != nil {
		return usageError(err, false)
	}

	cfg := service.Config{
		Notify:     notifyConfig,
		DataDir:    o.dataDir,
		Database:   o.database,
		Demo:       o.demo,
		FundName:   o.fundName,
		FundNameKK: o.fundNameKK,
		FundNameEN: o.fundNameEN,
		TimeZone:   o.timeZone,
		Version:    kabinet.Version(),
		Logger:     logger,

		TrustRoots: o.trustRoots,
		CRLURLs:    o.crlURLs,
		PKIDir:     o.pkiDir,

		BackOffice: service.BackOfficeConfig{Step: o.backOfficeStep, Disabled: o.backOfficeStep == 0},

		RequireStaffTwoFactor: o.requireStaff2FA,
		TwoFactorKey:          twoFactorKey,
		TrustedProxies:        o.trustedProxies,
		OutboxOff:             outboxOff,
		CRLRefresh:            o.crlRefresh,
	}
	o.limits.apply(&cfg)
	hashProcs(getenv, &cfg)
	svc, err := service.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := svc.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()

	srv := &http.Server{
		Handler:           svc.Handler(),
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	} else if !loopback {
		logger.Warn("serving plain HTTP on a non-loopback address: clients refuse it; use --tls-cert/--tls-key or a TLS proxy")
	}
	logger.Info("listening", "addr", ln.Addr().String(), "tls", tlsConfig != nil,
		"dataDir", o.dataDir, "demo", o.demo, "version", kabinet.Version())
	fmt.Fprintf(stdout, "kabinetd: serving %s://%s\n", scheme, ln.Addr())
	if o.metricsListen != "" {
		// Apart from the API: a scraper on the operators' network, not
		// the depositors'.
		ml, err := net.Listen("tcp", o.metricsListen)
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", svc.MetricsHandler())
		if o.pprof {
			servePprof(mux)
		}
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
		go msrv.Serve(ml)
		defer msrv.Close()
		logger.Info("metrics", "addr", ml.Addr().String())
		fmt.Fprintf(stdout, "kabinetd: metrics on http://%s/metrics\n", ml.Addr())
	}

	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// certReloader serves the certificate last loaded from its files.
type certReloader struct {
	certFile, keyFile string
	cert              atomic.Pointer[tls.Certificate]
}

func (c *certReloader) load() error {
	cert, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return err
	}
	c.cert.Store(&cert)
	return nil
}

func (c *certReloader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) { return c.cert.Load(), nil }

// aeadSuites are the TLS 1.2 cipher suites kabinetd offers: forward
// secret and AEAD only (no CBC, no SHA-1 MAC). TLS 1.3's are all AEAD
// and not configurable.
var aeadSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
