package service

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// punct is trimmed off the words compared: «Сумма,» is «Сумма».
const punct = ",.:;/()«»"

// TestStatementPDFWordsWhole renders a statement (all accounts and one
// account) in ru, kk and en and reads it back with `pdftotext -layout`:
// every word of every column heading and of every operation's name must
// come out whole — a heading wraps only between words (issue #15: «Перио
// д»), and no text is cut with an ellipsis («Инвестиционный до…»).
func TestStatementPDFWordsWhole(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: install it to check the PDFs' text")
	}
	ops := []string{api.OpContribution, api.OpInvestmentIncome, api.OpCommission, api.OpPayment, api.OpTransfer}
	var rows []api.StatementRow
	var totals []api.OperationTotal
	for i, op := range ops {
		rows = append(rows, api.StatementRow{
			ID: int64(i + 1), Date: "2025-03-14", AccountType: api.AccountOPV, Operation: op,
			PayerName: "ТОО «Алматы Сервис»", PayerBIN: "123456789012", Period: "2025-02",
			Amount: 12345678, BalanceAfter: 123456789,
		})
		totals = append(totals, api.OperationTotal{Operation: op, Amount: 12345678, Count: 1})
	}
	dir := t.TempDir()
	for _, lang := range []string{"ru", "kk", "en"} {
		l := pdfLabels(lang)
		for _, account := range []string{api.AccountAll, api.AccountOPV} {
			doc := statementDoc{
				Fund:      "АО «ЕНПФ»",
				Depositor: store.Depositor{IIN: "900101300123", Surname: "Иванов", GivenName: "Иван"},
				Summary: api.StatementSummary{
					Account: account, From: "2025-01-01", To: "2025-12-31",
					OpeningBalance: 100, ClosingBalance: 200, Totals: totals, RowCount: len(rows),
					Accounts: []api.StatementAccount{{Type: api.AccountOPV, Number: "KZ01"}},
				},
				Rows:   rows,
				Issued: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
				Lang:   lang,
			}
			b, err := doc.render()
			if err != nil {
				t.Fatalf("%s/%s: render: %v", lang, account, err)
			}
			path := filepath.Join(dir, lang+"-"+account+".pdf")
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("%s/%s: pdftotext: %v", lang, account, err)
			}
			text := string(out)
			if strings.Contains(text, "…") {
				t.Errorf("%s/%s: text cut with an ellipsis:\n%s", lang, account, text)
			}
			tokens := map[string]bool{}
			for _, w := range strings.Fields(text) {
				tokens[strings.Trim(w, punct)] = true
			}
			headings := []string{l.colDate, l.colOperation, l.colPayer, l.colBIN, l.colPeriod,
				l.colAmount, l.colBalance, l.count, l.sum}
			if account == api.AccountAll {
				headings = append(headings, l.colAccount)
			}
			for _, op := range ops {
				headings = append(headings, l.operation(op))
			}
			for _, h := range headings {
				for _, w := range strings.Fields(h) {
					w = strings.Trim(w, punct)
					if w == "" {
						continue
					}
					if !tokens[w] {
						t.Errorf("%s/%s: heading word %q of %q is not whole in the PDF:\n%s", lang, account, w, h, text)
						continue
					}
					// A word split inside leaves its head as a token: «Перио».
					for tok := range tokens {
						if len([]rune(tok)) >= 3 && tok != w && strings.HasPrefix(w, tok) {
							t.Errorf("%s/%s: %q appears split as %q:\n%s", lang, account, w, tok, text)
						}
					}
				}
			}
		}
	}
}
