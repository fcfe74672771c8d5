package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/internal/nginxrun"
	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// envRunMain makes the test binary run kabinetd's main instead of the
// tests: the three-instance test starts it as separate processes.
const envRunMain = "KABINETD_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// instance is one kabinetd process of the cluster test.
type instance struct {
	cmd  *exec.Cmd
	url  string
	logs string // file of its stderr
	done chan struct{}
}

// startInstance runs kabinetd (this binary) with args and waits for the
// address it serves; the process is stopped when the test ends.
func startInstance(t *testing.T, dir string, n int, args ...string) *instance {
	t.Helper()
	logs := filepath.Join(dir, fmt.Sprintf("kabinetd-%d.log", n))
	lf, err := os.Create(logs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	cmd.Stderr = lf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{cmd: cmd, logs: logs, done: make(chan struct{})}
	go func() { cmd.Wait(); lf.Close(); close(in.done) }()
	t.Cleanup(func() { in.stop() })
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		l, _ := r.ReadString('\n')
		line <- l
		io.Copy(io.Discard, r)
	}()
	select {
	case l := <-line:
		in.url = strings.TrimSpace(strings.TrimPrefix(l, "kabinetd: serving "))
	case <-time.After(2 * time.Minute):
		t.Fatalf("instance %d printed no address", n)
	}
	if !strings.HasPrefix(in.url, "http://") {
		b, _ := os.ReadFile(logs)
		t.Fatalf("instance %d: %q; log:\n%s", n, in.url, b)
	}
	return in
}

// stop ends the process (SIGTERM, then SIGKILL) and waits for it.
func (in *instance) stop() {
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(20 * time.Second):
		in.cmd.Process.Kill()
		<-in.done
	}
}

// freePort is a port nothing listens on at the moment.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startNginx runs Debian's nginx with deploy/nginx/kabinetd.conf, its
// upstreams pointed at the instances, on a free port of 127.0.0.1.
func startNginx(t *testing.T, bin, dir string, upstreams []string) string {
	t.Helper()
	conf, err := os.ReadFile(filepath.Join("..", "..", nginxrun.SiteFile))
	if err != nil {
		t.Fatal(err)
	}
	url, stop, err := nginxrun.Start(bin, filepath.Join(dir, "nginx"), string(conf), upstreams, "1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return url
}

// client talks to the cluster through nginx as one depositor's device:
// its own address in X-Forwarded-For.
type client struct {
	t    *testing.T
	base string
	addr string
	hc   *http.Client
}

// call sends a request and returns the status, the body and the request
// id (whose prefix names the instance that answered).
func (c *client) call(method, path, token string, body any, hdr ...string) (int, []byte, string) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("X-Forwarded-For", c.addr)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, []byte(err.Error()), ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get(service.HeaderRequestID)
}

// must is call that fails the test unless the status is want; it decodes
// the body into out (if not nil) and returns the instance that answered.
func (c *client) must(want int, method, path, token string, body, out any, hdr ...string) string {
	c.t.Helper()
	st, b, rid := c.call(method, path, token, body, hdr...)
	if st != want {
		c.t.Fatalf("%s %s: %d %s; want %d", method, path, st, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	inst, _, _ := strings.Cut(rid, "-")
	return inst
}

func (c *client) login(iin, password string) (string, string) {
	c.t.Helper()
	var s api.Session
	inst := c.must(http.StatusOK, "POST", api.PathLogin, "", api.LoginRequest{IIN: iin, Password: password}, &s)
	return s.Token, inst
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// TestThreeInstancesBehindNginx: three kabinetd processes on one
// PostgreSQL database, behind Debian's nginx (deploy/nginx/kabinetd.conf,
// round robin, --trusted-proxy 127.0.0.1). A session, a registration, an
// EDS challenge started on one instance end on another; five wrong
// passwords spread over the three lock that client as one; one
// Idempotency-Key sent to two instances makes one ДПВ order; 50
// concurrent bookings of the last place give one 201; and an instance
// killed in the middle of a stream of orders loses none of them.
// It runs on the PostgreSQL run (scripts/pg-test.sh), which installs
// nginx with PostgreSQL.
func TestThreeInstancesBehindNginx(t *testing.T) {
	if storetest.Postgres() == "" {
		t.Skip("needs " + storetest.EnvPostgres + " (scripts/pg-test.sh)")
	}
	nginx := nginxrun.Find("")
	if nginx == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("nginx is not installed (scripts/pg-test.sh installs it)")
		}
		t.Skip("nginx is not installed")
	}
	db := storetest.NewDatabase(t, "")
	dir := t.TempDir()
	data := filepath.Join(dir, "data") // shared: the demo CA, keys and outbox
	args := func() []string {
		return []string{"--demo", "--listen", "127.0.0.1:0", "--data-dir", data, "--database", db,
			"--trusted-proxy", "127.0.0.1/32", "--backoffice-step", "0"}
	}
	// The first instance migrates, seeds the demo and issues the demo
	// keys; the others start on what it made.
	insts := []*instance{startInstance(t, dir, 1, args()...)}
	keysList := filepath.Join(data, pki.DemoKeysDir, "demo-keys.json")
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if _, err := os.Stat(keysList); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the demo keys were not issued")
		}
	}
	insts = append(insts, startInstance(t, dir, 2, args()...), startInstance(t, dir, 3, args()...))
	var ups []string
	for _, in := range insts {
		ups = append(ups, in.url)
	}
	base := startNginx(t, nginx, dir, ups)
	hc := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	newClient := func(addr string) *client { return &client{t: t, base: base, addr: addr, hc: hc} }
	c := newClient("203.0.113.10")

	// Round robin: consecutive requests are answered by the three.
	seen := map[string]bool{}
	for range 6 {
		seen[c.must(http.StatusOK, "GET", api.PathInfo, "", nil, nil)] = true
	}
	if len(seen) != 3 {
		t.Fatalf("6 requests were answered by %d instances, want 3", len(seen))
	}

	// A login on one instance, the cabinet on the others.
	tok, at := c.login("880415300157", service.DemoPassword)
	for range 3 {
		var me api.Me
		if inst := c.must(http.StatusOK, "GET", api.PathMe, tok, nil, &me); inst != at {
			at = ""
		}
		if me.IIN != "880415300157" {
			t.Fatalf("me = %+v", me)
		}
	}
	if at != "" {
		t.Error("every /me was answered by the instance of the login")
	}

	// Registration started on one instance, the code confirmed on another.
	var ch api.OTPChallenge
	regAt := c.must(http.StatusCreated, "POST", api.PathRegistration, "", api.RegistrationRequest{Surname: "Омаров", GivenName: "Даурен",
		Patronymic: "Ерланович", IIN: "850721300125", Phone: "77081112233", Email: "dauren.omarov@mail.kz"}, &ch)
	var ob api.Outbox
	c.must(http.StatusOK, "GET", api.PathOutbox, "", nil, &ob)
	code := ""
	for _, m := range ob.Messages {
		if m := sixDigits.FindStringSubmatch(m.Body); m != nil && code == "" {
			code = m[1]
		}
	}
	if code == "" {
		t.Fatalf("no code in the outbox: %+v", ob)
	}
	pw := "lunar-Pickle-sofa-93-drift"
	confirmAt := c.must(http.StatusOK, "POST", strings.Replace(api.PathRegConfirm, "{id}", ch.ID, 1), "",
		api.ConfirmRequest{OTP: code, Password: pw, PasswordRepeat: pw}, nil)
	if confirmAt == regAt {
		t.Errorf("registration started and confirmed on the same instance %s", regAt)
	}
	dauren, _ := c.login("850721300125", pw)

	// An EDS challenge from one instance, answered on another; once.
	var list []pki.DemoKey
	b, _ := os.ReadFile(keysList)
	json.Unmarshal(b, &list)
	var ks *eds.KeyStore
	for _, k := range list {
		if k.IIN == "921102400233" && k.Purpose == eds.PurposeAuth && k.Status == pki.DemoKeyValid {
			p12, err := os.ReadFile(filepath.Join(data, pki.DemoKeysDir, k.File))
			if err != nil {
				t.Fatal(err)
			}
			if ks, err = eds.OpenKeyStore(p12, service.DemoKeyPassword); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ks == nil {
		t.Fatal("no demo AUTH key of 921102400233")
	}
	defer ks.Close()
	var edsCh api.EDSChallenge
	chAt := c.must(http.StatusOK, "POST", api.PathEDSChallenge, "", nil, &edsCh)
	cms, err := eds.SignCMS(ks, edsCh.Nonce, false)
	if err != nil {
		t.Fatal(err)
	}
	var edsSess api.Session
	if loginAt := c.must(http.StatusOK, "POST", api.PathEDSLogin, "", api.EDSLoginRequest{ChallengeID: edsCh.ID, CMS: cms}, &edsSess); loginAt == chAt {
		t.Errorf("EDS challenge and login on the same instance %s", chAt)
	}
	for range 2 {
		st, body, _ := c.call("POST", api.PathEDSLogin, "", api.EDSLoginRequest{ChallengeID: edsCh.ID, CMS: cms})
		if st != http.StatusConflict || !strings.Contains(string(body), api.CodeChallengeReused) {
			t.Errorf("challenge used again: %d %s", st, body)
		}
	}
	asel := edsSess.Token

	// Five wrong passwords spread over the three instances lock this
	// client as one; the owner on another device still gets in.
	guesser := newClient("198.51.100.66")
	on := map[string]bool{}
	for i := range 5 {
		st, body, rid := guesser.call("POST", api.PathLogin, "", api.LoginRequest{IIN: "700303300418", Password: "wrong-guess-123"})
		if st != http.StatusUnauthorized && (i < 4 || st != http.StatusLocked) { // the fifth locks at once
			t.Fatalf("wrong password: %d %s", st, body)
		}
		inst, _, _ := strings.Cut(rid, "-")
		on[inst] = true
	}
	if len(on) != 3 {
		t.Errorf("the five failures reached %d instances, want 3", len(on))
	}
	for range 3 { // the right password, on each instance: locked
		st, body, _ := guesser.call("POST", api.PathLogin, "", api.LoginRequest{IIN: "700303300418", Password: service.DemoPassword})
		if st != http.StatusLocked || !strings.Contains(string(body), api.CodeAccountLocked) {
			t.Fatalf("right password after 5 failures from the same client: %d %s", st, body)
		}
	}
	serik, _ := newClient("203.0.113.77").login("700303300418", service.DemoPassword)

	// One Idempotency-Key sent to two instances makes one order.
	period := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01")
	order := api.DPVOrderRequest{Amount: 500000, Period: period}
	var o1, o2 api.DPVOrder
	at1 := c.must(http.StatusCreated, "POST", api.PathDPVOrders, tok, order, &o1, "Idempotency-Key", "cluster-key-1")
	at2 := c.must(http.StatusOK, "POST", api.PathDPVOrders, tok, order, &o2, "Idempotency-Key", "cluster-key-1")
	if at1 == at2 || o1.ID != o2.ID {
		t.Errorf("the key on %s and %s: orders %s and %s", at1, at2, o1.ID, o2.ID)
	}
	var orders api.DPVOrders
	c.must(http.StatusOK, "GET", api.PathDPVOrders, tok, nil, &orders)
	if len(orders.Orders) != 1 {
		t.Fatalf("%d orders after one key twice", len(orders.Orders))
	}

	// 50 concurrent bookings of the last free place of a slot.
	bookingRace(t, c, newClient, tok, serik, []string{asel, dauren})

	// An instance killed while orders stream in: every order, retried
	// with its key where the answer was lost, is there exactly once.
	const n = 60
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, retries := 0, 0
	errs := map[int]int{}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("kill-%d", i)
			for attempt := 0; ; attempt++ {
				st, _, _ := c.call("POST", api.PathDPVOrders, dauren, api.DPVOrderRequest{Amount: 10000, Period: period}, "Idempotency-Key", key)
				mu.Lock()
				if st == http.StatusCreated || st == http.StatusOK {
					created++
					mu.Unlock()
					return
				}
				errs[st]++
				retries++
				mu.Unlock()
				if attempt > 20 {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
		if i == n/3 {
			insts[1].cmd.Process.Kill()
		}
	}
	wg.Wait()
	t.Logf("orders while an instance was killed: %d answered, %d retries %v", created, retries, errs)
	if created != n {
		t.Fatalf("%d of %d orders answered", created, n)
	}
	for code := range errs {
		if code != http.StatusBadGateway && code != 0 {
			t.Errorf("answered %d during the kill (only 502 or a cut connection are expected)", code)
		}
	}
	var mine api.DPVOrders
	c.must(http.StatusOK, "GET", api.PathDPVOrders, dauren, nil, &mine)
	if len(mine.Orders) != n {
		t.Errorf("%d orders stored, want %d", len(mine.Orders), n)
	}
	// The two instances left serve on.
	for range 4 {
		c.must(http.StatusOK, "GET", api.PathMe, tok, nil, nil)
	}
}

// bookingRace books all but one place of a free slot with first, then
// sends 50 bookings of that slot at once, from the tokens of others
// (each request from its own address): exactly one gets 201.
func bookingRace(t *testing.T, c *client, newClient func(string) *client, token, first string, others []string) {
	t.Helper()
	var offices api.Offices
	c.must(http.StatusOK, "GET", api.PathOffices, token, nil, &offices)
	var office int64
	var slot api.Slot
	date := ""
	for day := 1; day <= 14 && office == 0; day++ {
		date = time.Now().AddDate(0, 0, day).Format(time.DateOnly)
		for _, o := range offices.Offices {
			var s api.Slots
			c.must(http.StatusOK, "GET", api.PathOfficeSlots(o.ID)+"?date="+date, token, nil, &s)
			for _, sl := range s.Slots {
				if sl.Free == 2 {
					office, slot = o.ID, sl
					break
				}
			}
			if office != 0 {
				break
			}
		}
	}
	if office == 0 {
		t.Fatal("no slot with two free places in the next two weeks")
	}
	req := api.BookingRequest{OfficeID: office, Start: slot.Start, Service: api.BookingConsultation}
	c.must(http.StatusCreated, "POST", api.PathBookings, first, req, nil)

	const racers = 50
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	gate := make(chan struct{})
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rc := newClient(fmt.Sprintf("203.0.113.%d", 100+i))
			<-gate
			st, _, _ := rc.call("POST", api.PathBookings, others[i%len(others)], req)
			mu.Lock()
			counts[st]++
			mu.Unlock()
		}()
	}
	close(gate)
	wg.Wait()
	t.Logf("50 bookings of the last place: %v", counts)
	if counts[http.StatusCreated] != 1 || counts[http.StatusConflict] != racers-1 {
		t.Errorf("answers %v; want one 201 and %d × 409", counts, racers-1)
	}
	var s api.Slots
	c.must(http.StatusOK, "GET", api.PathOfficeSlots(office)+"?date="+date, token, nil, &s)
	for _, sl := range s.Slots {
		if sl.Start.Equal(slot.Start) && sl.Free != 0 {
			t.Errorf("after the race the slot has %d free places", sl.Free)
		}
	}
}
