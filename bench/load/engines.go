package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// benchEngines measures the same endpoints on two kabinetd of one build
// in the same run: one on SQLite (its data directory), one on the
// PostgreSQL server at admin (a postgres:// URL; a database of its own is
// created there and dropped at the end). It prints req/s and p99 of each
// and PostgreSQL's as a ratio to SQLite's (make load-bench-pg).
func benchEngines(kabinetdBin, admin string, d time.Duration, cs []int, only *regexp.Regexp) error {
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

	type server struct {
		name   string
		url    string
		tokens []string
		office int64
		slots  []time.Time
	}
	var servers []*server
	for _, eng := range []struct{ name, db string }{{"SQLite", ""}, {"PostgreSQL", pgURL}} {
		logf, err := os.Create(filepath.Join(tmp, eng.name+".log"))
		if err != nil {
			return err
		}
		defer logf.Close()
		args := []string{"--demo", "--listen", "127.0.0.1:0", "--data-dir", filepath.Join(tmp, eng.name), "--backoffice-step", "0",
			"--trusted-proxy", "127.0.0.1/32"}
		if eng.db != "" {
			args = append(args, "--database", eng.db)
		}
		u, cmd, err := startProcess(ctx, logf, "kabinetd: serving ", kabinetdBin, args...)
		if err != nil {
			return err
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		servers = append(servers, &server{name: eng.name, url: u})
	}
	fmt.Printf("kabinetd on SQLite %s and on PostgreSQL %s, GOMAXPROCS %d, %v per measurement\n\n",
		servers[0].url, servers[1].url, runtime.GOMAXPROCS(0), d)

	hc := &http.Client{Timeout: 30 * time.Second}
	var addr atomic.Int64
	for _, s := range servers {
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
	period := time.Now().UTC().Format("2006-01")
	var orders atomic.Int64
	endpoints := []struct {
		name string
		f    func(s *server) op
	}{
		{"GET /me", func(s *server) op { return getOp(s.url+"/api/v1/me", s.tokens) }},
		{"GET /accounts", func(s *server) op { return getOp(s.url+"/api/v1/accounts", s.tokens) }},
		{"GET /statements (page of 50)", func(s *server) op { return getOp(s.url+"/api/v1/statements?account=all&limit=50", s.tokens) }},
		{"POST /dpv/orders", func(s *server) op {
			return func(ctx context.Context, c *http.Client, w, _ int) int {
				n := orders.Add(1)
				b := []byte(`{"amount":100000,"period":"` + period + `"}`)
				st, _ := do(ctx, c, "POST", s.url+"/api/v1/dpv/orders", s.tokens[w%len(s.tokens)], b,
					map[string]string{"Idempotency-Key": "engines-" + strconv.FormatInt(n, 10)})
				return st
			}
		}},
		{"POST /bookings (+DELETE)", func(s *server) op {
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
	fmt.Printf("%-30s %4s %11s %9s %11s %9s %8s %7s %5s\n", "endpoint", "c", "SQLite r/s", "p99", "PG r/s", "p99", "PG/SQLite", "× p99", "5xx")
	for _, e := range endpoints {
		if !only.MatchString(e.name) {
			continue
		}
		for _, c := range cs {
			lite := measure(c, d, e.f(servers[0]))
			pg := measure(c, d, e.f(servers[1]))
			fmt.Printf("%-30s %4d %11.0f %9s %11.0f %9s %8.3f %7.1f %5d\n", e.name, c, lite.rps(), ms(lite.p99), pg.rps(), ms(pg.p99),
				pg.rps()/lite.rps(), float64(pg.p99)/float64(max(lite.p99, time.Millisecond)), lite.bad5xx+pg.bad5xx)
		}
	}
	return nil
}

// getOp is a GET of u with the workers' tokens in turn.
func getOp(u string, tokens []string) op {
	return func(ctx context.Context, c *http.Client, w, _ int) int {
		st, _ := do(ctx, c, "GET", u, tokens[w%len(tokens)], nil, nil)
		return st
	}
}
