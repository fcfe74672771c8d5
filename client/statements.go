package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// Statements, certificates and the savings history.

// Document is a file the service made: a suggested file name and the
// bytes.
type Document struct {
	Name string
	Data []byte
}

func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// Statements is GET /api/v1/statements: one page of rows. Pass the
// NextCursor of a page as q.Cursor, with the same account and period, for
// the next one. q.Lang is not sent.
func (c *Client) Statements(ctx context.Context, q api.StatementQuery) (api.StatementPage, error) {
	q.Lang = ""
	var out api.StatementPage
	err := c.do(c.req(ctx), http.MethodGet, withQuery(api.PathStatements, q.Values()), &out)
	return out, err
}

// StatementSummary is GET /api/v1/statements/summary: opening and
// closing balance, totals per operation and the number of rows of q's
// account and period (q.Cursor, q.Limit and q.Lang are not sent).
func (c *Client) StatementSummary(ctx context.Context, q api.StatementQuery) (api.StatementSummary, error) {
	q.Cursor, q.Limit, q.Lang = "", 0, ""
	var out api.StatementSummary
	err := c.do(c.req(ctx), http.MethodGet, withQuery(api.PathStatementSummary, q.Values()), &out)
	return out, err
}

// statementName is the file name the service suggests too:
// statement_OPV_2025-03-10_2026-03-10.pdf.
func statementName(q api.StatementQuery, ext string) string {
	acc := q.Account
	if acc == "" {
		acc = api.AccountAll
	}
	name := "statement_" + acc
	if q.From != "" {
		name += "_" + q.From
	}
	if q.To != "" {
		name += "_" + q.To
	}
	return name + "." + ext
}

// StatementPDF is GET /api/v1/statements.pdf: the statement of q's
// account and period as PDF in the language q.Lang.
func (c *Client) StatementPDF(ctx context.Context, q api.StatementQuery) (Document, error) {
	q.Cursor, q.Limit = "", 0
	b, err := c.download(ctx, withQuery(api.PathStatementPDF, q.Values()), "application/pdf")
	return Document{Name: statementName(q, "pdf"), Data: b}, err
}

// StatementCSV is GET /api/v1/statements.csv: every row of q's account
// and period as CSV (UTF-8 with BOM, ";" separated) with a header row in
// the language q.Lang.
func (c *Client) StatementCSV(ctx context.Context, q api.StatementQuery) (Document, error) {
	q.Cursor, q.Limit = "", 0
	b, err := c.download(ctx, withQuery(api.PathStatementCSV, q.Values()), "text/csv")
	return Document{Name: statementName(q, "csv"), Data: b}, err
}

func langQuery(lang string) url.Values {
	if lang == "" {
		return nil
	}
	return url.Values{"lang": {lang}}
}

// CertificateAccounts is GET /api/v1/certificates/accounts.pdf: «Справка
// о наличии счетов» in the language lang ("" for the service's default).
func (c *Client) CertificateAccounts(ctx context.Context, lang string) (Document, error) {
	b, err := c.download(ctx, withQuery(api.PathCertificateAccounts, langQuery(lang)), "application/pdf")
	return Document{Name: "certificate_accounts_" + time.Now().Format(time.DateOnly) + ".pdf", Data: b}, err
}

// CertificateOPPV is GET /api/v1/certificates/oppv.pdf: «Справка по
// ОППВ» in the language lang.
func (c *Client) CertificateOPPV(ctx context.Context, lang string) (Document, error) {
	b, err := c.download(ctx, withQuery(api.PathCertificateOPPV, langQuery(lang)), "application/pdf")
	return Document{Name: "certificate_oppv_" + time.Now().Format(time.DateOnly) + ".pdf", Data: b}, err
}

// AccountsHistory is GET /api/v1/accounts/history: month-end balances
// for the savings chart.
func (c *Client) AccountsHistory(ctx context.Context) (api.AccountsHistory, error) {
	var out api.AccountsHistory
	err := c.do(c.req(ctx), http.MethodGet, api.PathAccountsHistory, &out)
	return out, err
}
