package service

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

func dpvBody(amount api.Money, period string) string {
	b, _ := json.Marshal(api.DPVOrderRequest{Amount: amount, Period: period})
	return string(b)
}

func (e *env) dpvOrder(tok, key, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest("POST", api.PathDPVOrders, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+tok)
	r.Header.Set("User-Agent", testUserAgent)
	r.RemoteAddr = testClientIP + ":50000"
	if key != "" {
		r.Header.Set("Idempotency-Key", key)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func (e *env) dpvAccount(tok string) (api.Account, bool) {
	e.t.Helper()
	var a api.Accounts
	decode(e.t, e.do("GET", api.PathAccounts, "", tok), &a)
	for _, acc := range a.Accounts {
		if acc.Type == "DPV" {
			return acc, true
		}
	}
	return api.Account{}, false
}

func (e *env) dpvTransactions(iin string) int {
	e.t.Helper()
	var n int
	if err := e.db().QueryRow(`SELECT count(*) FROM transactions t JOIN accounts a ON a.id = t.account_id
		WHERE a.depositor_iin = ? AND a.type = 'DPV' AND t.kind = 'contribution'`, iin).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// The test clock is 2026-03-10.
func TestDPVOrderCreditsBalanceAndStatement(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	before, ok := e.dpvAccount(tok)
	if !ok {
		t.Fatal("Bekzat has no DPV account")
	}
	w := e.dpvOrder(tok, "", dpvBody(1_234_567, "2026-02"))
	if w.Code != http.StatusCreated {
		t.Fatalf("order: %d %s", w.Code, w.Body)
	}
	var o api.DPVOrder
	decode(t, w, &o)
	if o.ID == "" || o.Receipt == "" || o.Status != api.DPVOrderPaid || o.Amount != 1_234_567 || o.Period != "2026-02" {
		t.Fatalf("order %+v", o)
	}
	after, _ := e.dpvAccount(tok)
	if after.Balance != before.Balance+1_234_567 || after.Contributions != before.Contributions+1_234_567 {
		t.Errorf("balance %d → %d", before.Balance, after.Balance)
	}
	lc := after.LastContribution
	if lc == nil || lc.Amount != 1_234_567 || lc.Period != "2026-02" || lc.EmployerBIN != iinBekzat ||
		!strings.Contains(lc.EmployerName, "Сейткали") {
		t.Errorf("last contribution %+v", lc)
	}
	w = e.do("GET", api.PathStatements+"?account=DPV&from=2026-03-01&to=2026-03-10", "", tok)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "1234567") {
		t.Errorf("statement: %d %s", w.Code, w.Body)
	}
	var list api.DPVOrders
	decode(t, e.do("GET", api.PathDPVOrders, "", tok), &list)
	if len(list.Orders) != 1 || list.Orders[0].ID != o.ID {
		t.Errorf("orders %+v", list)
	}
	w = e.do("GET", api.PathDPVReceipt(o.ID), "", tok)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(w.Body.String(), "%PDF") {
		t.Errorf("receipt: %d %s", w.Code, w.Header())
	}
	// Someone else's receipt does not exist.
	wantProblem(t, e.do("GET", api.PathDPVReceipt(o.ID), "", e.login(iinSerik, DemoPassword).Token), http.StatusNotFound, api.CodeNotFound)
	if n := e.eventCounts(iinBekzat)["dpv_order"]; n != 1 {
		t.Errorf("dpv_order events = %d", n)
	}
}

func TestDPVOrderRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	for _, c := range []struct {
		amount        api.Money
		period, field string
	}{
		{0, "2026-02", "amount"},
		{-5, "2026-02", "amount"},
		{api.MaxDPVAmount + 1, "2026-02", "amount"},
		{100, "2026-04", "period"},
		{100, "2025-02", "period"},
		{100, "2026-2", "period"},
		{100, "", "period"},
	} {
		p := wantProblem(t, e.dpvOrder(tok, "", dpvBody(c.amount, c.period)), http.StatusUnprocessableEntity, api.CodeValidation)
		if p.Field != c.field {
			t.Errorf("%d %q: field %q", c.amount, c.period, p.Field)
		}
	}
	for _, c := range []struct {
		amount api.Money
		period string
	}{{api.MaxDPVAmount, "2026-03"}, {1, "2025-03"}} {
		if w := e.dpvOrder(tok, "", dpvBody(c.amount, c.period)); w.Code != http.StatusCreated {
			t.Errorf("%d %s: %d %s", c.amount, c.period, w.Code, w.Body)
		}
	}
	wantProblem(t, e.do("POST", api.PathDPVOrders, dpvBody(100, "2026-02"), ""), http.StatusUnauthorized, api.CodeUnauthorized)
}

func TestDPVOrderIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	n0 := e.dpvTransactions(iinBekzat)
	w1 := e.dpvOrder(tok, "key-1", dpvBody(50_000, "2026-02"))
	w2 := e.dpvOrder(tok, "key-1", dpvBody(50_000, "2026-02"))
	if w1.Code != http.StatusCreated || w2.Code != http.StatusOK {
		t.Fatalf("codes %d %d: %s", w1.Code, w2.Code, w2.Body)
	}
	var o1, o2 api.DPVOrder
	decode(t, w1, &o1)
	decode(t, w2, &o2)
	if o1 != o2 {
		t.Errorf("retry answered %+v, first %+v", o2, o1)
	}
	if n := e.dpvTransactions(iinBekzat); n != n0+1 {
		t.Errorf("contributions %d → %d, want one more", n0, n)
	}
	wantProblem(t, e.dpvOrder(tok, "key-1", dpvBody(60_000, "2026-02")), http.StatusConflict, api.CodeIdempotencyKey)
	if w := e.dpvOrder(tok, "key-2", dpvBody(50_000, "2026-02")); w.Code != http.StatusCreated {
		t.Errorf("another key: %d", w.Code)
	}
	// Keys are per depositor.
	if w := e.dpvOrder(e.login(iinSerik, DemoPassword).Token, "key-1", dpvBody(60_000, "2026-02")); w.Code != http.StatusCreated {
		t.Errorf("Serik's key-1: %d %s", w.Code, w.Body)
	}
}

func TestDPVOrderOpensAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	if _, ok := e.dpvAccount(tok); ok {
		t.Fatal("Asel already has a DPV account")
	}
	if w := e.dpvOrder(tok, "", dpvBody(700_000, "2026-01")); w.Code != http.StatusCreated {
		t.Fatalf("order: %d %s", w.Code, w.Body)
	}
	acc, ok := e.dpvAccount(tok)
	if !ok || acc.Balance != 700_000 || acc.Number == "" || acc.OpenedAt != "2026-03-10" {
		t.Errorf("new DPV account %+v", acc)
	}
}

func TestDPVReceiptText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	w := e.dpvOrder(tok, "", dpvBody(2_500_050, "2026-02"))
	var o api.DPVOrder
	decode(t, w, &o)
	w = e.do("GET", api.PathDPVReceipt(o.ID), "", tok)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), o.Receipt) {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	text := strings.Join(pdfPages(t, w.Body.Bytes()), "\n")
	for _, want := range []string{o.Receipt, "Сейткали Бекзат Нурланович", iinBekzat, "25 000,50 ₸", "2026-02",
		"10.03.2026", "(Алматы, UTC+5)", "Квитанция", "Оплачено", "Демонстрационная версия", DefaultFundName} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt text lacks %q:\n%s", want, text)
		}
	}
	// In English too, with English grouping.
	w = e.do("GET", api.PathDPVReceipt(o.ID)+"?lang=en", "", tok)
	text = strings.Join(pdfPages(t, w.Body.Bytes()), "\n")
	for _, want := range []string{o.Receipt, "Receipt for voluntary pension contributions", "25,000.50 ₸", "Paid", "(Almaty, UTC+5)", DefaultFundNameEN} {
		if !strings.Contains(text, want) {
			t.Errorf("English receipt lacks %q:\n%s", want, text)
		}
	}
}
