package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
)

func TestHealthzAndInfo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Features = []string{"outbox"} })
	w := e.do("GET", api.PathHealthz, "", "")
	if w.Code != http.StatusOK || w.Body.String() != "ok\n" {
		t.Errorf("healthz = %d %q", w.Code, w.Body)
	}
	var info api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &info)
	want := api.Info{FundName: DefaultFundName, Version: "test", Demo: true, Features: []string{"outbox", api.FeatureEDS}}
	if info.FundName != want.FundName || info.Version != want.Version || !info.Demo || !info.HasFeature("outbox") ||
		!info.HasFeature(api.FeatureEDS) || len(info.Features) != 2 {
		t.Errorf("info = %+v, want %+v", info, want)
	}

	e2 := newEnv(t, func(c *Config) { c.Demo, c.FundName = false, "Фонд «Тест»" })
	info = api.Info{}
	decode(t, e2.do("GET", api.PathInfo, "", ""), &info)
	if info.FundName != "Фонд «Тест»" || info.Demo || len(info.Features) != 0 {
		t.Errorf("info = %+v", info)
	}
	// Without demo data there is nobody to log in.
	w = e2.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), "")
	wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/", "/api/v1/nope", "/api/v1/me/extra", "/healthz/x"} {
		p := wantProblem(t, e.do("GET", path, "", ""), http.StatusNotFound, api.CodeNotFound)
		if p.Detail == "" {
			t.Errorf("%s: no detail", path)
		}
	}
	w := e.do("GET", api.PathLogin, "", "")
	wantProblem(t, w, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
	if got := w.Header().Get("Allow"); got != "POST" {
		t.Errorf("Allow = %q, want POST", got)
	}
	w = e.do("DELETE", api.PathMe, "", "")
	wantProblem(t, w, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
	if got := w.Header().Get("Allow"); !strings.Contains(got, "GET") {
		t.Errorf("Allow = %q, want GET", got)
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.clock.Now()
	tok := e.login(iinBekzat, DemoPassword).Token
	w := e.do("GET", api.PathMe, "", tok)
	var me api.Me
	decode(t, w, &me)
	want := api.Me{
		IIN: iinBekzat, Surname: "Сейткали", GivenName: "Бекзат", Patronymic: "Нурланович",
		BirthDate: "1988-04-15", Sex: "male", PhoneMasked: "7701*****00", EmailMasked: "be*****@ma****",
		Role: "depositor",
	}
	if me.LastLoginAt != nil {
		t.Errorf("first login: lastLoginAt = %v, want none", me.LastLoginAt)
	}
	me.LastLoginAt = nil
	if me != want {
		t.Errorf("me = %+v\nwant %+v", me, want)
	}
	// Only masked contacts travel.
	for _, secret := range []string{"77012345600", "bekzat.s@mail.kz", "2345"} {
		if strings.Contains(w.Body.String(), secret) {
			t.Errorf("answer contains %q: %s", secret, w.Body)
		}
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", w.Header().Get("Cache-Control"))
	}

	// The next login shows the previous one, in every session of it.
	e.clock.Advance(2 * time.Hour)
	tok2 := e.login(iinBekzat, DemoPassword).Token
	decode(t, e.do("GET", api.PathMe, "", tok2), &me)
	if me.LastLoginAt == nil || !me.LastLoginAt.Equal(first) {
		t.Errorf("lastLoginAt = %v, want %v", me.LastLoginAt, first)
	}

	// Disability and role.
	decode(t, e.do("GET", api.PathMe, "", e.login(iinAsel, DemoPassword).Token), &me)
	if me.Disability != "2" || !me.DisabilityForLife || me.Sex != "female" || me.EmailMasked != "as*****@ma****" {
		t.Errorf("Asel: %+v", me)
	}
	decode(t, e.do("GET", api.PathMe, "", e.login(iinStaff, DemoStaffPassword).Token), &me)
	if me.Role != "staff" {
		t.Errorf("staff role = %q", me.Role)
	}
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	accounts := func(iin, password string) (api.Accounts, *httptest.ResponseRecorder) {
		w := e.do("GET", api.PathAccounts, "", e.login(iin, password).Token)
		var a api.Accounts
		decode(t, w, &a)
		return a, w
	}
	lastMonth := time.Date(testStart.Year(), testStart.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	twoMonthsAgo := lastMonth.AddDate(0, -1, 0)

	a, w := accounts(iinBekzat, DemoPassword)
	if a.AsOf != "2026-03-10" {
		t.Errorf("asOf = %q", a.AsOf)
	}
	var types []string
	var total api.Money
	for _, acc := range a.Accounts {
		types = append(types, acc.Type)
		total += acc.Balance
		checkAccount(t, acc)
	}
	if strings.Join(types, ",") != "OPV,OPPV,DPV" {
		t.Fatalf("account types = %v", types)
	}
	if a.Total != total {
		t.Errorf("total = %d, sum of balances %d", a.Total, total)
	}
	opv, oppv := a.Accounts[0], a.Accounts[1]
	if opv.Transfers != 0 || opv.Payments != 0 {
		t.Errorf("OPV transfers %d payments %d, want none", opv.Transfers, opv.Payments)
	}
	// His current employer paid last month for the month before.
	lc := opv.LastContribution
	if lc == nil || lc.EmployerName != "ТОО «Алтын Код»" ||
		!strings.HasPrefix(lc.Date, lastMonth.Format("2006-01")) || lc.Period != twoMonthsAgo.Format("2006-01") {
		t.Errorf("OPV last contribution = %+v", lc)
	}
	if _, err := kz.ParseBIN(lc.EmployerBIN); err != nil {
		t.Errorf("employer BIN %q: %v", lc.EmployerBIN, err)
	}
	// ОППВ came from the mining company, which he left in 2020.
	if lc := oppv.LastContribution; lc == nil || lc.EmployerName != "АО «Кен Тау Металл»" || lc.Period != "2020-06" {
		t.Errorf("OPPV last contribution = %+v", lc)
	}
	if strings.Contains(w.Body.String(), "null") {
		t.Errorf("answer has nulls: %s", w.Body)
	}

	// Serik: savings transferred in 2014 and a ДПВ payment in 2021.
	a, _ = accounts(iinSerik, DemoPassword)
	if len(a.Accounts) != 2 || a.Accounts[0].Type != "OPV" || a.Accounts[1].Type != "DPV" {
		t.Fatalf("Serik's accounts = %+v", a.Accounts)
	}
	for _, acc := range a.Accounts {
		checkAccount(t, acc)
	}
	if a.Accounts[0].Transfers <= 0 || a.Accounts[0].OpenedAt != "2014-02-17" {
		t.Errorf("Serik's OPV: transfers %d, opened %s", a.Accounts[0].Transfers, a.Accounts[0].OpenedAt)
	}
	if a.Accounts[1].Payments <= 0 {
		t.Errorf("Serik's DPV payments = %d", a.Accounts[1].Payments)
	}

	// Staff have no accounts: an empty list, not null.
	a, w = accounts(iinStaff, DemoStaffPassword)
	if len(a.Accounts) != 0 || a.Total != 0 || !strings.Contains(w.Body.String(), `"accounts":[]`) {
		t.Errorf("staff accounts = %s", w.Body)
	}
}

// checkAccount checks the sums of one account against its balance.
func checkAccount(t *testing.T, a api.Account) {
	t.Helper()
	if a.Balance <= 0 || a.Contributions <= 0 || a.Commission <= 0 {
		t.Errorf("%s: balance %d, contributions %d, commission %d; want all positive", a.Type, a.Balance, a.Contributions, a.Commission)
	}
	if got := a.Contributions + a.InvestmentIncome - a.Commission - a.Payments + a.Transfers; got != a.Balance {
		t.Errorf("%s: contributions + income - commission - payments + transfers = %d, balance %d", a.Type, got, a.Balance)
	}
	if a.Number == "" || a.OpenedAt == "" || a.LastContribution == nil {
		t.Errorf("%s: incomplete %+v", a.Type, a)
	}
}

// TestReadyz: ready on a migrated database; a database that lacks a
// migration of this build (as after an upgrade before `kabinetd migrate
// up`) is 503, while /healthz still answers.
func TestReadyz(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if w := e.do("GET", api.PathReadyz, "", ""); w.Code != http.StatusOK || w.Body.String() != "ready\n" {
		t.Fatalf("readyz = %d %q", w.Code, w.Body)
	}
	if _, err := e.rawDB().Exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if w := e.do("GET", api.PathReadyz, "", ""); w.Code != http.StatusServiceUnavailable || w.Body.String() != "not ready\n" {
		t.Errorf("readyz without the last migration = %d %q", w.Code, w.Body)
	}
	if w := e.do("GET", api.PathHealthz, "", ""); w.Code != http.StatusOK {
		t.Errorf("healthz = %d %q", w.Code, w.Body)
	}
}
