package service

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// Statement benchmarks (see BENCH.md, "Statements"): every figure is a
// request through Service.Handler() in process, with the session check
// and the JSON or file answer, on a real SQLite file.

// benchService opens a service on a temporary directory: the demo data,
// or (big) only the depositor of the 100,000-row statement. It returns
// the handler and a session token.
func benchService(b *testing.B, big bool) (http.Handler, string) {
	b.Helper()
	dir := b.TempDir()
	svc, err := Open(context.Background(), Config{
		DataDir: dir, Demo: !big, Clock: func() time.Time { return testStart }, Argon2: cheapArgon2(),
		ClientRate: 1e9, ClientBurst: 1e9,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	iin, pw := iinBekzat, DemoPassword
	if big {
		seedBigStatement(b, svc, dir)
		iin, pw = bigIIN, bigPassword
	}
	h := svc.Handler()
	r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(loginBody(iin, pw)))
	r.RemoteAddr = "inprocess"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("login: %d %s", w.Code, w.Body)
	}
	tok := strings.Split(strings.Split(w.Body.String(), `"token":"`)[1], `"`)[0]
	return h, tok
}

func benchGet(b *testing.B, h http.Handler, tok, url string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", url, nil)
	r.RemoteAddr = "inprocess"
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", url, w.Code, w.Body)
	}
	return w
}

// BenchmarkStatementPage measures a page of 100 rows of the 100,000-row
// ОПВ account at its start and 99,900 rows deep, against GET /api/v1/me
// (the session check and one row: the floor of an authenticated call) and
// GET /api/v1/accounts (whose sums read every row of the account).
func BenchmarkStatementPage(b *testing.B) {
	h, tok := benchService(b, true)
	all := api.StatementQuery{Account: api.AccountOPV, From: "2000-01-01", To: "2026-03-10", Limit: 100}
	// The cursor 99,900 rows deep: page through once with big pages.
	deep := all
	deep.Limit = api.MaxStatementLimit
	for seen := 0; seen < bigRows-100; {
		w := benchGet(b, h, tok, statementURL(api.PathStatements, deep))
		var p api.StatementPage
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			b.Fatal(err)
		}
		seen += len(p.Rows)
		deep.Cursor = p.NextCursor
		if seen == bigRows-1000 {
			deep.Limit = 900
		}
	}
	deep.Limit = 100
	year := api.StatementQuery{Account: api.AccountOPV, From: "2024-10-01", To: "2025-09-30"}
	for _, c := range []struct{ name, url string }{
		{"me", api.PathMe},
		{"accounts", api.PathAccounts},
		{"first", statementURL(api.PathStatements, all)},
		{"deep", statementURL(api.PathStatements, deep)},
		{"all-accounts-first", statementURL(api.PathStatements, api.StatementQuery{Account: api.AccountAll, From: "2000-01-01", To: "2026-03-10"})},
		{"summary-year", statementURL(api.PathStatementSummary, year)},
		{"summary-all", statementURL(api.PathStatementSummary, all)},
		{"history", api.PathAccountsHistory},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchGet(b, h, tok, c.url)
			}
		})
	}
}

// BenchmarkStatementPDF measures a year's statement as PDF: the demo
// depositor's three accounts (92 rows, three pages) and a year of the
// 100,000-row account (4,380 rows, 82 pages).
func BenchmarkStatementPDF(b *testing.B) {
	for _, c := range []struct {
		name string
		big  bool
		q    api.StatementQuery
	}{
		{"demo-year", false, api.StatementQuery{Account: api.AccountAll, From: "2025-03-10", To: "2026-03-10"}},
		{"big-year", true, api.StatementQuery{Account: api.AccountOPV, From: "2024-10-01", To: "2025-09-30"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			h, tok := benchService(b, c.big)
			url := statementURL(api.PathStatementPDF, c.q)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				size = benchGet(b, h, tok, url).Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/pdf")
		})
	}
}

// BenchmarkStatementPageDemo is the load benchmark's statement page
// (bench/load): a page of 50 rows over all accounts, the first page of the
// default period, for the demo's two depositors in turn (Bekzat's three
// accounts, Serik's two), against GET /api/v1/me of the same depositors.
// cpu-ns/op is the process's CPU time per request (every thread, the
// collector's included), steadier than ns/op on a shared machine.
func BenchmarkStatementPageDemo(b *testing.B) {
	h, tok := benchService(b, false)
	r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(loginBody(iinSerik, DemoPassword)))
	r.RemoteAddr = "inprocess"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("login: %d %s", w.Code, w.Body)
	}
	toks := []string{tok, strings.Split(strings.Split(w.Body.String(), `"token":"`)[1], `"`)[0]}
	for _, c := range []struct{ name, url string }{
		{"me", api.PathMe},
		{"page", api.PathStatements + "?account=all&limit=50"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			cpu := processCPU()
			for b.Loop() {
				benchGet(b, h, toks[i%2], c.url)
				i++
			}
			if cpu > 0 {
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
