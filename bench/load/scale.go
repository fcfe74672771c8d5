package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kabinet-kz/kabinet/service/synth"
)

// benchScale is the data-scale run (issue #10): the same requests of the
// same demo depositor on two kabinetd of one build, one on the demo's
// database (six people), one on the demo's database plus a synthetic
// fund (kabinetd admin generate), interleaved, each a ratio of the big
// database's figure to the small one's. A generated depositor's requests
// on the big database are measured too, against the demo depositor's on
// the small one. small and big are data directories, or postgres:// URLs
// (then the data directory is a temporary one). Nothing is copied: the
// logins and sessions of the run are written into both databases.
func benchScale(kabinetdBin, small, big string, d time.Duration, cs []int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp, err := os.MkdirTemp("", "kabinet-scale-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	type server struct {
		name, url string
		tokens    map[string]string
	}
	var servers []*server
	for _, db := range []struct{ name, db string }{{"small", small}, {"big", big}} {
		logf, err := os.Create(filepath.Join(tmp, db.name+".log"))
		if err != nil {
			return err
		}
		defer logf.Close()
		args := []string{"--listen", "127.0.0.1:0", "--backoffice-step", "0", "--trusted-proxy", "127.0.0.1/32"}
		if isPG(db.db) {
			args = append(args, "--database", db.db, "--data-dir", filepath.Join(tmp, db.name))
		} else {
			args = append(args, "--data-dir", db.db)
		}
		u, cmd, err := startProcess(ctx, logf, "kabinetd: serving ", kabinetdBin, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", db.name, err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		servers = append(servers, &server{name: db.name, url: u, tokens: map[string]string{}})
	}
	fmt.Printf("kabinetd on the small database %s and on the big one %s, GOMAXPROCS %d, %v per measurement\n\n",
		servers[0].url, servers[1].url, runtime.GOMAXPROCS(0), d)

	demo := "880415300157"
	generated, _, _, _ := synth.IIN(0)
	var addr atomic.Int64
	hc := &http.Client{Timeout: 30 * time.Second}
	login := func(ctx context.Context, c *http.Client, s *server, iin string) (int, string) {
		n := addr.Add(1)
		b, _ := json.Marshal(map[string]string{"iin": iin, "password": demoPassword})
		st, body := do(ctx, c, "POST", s.url+"/api/v1/auth/login", "", b,
			map[string]string{"X-Forwarded-For": fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)})
		var sess struct{ Token string }
		json.Unmarshal(body, &sess)
		return st, sess.Token
	}
	for _, s := range servers {
		iins := []string{demo}
		if s.name == "big" {
			iins = append(iins, generated)
		}
		for _, iin := range iins {
			st, tok := login(ctx, hc, s, iin)
			if st != http.StatusOK {
				return fmt.Errorf("%s: login %s: %d", s.name, iin, st)
			}
			s.tokens[iin] = tok
		}
	}
	get := func(s *server, iin, path string) op {
		return func(ctx context.Context, c *http.Client, _, _ int) int {
			st, _ := do(ctx, c, "GET", s.url+path, s.tokens[iin], nil, nil)
			return st
		}
	}
	type row struct {
		name string
		iin  string // on the big database
		f    func(s *server, iin string) op
		cs   []int
	}
	rows := []row{
		{"POST /auth/login", demo, func(s *server, iin string) op {
			return func(ctx context.Context, c *http.Client, _, _ int) int { st, _ := login(ctx, c, s, iin); return st }
		}, []int{1}},
	}
	for _, p := range []struct{ name, path string }{
		{"GET /me", "/api/v1/me"},
		{"GET /accounts", "/api/v1/accounts"},
		{"GET /statements (page of 50)", "/api/v1/statements?account=all&limit=50"},
	} {
		rows = append(rows, row{p.name, demo, func(s *server, iin string) op { return get(s, iin, p.path) }, cs})
	}
	for _, p := range []struct{ name, path string }{
		{"GET /accounts (generated)", "/api/v1/accounts"},
		{"GET /statements (generated)", "/api/v1/statements?account=all&limit=50"},
	} {
		rows = append(rows, row{p.name, generated, func(s *server, iin string) op { return get(s, iin, p.path) }, cs[:1]})
	}
	fmt.Printf("%-30s %4s %10s %9s %10s %9s %9s %8s %5s\n", "request", "c", "small r/s", "p99", "big r/s", "p99", "× time", "× p99", "5xx")
	for _, r := range rows {
		for _, c := range r.cs {
			// Half of d on each, then the other half in the other order
			// (small, big, big, small), so that a machine getting busier
			// or quieter during the row weighs on both alike.
			sm := measure(c, d/2, r.f(servers[0], demo))
			bg := measure(c, d/2, r.f(servers[1], r.iin))
			bg = bg.add(measure(c, d/2, r.f(servers[1], r.iin)))
			sm = sm.add(measure(c, d/2, r.f(servers[0], demo)))
			// × time: the big database's mean time per request over the
			// small one's (at c=1 the inverse of the req/s ratio).
			fmt.Printf("%-30s %4d %10.0f %9s %10.0f %9s %9.2f %8.2f %5d\n", r.name, c, sm.rps(), ms(sm.p99), bg.rps(), ms(bg.p99),
				sm.rps()/bg.rps(), float64(bg.p99)/float64(max(sm.p99, 100*time.Microsecond)), sm.bad5xx+bg.bad5xx)
		}
	}
	return nil
}

func isPG(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}
