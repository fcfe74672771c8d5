package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kabinet-kz/kabinet/internal/nginxrun"
)

// benchEngines measures the same endpoints on kabinetd of one build in
// the same run: one on SQLite (its data directory), one on the
// PostgreSQL server at admin (a postgres:// URL; a database of its own is
// created there and dropped at the end) and, when nginxBin is not empty,
// the same PostgreSQL instance behind Debian's nginx with
// deploy/nginx/kabinetd.conf (the proxy's own cost) and three instances
// on that database behind it (round robin). Every cell (endpoint,
// concurrency) measures the targets back to back, rounds times, the
// order turned by one each round, so that the rest of a shared machine
// weighs on all alike; it prints SQLite's req/s and p99 and each other
// target's as the median of its per-round ratios to SQLite's
// (make load-bench-pg).
func benchEngines(kabinetdBin, admin, nginxBin string, d time.Duration, cs []int, only *regexp.Regexp, rounds int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp, err := os.MkdirTemp("", "kabinet-engines-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	adm, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer adm.Close()
	name := fmt.Sprintf("kabinet_bench_%d", os.Getpid())
	if _, err := adm.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	defer adm.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	u, err := url.Parse(admin)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	pgURL := u.String()

	type target struct {
		name   string
		url    string
		tokens []string
		office int64
		slots  []time.Time
	}
	var stops []func() // of the processes started, in order
	start := func(name, dataDir, db string) (string, error) {
		logf, err := os.Create(filepath.Join(tmp, name+".log"))
		if err != nil {
			return "", err
		}
		args := []string{"--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--backoffice-step", "0",
			"--trusted-proxy", "127.0.0.1/32"}
		if db != "" {
			args = append(args, "--database", db)
		}
		u, cmd, err := startProcess(ctx, logf, "kabinetd: serving ", kabinetdBin, args...)
		if err != nil {
			logf.Close()
			return "", err
		}
		stops = append(stops, func() { cmd.Process.Kill(); cmd.Wait(); logf.Close() })
		return u, nil
	}
	defer func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}()
	lite, err := start("sqlite", filepath.Join(tmp, "sqlite"), "")
	if err != nil {
		return err
	}
	// The PostgreSQL instances share a data directory (the demo CA, keys
	// and outbox) as in the three-instance test: the first migrates and
	// seeds the demo, the others start on what it made.
	pgData := filepath.Join(tmp, "pg")
	pg1, err := start("pg-1", pgData, pgURL)
	if err != nil {
		return err
	}
	targets := []*target{{name: "SQLite", url: lite}, {name: "PostgreSQL", url: pg1}}
	if nginxBin != "" {
		keys := filepath.Join(pgData, "keys", "demo-keys.json")
		for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			if _, err := os.Stat(keys); err == nil {
				break
			}
			if time.Now().After(deadline) {
				return errors.New("the first PostgreSQL instance issued no demo keys")
			}
		}
		ups := []string{pg1}
		for i := 2; i <= 3; i++ {
			u, err := start(fmt.Sprintf("pg-%d", i), pgData, pgURL)
			if err != nil {
				return err
			}
			ups = append(ups, u)
		}
		one, stop1, err := startNginx(nginxBin, filepath.Join(tmp, "nginx-1"), ups[:1])
		if err != nil {
			return err
		}
		stops = append(stops, stop1)
		three, stop3, err := startNginx(nginxBin, filepath.Join(tmp, "nginx-3"), ups)
		if err != nil {
			return err
		}
		stops = append(stops, stop3)
		targets = append(targets, &target{name: "nginx → 1 PG", url: one}, &target{name: "nginx → 3 PG", url: three})
	}
	fmt.Printf("GOMAXPROCS %d, %v per measurement, %d round(s), targets:\n", runtime.GOMAXPROCS(0), d, rounds)
	for _, t := range targets {
		fmt.Printf("  %-13s %s\n", t.name, t.url)
	}
	fmt.Println()

	hc := &http.Client{Timeout: 30 * time.Second}
	var addr atomic.Int64
	for _, s := range targets {
		for _, iin := range []string{"880415300157", "700303300418"} {
			n := addr.Add(1)
			b, _ := json.Marshal(map[string]string{"iin": iin, "password": demoPassword})
			st, body := do(ctx, hc, "POST", s.url+"/api/v1/auth/login", "", b,
				map[string]string{"X-Forwarded-For": fmt.Sprintf("10.9.%d.%d", n>>8&255, n&255)})
			if st != http.StatusOK {
				return fmt.Errorf("%s: login %s: %d", s.name, iin, st)
			}
			var sess struct{ Token string }
			json.Unmarshal(body, &sess)
			s.tokens = append(s.tokens, sess.Token)
		}
		if s.office, s.slots, err = bookingSlots(ctx, hc, s.url, s.tokens[0]); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	// Warm up every target (connections to the database, nginx's to its
	// upstreams, the instances' caches) before the first figure.
	for _, s := range targets {
		measure(8, time.Second, getOp(s.url+"/api/v1/accounts", s.tokens))
	}
	period := time.Now().UTC().Format("2006-01")
	var orders atomic.Int64
	endpoints := []struct {
		name string
		f    func(s *target) op
	}{
		{"GET /me", func(s *target) op { return getOp(s.url+"/api/v1/me", s.tokens) }},
		{"GET /accounts", func(s *target) op { return getOp(s.url+"/api/v1/accounts", s.tokens) }},
		{"GET /statements (page of 50)", func(s *target) op { return getOp(s.url+"/api/v1/statements?account=all&limit=50", s.tokens) }},
		{"POST /dpv/orders", func(s *target) op {
			return func(ctx context.Context, c *http.Client, w, _ int) int {
				n := orders.Add(1)
				b := []byte(`{"amount":100000,"period":"` + period + `"}`)
				st, _ := do(ctx, c, "POST", s.url+"/api/v1/dpv/orders", s.tokens[w%len(s.tokens)], b,
					map[string]string{"Idempotency-Key": "engines-" + strconv.FormatInt(n, 10)})
				return st
			}
		}},
		{"POST /bookings (+DELETE)", func(s *target) op {
			return func(ctx context.Context, c *http.Client, w, i int) int {
				tok := s.tokens[w%len(s.tokens)]
				b, _ := json.Marshal(map[string]any{"officeId": s.office, "start": s.slots[(w+i)%len(s.slots)], "service": "consultation"})
				st, body := do(ctx, c, "POST", s.url+"/api/v1/bookings", tok, b, nil)
				if st == http.StatusCreated {
					var bk struct{ ID int64 }
					json.Unmarshal(body, &bk)
					if cst, _ := do(ctx, c, "DELETE", s.url+"/api/v1/bookings/"+strconv.FormatInt(bk.ID, 10), tok, nil, nil); cst >= 500 || cst == 0 {
						return cst
					}
				}
				return st
			}
		}},
	}
	fmt.Printf("%-30s %4s %10s %8s", "endpoint", "c", "SQLite r/s", "p99")
	for _, t := range targets[1:] {
		fmt.Printf(" | %-13s", t.name)
	}
	fmt.Printf(" | %5s\n", "5xx")
	fmt.Printf("%-30s %4s %10s %8s", "", "", "", "")
	for range targets[1:] {
		fmt.Printf(" | %6s %6s", "× r/s", "× p99")
	}
	fmt.Println()
	for _, e := range endpoints {
		if !only.MatchString(e.name) {
			continue
		}
		for _, c := range cs {
			res := make([][]result, rounds) // [round][target]
			for r := range rounds {
				res[r] = make([]result, len(targets))
				for k := range targets {
					i := (k + r) % len(targets)
					res[r][i] = measure(c, d, e.f(targets[i]))
				}
			}
			var liteRPS, liteP99 []float64
			bad := 0
			for r := range rounds {
				liteRPS = append(liteRPS, res[r][0].rps())
				liteP99 = append(liteP99, float64(res[r][0].p99))
				for i := range targets {
					bad += res[r][i].bad5xx
				}
			}
			fmt.Printf("%-30s %4d %10.0f %8s", e.name, c, median(liteRPS), ms(time.Duration(median(liteP99))))
			for i := range targets[1:] {
				var rps, p99 []float64
				for r := range rounds {
					l, x := res[r][0], res[r][i+1]
					rps = append(rps, x.rps()/l.rps())
					p99 = append(p99, float64(x.p99)/float64(max(l.p99, time.Millisecond)))
				}
				fmt.Printf(" | %6.3f %6.1f", median(rps), median(p99))
			}
			fmt.Printf(" | %5d\n", bad)
		}
	}
	// The instances' errors, if any (JSON lines on their stderr).
	logs, _ := filepath.Glob(filepath.Join(tmp, "*.log"))
	shown := 0
	for _, f := range logs {
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, `"level":"ERROR"`) && shown < 5 {
				fmt.Printf("%s: %s\n", filepath.Base(f), line)
				shown++
			}
		}
	}
	return nil
}

// median of xs (the mean of the middle two when their number is even).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// getOp is a GET of u with the workers' tokens in turn.
func getOp(u string, tokens []string) op {
	return func(ctx context.Context, c *http.Client, w, _ int) int {
		st, _ := do(ctx, c, "GET", u, tokens[w%len(tokens)], nil, nil)
		return st
	}
}

// startNginx runs nginx with the repository's site (bench/load runs from
// the module's root) in front of ups, as many workers as CPUs.
func startNginx(bin, dir string, ups []string) (string, func(), error) {
	conf, err := os.ReadFile(nginxrun.SiteFile)
	if err != nil {
		return "", nil, fmt.Errorf("%w (run from the module's root)", err)
	}
	return nginxrun.Start(bin, dir, string(conf), ups, "auto")
}
