package service

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

// /api/v1/info names the fund in Russian, Kazakh and English: the demo
// fund's names by default, the operator's otherwise, and a name not given
// is the one given, never the demo fund's.
func TestInfoFundNames(t *testing.T) {
	t.Parallel()
	info := func(e *env) (api.Info, map[string]any) {
		t.Helper()
		w := e.do("GET", api.PathInfo, "", "")
		var raw map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		var i api.Info
		decode(t, w, &i)
		return i, raw
	}
	check := func(what string, i api.Info, ru, kk, en string) {
		t.Helper()
		if i.FundName != ru {
			t.Errorf("%s: fundName %q, want the Russian name %q", what, i.FundName, ru)
		}
		for code, want := range map[string]string{"ru": ru, "kk": kk, "en": en} {
			if got := i.FundNames[code]; got != want {
				t.Errorf("%s: fundNames[%s] = %q, want %q", what, code, got, want)
			}
		}
	}

	i, raw := info(newEnv(t))
	check("demo", i, DefaultFundName, "Демо зейнетақы қоры", "Demo Pension Fund")
	// Old clients read fundName; new ones the object fundNames.
	if raw["fundName"] != DefaultFundName {
		t.Errorf("JSON fundName %v", raw["fundName"])
	}
	if names, ok := raw["fundNames"].(map[string]any); !ok || names["kk"] != DefaultFundNameKK {
		t.Errorf("JSON fundNames %v", raw["fundNames"])
	}

	i, _ = info(newEnv(t, func(c *Config) {
		c.FundName, c.FundNameKK, c.FundNameEN = "Фонд «Тест»", "«Тест» қоры", "Test Fund"
	}))
	check("all three", i, "Фонд «Тест»", "«Тест» қоры", "Test Fund")
	i, _ = info(newEnv(t, func(c *Config) { c.FundName, c.FundNameEN = "Фонд «Тест»", "Test Fund" }))
	check("no Kazakh name", i, "Фонд «Тест»", "Фонд «Тест»", "Test Fund")
	i, _ = info(newEnv(t, func(c *Config) { c.FundNameKK = "«Тест» қоры" }))
	check("only a Kazakh name", i, "«Тест» қоры", "«Тест» қоры", "«Тест» қоры")

	// FundNameIn falls back on fundName for a language the service does
	// not name (an older service).
	old := api.Info{FundName: "Фонд"}
	if got := old.FundNameIn("kk"); got != "Фонд" {
		t.Errorf("FundNameIn(kk) of an old service = %q", got)
	}
}

// A document names the fund in its own language, the ticket and the DPV
// receipt too.
func TestDocumentsNameTheFundInTheirLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	text := func(path string) string {
		t.Helper()
		w := e.do("GET", path, "", tok)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body)
		}
		return strings.Join(strings.Fields(strings.Join(pdfPages(t, w.Body.Bytes()), "\n")), " ")
	}
	names := map[string]string{"ru": DefaultFundName, "kk": DefaultFundNameKK, "en": DefaultFundNameEN}
	only := func(what, got, code string) {
		t.Helper()
		for c, name := range names {
			if has := strings.Contains(got, name); has != (c == code) {
				t.Errorf("%s (%s): has the %s name %q: %v\n%s", what, code, c, name, has, got)
			}
		}
	}
	for code := range names {
		only("accounts certificate", text(api.PathCertificateAccounts+"?lang="+code), code)
		only("ОППВ certificate", text(api.PathCertificateOPPV+"?lang="+code), code)
		q := api.StatementQuery{Account: api.AccountOPV, From: "2025-01-01", To: "2025-12-31", Lang: code}
		only("statement", text(statementURL(api.PathStatementPDF, q)), code)
	}
	// The accounts certificate's sentence names the fund too, in Kazakh.
	if got := text(api.PathCertificateAccounts + "?lang=kk"); strings.Count(got, DefaultFundNameKK) < 2 {
		t.Errorf("kk accounts certificate names the fund %d times:\n%s", strings.Count(got, DefaultFundNameKK), got)
	}

	b := e.book(tok, e.officeNamed(tok, "Қазыбек").ID, at("2026-03-11", "14:30"))
	w := e.dpvOrder(tok, "", dpvBody(100_000, "2026-02"))
	var o api.DPVOrder
	decode(t, w, &o)
	for code := range names {
		only("ticket", text(api.PathBookingTicket(b.ID)+"?lang="+code), code)
		only("DPV receipt", text(api.PathDPVReceipt(o.ID)+"?lang="+code), code)
	}
}
