package client_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

func TestStatementsAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.Statements(ctx, api.StatementQuery{}); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("statements without login: %v", err)
		}
		if _, err := c.StatementPDF(ctx, api.StatementQuery{}); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("pdf without login: %v", err)
		}
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		to := time.Now().In(time.FixedZone("UTC+5", 5*3600)).Format(time.DateOnly)
		q := api.StatementQuery{Account: api.AccountAll, From: "2015-01-01", To: to, Limit: 60}
		sum, err := c.StatementSummary(ctx, q)
		if err != nil || sum.RowCount < 300 || len(sum.Accounts) != 3 || len(sum.Totals) != len(api.Operations) {
			t.Fatalf("summary %+v, %v", sum, err)
		}
		// Page through with the cursors: every row once, in booking order.
		var rows []api.StatementRow
		pages := 0
		for {
			p, err := c.Statements(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			rows = append(rows, p.Rows...)
			if p.NextCursor == "" {
				break
			}
			q.Cursor = p.NextCursor
		}
		if len(rows) != sum.RowCount || pages != (sum.RowCount+59)/60 {
			t.Fatalf("%d rows in %d pages, summary says %d", len(rows), pages, sum.RowCount)
		}
		sorted := slices.IsSortedFunc(rows, func(a, b api.StatementRow) int {
			if a.Date != b.Date {
				return strings.Compare(a.Date, b.Date)
			}
			return int(a.ID - b.ID)
		})
		total := sum.OpeningBalance
		for _, r := range rows {
			total += r.Amount
		}
		if !sorted || total != sum.ClosingBalance {
			t.Fatalf("sorted %v, opening + rows %d, closing %d", sorted, total, sum.ClosingBalance)
		}

		year := api.StatementQuery{Account: api.AccountOPV, From: "2025-01-01", To: "2025-12-31", Lang: "kk"}
		pdf, err := c.StatementPDF(ctx, year)
		if err != nil || !bytes.HasPrefix(pdf.Data, []byte("%PDF-")) || pdf.Name != "statement_OPV_2025-01-01_2025-12-31.pdf" {
			t.Fatalf("pdf %q %d bytes, %v", pdf.Name, len(pdf.Data), err)
		}
		csv, err := c.StatementCSV(ctx, year)
		if err != nil || !bytes.HasPrefix(csv.Data, []byte("\ufeffКүні;Шот;")) || csv.Name != "statement_OPV_2025-01-01_2025-12-31.csv" {
			t.Fatalf("csv %q %q, %v", csv.Name, csv.Data[:min(40, len(csv.Data))], err)
		}
		for name, get := range map[string]func(context.Context, string) (client.Document, error){
			"accounts": c.CertificateAccounts, "oppv": c.CertificateOPPV,
		} {
			d, err := get(ctx, "en")
			if err != nil || !bytes.HasPrefix(d.Data, []byte("%PDF-")) || !strings.HasPrefix(d.Name, "certificate_"+name+"_") {
				t.Fatalf("%s certificate %q, %v", name, d.Name, err)
			}
		}
		h, err := c.AccountsHistory(ctx)
		if err != nil || len(h.Points) < 100 || h.Points[len(h.Points)-1].Total <= 0 {
			t.Fatalf("history %d points, %v", len(h.Points), err)
		}

		// Refusals come back typed.
		_, err = c.Statements(ctx, api.StatementQuery{Account: "XYZ"})
		if p, ok := client.ProblemOf(err); !ok || p.Code != api.CodeBadRequest || p.Field != "account" {
			t.Fatalf("bad account: %v", err)
		}
		_, err = c.StatementPDF(ctx, api.StatementQuery{From: "2026-01-02", To: "2026-01-01"})
		if p, ok := client.ProblemOf(err); !ok || p.Code != api.CodeBadRequest || p.Field != "from" {
			t.Fatalf("from after to: %v", err)
		}
		if _, err := c.Login(ctx, "921102400233", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.StatementSummary(ctx, api.StatementQuery{Account: api.AccountDPV}); !client.IsCode(err, api.CodeNotFound) {
			t.Fatalf("ДПВ of someone without one: %v", err)
		}
	})
}
