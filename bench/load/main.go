// Command load is the load benchmark of kabinetd (make load-bench): it
// starts a built kabinetd (demo data, fresh data directory) and a baseline
// server of its own — net/http + modernc SQLite with the store's pragmas,
// one primary-key read per request — both on 127.0.0.1, in separate
// processes, and measures them in the same run: req/s and p99 per endpoint
// at each concurrency, each as a ratio to the baseline, writes (ДПВ orders,
// bookings) and a login storm (GET /me at c=1 while correct logins run,
// against the same endpoint quiet). It ends with the targets of issue #9
// and whether each is reached.
//
//	go build -o bin/kabinetd ./cmd/kabinetd
//	go run ./bench/load -kabinetd bin/kabinetd [-d 3s] [-c 1,8,64,256]
//
// Figures depend on the machine and on what else runs on it: compare
// ratios, not absolute numbers.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kabinet-kz/kabinet/internal/nginxrun"
	_ "modernc.org/sqlite"
)

// The store's pragmas (service/store/store.go).
const dsnPragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_time_format=sqlite&_txlock=immediate"

const demoPassword = "kabinet-demo-2026"

func main() {
	kabinetd := flag.String("kabinetd", "bin/kabinetd", "built kabinetd `binary`")
	dur := flag.Duration("d", 3*time.Second, "duration of each measurement")
	concs := flag.String("c", "1,8,64,256", "concurrencies")
	serveBaseline := flag.String("serve-baseline", "", "(internal) serve the baseline on a data `directory`")
	pg := flag.String("pg", "", "compare SQLite with the PostgreSQL server at this postgres:// `URL` instead "+
		"(\"env\": $KABINET_TEST_POSTGRES, as scripts/pg-test.sh --exec sets it)")
	onlyPG := flag.String("only", "", "with -pg: measure only the endpoints whose name matches this `regexp` (e.g. POST)")
	nginx := flag.String("nginx", "", "with -pg: the nginx `binary` that puts deploy/nginx/kabinetd.conf in front of one and of three "+
		"PostgreSQL instances (\"\": nginx on PATH or /usr/sbin/nginx if installed; \"off\": SQLite and one PostgreSQL instance only)")
	rounds := flag.Int("rounds", 1, "with -pg: measure every cell this many `times`, the targets' order turned each time, and report median ratios")
	scaleSmall := flag.String("scale-small", "", "data-scale run: the demo's data `directory` (or postgres:// URL); with -scale-big")
	scaleBig := flag.String("scale-big", "", "data-scale run: the data `directory` (or postgres:// URL) of the demo plus a generated fund")
	only := flag.String("e", "", "measure only the endpoints whose name contains one of these comma-separated `words` (e.g. \"/me,statements\"); \"storm\" is the login storm")
	kargs := flag.String("kabinetd-args", "", "more `flags` for kabinetd, space-separated (e.g. \"--metrics-listen 127.0.0.1:9199 --pprof\" to profile it under load)")
	legacy := flag.Bool("legacy", false, "the kabinetd has no --trusted-proxy (a build from before it): logins all come from 127.0.0.1 and meet its limit")
	flag.Parse()
	if *serveBaseline != "" {
		if err := runBaseline(*serveBaseline); err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			os.Exit(1)
		}
		return
	}
	var cs []int
	for _, f := range strings.Split(*concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "bad -c")
			os.Exit(2)
		}
		cs = append(cs, n)
	}
	if *scaleSmall != "" || *scaleBig != "" {
		if err := benchScale(*kabinetd, *scaleSmall, *scaleBig, *dur, cs); err != nil {
			fmt.Fprintln(os.Stderr, "load-bench:", err)
			os.Exit(1)
		}
		return
	}
	if *pg != "" {
		if *pg == "env" {
			*pg = os.Getenv("KABINET_TEST_POSTGRES")
		}
		if *rounds < 1 {
			fmt.Fprintln(os.Stderr, "bad -rounds")
			os.Exit(2)
		}
		if err := benchEngines(*kabinetd, *pg, nginxrun.Find(*nginx), *dur, cs, regexp.MustCompile(*onlyPG), *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "load-bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(*kabinetd, *dur, cs, *legacy, *only, strings.Fields(*kargs)); err != nil {
		fmt.Fprintln(os.Stderr, "load-bench:", err)
		os.Exit(1)
	}
}

// ---- the baseline server ----

// runBaseline serves GET /me: one primary-key read of a depositor from a
// SQLite file with the store's pragmas, answered as JSON.
func runBaseline(dir string) error {
	path := filepath.Join(dir, "baseline.db")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: dsnPragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	n := 2 * runtime.GOMAXPROCS(0)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS depositors (iin TEXT PRIMARY KEY, surname TEXT, given_name TEXT,
		patronymic TEXT, birth_date TEXT, phone TEXT, email TEXT)`); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	for i := range 1000 {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO depositors VALUES (?, 'Сейткали', 'Бекзат', 'Нурланович', '1988-04-15', '77012345600', 'bekzat.s@mail.kz')`,
			fmt.Sprintf("%012d", 880415300000+i)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	type me struct {
		IIN, Surname, GivenName, Patronymic, BirthDate, Phone, Email string
	}
	var next atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		iin := fmt.Sprintf("%012d", 880415300000+next.Add(1)%1000)
		var m me
		err := db.QueryRowContext(r.Context(), `SELECT iin, surname, given_name, patronymic, birth_date, phone, email
			FROM depositors WHERE iin = ?`, iin).Scan(&m.IIN, &m.Surname, &m.GivenName, &m.Patronymic, &m.BirthDate, &m.Phone, &m.Email)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		b, _ := json.Marshal(m)
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("baseline: serving http://%s\n", ln.Addr())
	return http.Serve(ln, mux)
}

// ---- processes ----

// startProcess runs name with args and returns the URL it prints on
// stdout after prefix ("kabinetd: serving ").
func startProcess(ctx context.Context, stderr io.Writer, prefix, name string, args ...string) (string, *exec.Cmd, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return "", nil, fmt.Errorf("%s printed no address: %w", name, err)
	}
	go io.Copy(io.Discard, out)
	return strings.TrimSpace(strings.TrimPrefix(line, prefix)), cmd, nil
}

// ---- measuring ----

// result is one measurement.
type result struct {
	n, bad5xx, other int
	dur              time.Duration
	p99              time.Duration
	lat              []time.Duration // every request's, sorted
}

// add is r and o as one measurement: their requests over their summed
// time, the p99 of both's latencies.
func (r result) add(o result) result {
	s := result{n: r.n + o.n, bad5xx: r.bad5xx + o.bad5xx, other: r.other + o.other, dur: r.dur + o.dur,
		lat: slices.Concat(r.lat, o.lat)}
	slices.Sort(s.lat)
	if len(s.lat) > 0 {
		s.p99 = s.lat[min(len(s.lat)-1, len(s.lat)*99/100)]
	}
	return s
}

func (r result) rps() float64 { return float64(r.n) / r.dur.Seconds() }

// op is one request (or a pair); it returns the status of the answer
// that counts (or 0 on a transport error).
type op func(ctx context.Context, c *http.Client, worker, i int) int

// measure runs op from conc workers for d and returns the figures.
func measure(conc int, d time.Duration, f op) result {
	tr := &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc, DisableCompression: true,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	lats := make([][]time.Duration, conc)
	var bad, other atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				t := time.Now()
				st := f(context.Background(), c, w, i)
				lats[w] = append(lats[w], time.Since(t))
				switch {
				case st >= 500 || st == 0:
					bad.Add(1)
				case st >= 400:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	all := slices.Concat(lats...)
	slices.Sort(all)
	r := result{n: len(all), bad5xx: int(bad.Load()), other: int(other.Load()), dur: el, lat: all}
	if len(all) > 0 {
		r.p99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return r
}

func do(ctx context.Context, c *http.Client, method, u, token string, body []byte, hdr map[string]string) (int, []byte) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(ctx, method, u, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, b
}

// ---- the benchmark ----

type cell struct {
	name string
	c    int
	k, b result
}

func bench(kabinetdBin string, d time.Duration, cs []int, legacy bool, only string, kargs []string) error {
	wanted := func(name string) bool {
		if only == "" {
			return true
		}
		for _, w := range strings.Split(only, ",") {
			if w = strings.TrimSpace(w); w != "" && strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp, err := os.MkdirTemp("", "kabinet-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	self, err := os.Executable()
	if err != nil {
		return err
	}
	base, bcmd, err := startProcess(ctx, io.Discard, "baseline: serving ", self, "-serve-baseline", tmp)
	if err != nil {
		return err
	}
	defer func() { bcmd.Process.Kill(); bcmd.Wait() }()
	klog, err := os.Create(filepath.Join(tmp, "kabinetd.log"))
	if err != nil {
		return err
	}
	defer klog.Close()
	args := []string{"--demo", "--listen", "127.0.0.1:0", "--data-dir", filepath.Join(tmp, "kabinetd"), "--backoffice-step", "0"}
	if !legacy {
		args = append(args, "--trusted-proxy", "127.0.0.1/32")
	}
	args = append(args, kargs...)
	kab, kcmd, err := startProcess(ctx, klog, "kabinetd: serving ", kabinetdBin, args...)
	if err != nil {
		return err
	}
	defer func() { kcmd.Process.Kill(); kcmd.Wait() }()
	fmt.Printf("kabinetd %s, baseline %s, GOMAXPROCS %d, %v per measurement\n\n", kab, base, runtime.GOMAXPROCS(0), d)

	// Sessions of the depositors with a ДПВ account, each login from its
	// own address (X-Forwarded-For from the trusted loopback proxy).
	hc := &http.Client{Timeout: 30 * time.Second}
	var addr atomic.Int64
	fwd := func() map[string]string {
		n := addr.Add(1)
		return map[string]string{"X-Forwarded-For": fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)}
	}
	login := func(ctx context.Context, c *http.Client, iin string) (int, string) {
		b, _ := json.Marshal(map[string]string{"iin": iin, "password": demoPassword})
		st, body := do(ctx, c, "POST", kab+"/api/v1/auth/login", "", b, fwd())
		var s struct{ Token string }
		json.Unmarshal(body, &s)
		return st, s.Token
	}
	var tokens []string
	for _, iin := range []string{"880415300157", "700303300418"} {
		st, tok := login(ctx, hc, iin)
		if st != http.StatusOK {
			return fmt.Errorf("login %s: %d", iin, st)
		}
		tokens = append(tokens, tok)
	}
	tok := func(w int) string { return tokens[w%len(tokens)] }
	get := func(path string) op {
		return func(ctx context.Context, c *http.Client, w, _ int) int {
			st, _ := do(ctx, c, "GET", kab+path, tok(w), nil, nil)
			return st
		}
	}
	baseline := func(ctx context.Context, c *http.Client, _, _ int) int {
		st, _ := do(ctx, c, "GET", base+"/me", "", nil, nil)
		return st
	}
	period := time.Now().UTC().Format("2006-01")
	var orders atomic.Int64
	dpv := func(ctx context.Context, c *http.Client, w, _ int) int {
		n := orders.Add(1)
		b := []byte(`{"amount":100000,"period":"` + period + `"}`)
		st, _ := do(ctx, c, "POST", kab+"/api/v1/dpv/orders", tok(w), b, map[string]string{"Idempotency-Key": "bench-" + strconv.FormatInt(n, 10)})
		return st
	}
	office, slots, err := bookingSlots(ctx, hc, kab, tokens[0])
	if err != nil {
		return err
	}
	book := func(ctx context.Context, c *http.Client, w, i int) int {
		b, _ := json.Marshal(map[string]any{"officeId": office, "start": slots[(w+i)%len(slots)], "service": "consultation"})
		st, body := do(ctx, c, "POST", kab+"/api/v1/bookings", tok(w), b, nil)
		if st == http.StatusCreated {
			var bk struct{ ID int64 }
			json.Unmarshal(body, &bk)
			if cst, _ := do(ctx, c, "DELETE", kab+"/api/v1/bookings/"+strconv.FormatInt(bk.ID, 10), tok(w), nil, nil); cst >= 500 || cst == 0 {
				return cst
			}
		}
		return st
	}

	endpoints := []struct {
		name string
		f    op
	}{
		{"GET /me", get("/api/v1/me")},
		{"GET /accounts", get("/api/v1/accounts")},
		{"GET /statements (page of 50)", get("/api/v1/statements?account=all&limit=50")},
		{"POST /dpv/orders", dpv},
		{"POST /bookings (+DELETE)", book},
	}
	// The baseline is measured just before each kabinetd cell at the same
	// concurrency, so that both see the same load from the rest of the
	// machine (other work on a shared machine moves absolute figures).
	var cells []cell
	fmt.Printf("%-30s %4s %10s %9s %10s %9s %7s %7s %5s %5s\n", "endpoint", "c", "req/s", "p99", "base req/s", "base p99",
		"× req/s", "× p99", "5xx", "4xx")
	for _, e := range endpoints {
		if !wanted(e.name) {
			continue
		}
		for _, c := range cs {
			b := measure(c, d, baseline)
			k := measure(c, d, e.f)
			cells = append(cells, cell{e.name, c, k, b})
			fmt.Printf("%-30s %4d %10.0f %9s %10.0f %9s %7.3f %7.1f %5d %5d\n", e.name, c, k.rps(), ms(k.p99), b.rps(), ms(b.p99),
				k.rps()/b.rps(), float64(k.p99)/float64(max(b.p99, time.Millisecond)), k.bad5xx, k.other)
		}
	}

	// Login storm: GET /me at c=1, quiet and while 8 correct logins run
	// (each from its own address).
	stormRun := wanted("storm")
	var quiet, storm result
	var lbad atomic.Int64
	if stormRun {
		quiet = measure(1, d, get("/api/v1/me"))
		sctx, stop := context.WithCancel(ctx)
		var logins, busy atomic.Int64
		var swg sync.WaitGroup
		for range 8 {
			swg.Add(1)
			go func() {
				defer swg.Done()
				c := &http.Client{Timeout: 30 * time.Second}
				for sctx.Err() == nil {
					st, _ := login(sctx, c, "880415300157")
					switch {
					case st == http.StatusOK:
						logins.Add(1)
					case st == http.StatusServiceUnavailable:
						busy.Add(1)
					case sctx.Err() == nil:
						lbad.Add(1)
					}
				}
			}()
		}
		storm = measure(1, d, get("/api/v1/me"))
		stop()
		swg.Wait()
		fmt.Printf("\nlogin storm: GET /me c=1 quiet %.0f req/s p99 %s; during 8 logins %.0f req/s p99 %s "+
			"(%.2f× throughput, %.1f× p99); %d logins done (%.0f/s), %d answered 503 busy, %d other errors\n",
			quiet.rps(), ms(quiet.p99), storm.rps(), ms(storm.p99), storm.rps()/quiet.rps(),
			float64(storm.p99)/float64(max(quiet.p99, time.Millisecond)), logins.Load(), float64(logins.Load())/d.Seconds(),
			busy.Load(), lbad.Load())
	}

	// Targets of issue #9.
	fmt.Println("\ntargets:")
	find := func(name string, c int) (cell, bool) {
		i := slices.IndexFunc(cells, func(x cell) bool { return x.name == name && x.c == c })
		if i < 0 {
			return cell{}, false
		}
		return cells[i], true
	}
	check := func(ok bool, format string, a ...any) {
		mark := "yes"
		if !ok {
			mark = "NO "
		}
		fmt.Printf("  [%s] %s\n", mark, fmt.Sprintf(format, a...))
	}
	for _, t := range []struct {
		name string
		min  float64
	}{{"GET /me", 0.3}, {"GET /accounts", 0.2}, {"GET /statements (page of 50)", 0.2}} {
		for _, c := range cs {
			x, ok := find(t.name, c)
			if !ok {
				continue
			}
			r := x.k.rps() / x.b.rps()
			check(r >= t.min, "%s c=%d: %.3f× the baseline's req/s (target ≥ %.1f×)", t.name, c, r, t.min)
		}
		if x64, ok := find(t.name, 64); ok {
			r := float64(x64.k.p99) / float64(max(x64.b.p99, time.Millisecond))
			check(r <= 10, "%s c=64: p99 %s, %.1f× the baseline's (floor 1 ms; target ≤ 10×)", t.name, ms(x64.k.p99), r)
		}
		x8, ok8 := find(t.name, 8)
		x256, ok256 := find(t.name, 256)
		if ok8 && ok256 {
			r := x256.k.rps() / x8.k.rps()
			check(r >= 0.8, "%s: c=256 gives %.2f× the req/s of c=8 (target ≥ 0.8×; the baseline's own: %.2f×)", t.name, r,
				x256.b.rps()/x8.b.rps())
		}
	}
	if stormRun {
		r := float64(storm.p99) / float64(max(quiet.p99, time.Millisecond))
		check(r <= 3, "login storm: /me p99 %.1f× quiet (target ≤ 3×)", r)
	}
	n5xx := 0
	for _, x := range cells {
		n5xx += x.k.bad5xx
	}
	check(n5xx == 0 && lbad.Load() == 0, "no 5xx or transport error on any endpoint at any concurrency (%d)", n5xx+int(lbad.Load()))

	// kabinetd's errors, if any (its log is JSON lines on stderr).
	logs, _ := os.ReadFile(klog.Name())
	shown := 0
	for _, line := range strings.Split(string(logs), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) && shown < 5 {
			fmt.Println("kabinetd error:", line)
			shown++
		}
	}
	return nil
}

// bookingSlots finds an office with free slots in the next working days.
func bookingSlots(ctx context.Context, c *http.Client, kab, token string) (int64, []time.Time, error) {
	st, body := do(ctx, c, "GET", kab+"/api/v1/offices", token, nil, nil)
	if st != http.StatusOK {
		return 0, nil, fmt.Errorf("offices: %d", st)
	}
	var offices struct{ Offices []struct{ ID int64 } }
	json.Unmarshal(body, &offices)
	for day := 1; day <= 7; day++ {
		date := time.Now().AddDate(0, 0, day).Format(time.DateOnly)
		for _, o := range offices.Offices {
			st, body := do(ctx, c, "GET", fmt.Sprintf("%s/api/v1/offices/%d/slots?date=%s", kab, o.ID, date), token, nil, nil)
			if st != http.StatusOK {
				continue
			}
			var s struct{ Slots []struct{ Start time.Time } }
			json.Unmarshal(body, &s)
			var starts []time.Time
			for _, sl := range s.Slots {
				starts = append(starts, sl.Start)
			}
			if len(starts) > 0 {
				return o.ID, starts, nil
			}
		}
	}
	return 0, nil, errors.New("no office has a free slot in the next week")
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
}
