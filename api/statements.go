package api

import (
	"net/url"
	"strconv"
)

// Statements and certificates: the statement of an account (or of all
// accounts) for a period, page by page; its summary; its export to PDF
// and CSV; the certificates «Справка о наличии счетов» and «Справка по
// ОППВ» as PDF; and the month-end balances for the savings chart.
const (
	// PathStatements is GET ?account&from&to&cursor&limit → StatementPage.
	PathStatements = Prefix + "/statements"
	// PathStatementSummary is GET ?account&from&to → StatementSummary.
	PathStatementSummary = Prefix + "/statements/summary"
	// PathStatementPDF is GET ?account&from&to&lang → application/pdf.
	PathStatementPDF = Prefix + "/statements.pdf"
	// PathStatementCSV is GET ?account&from&to&lang → text/csv (UTF-8 with
	// BOM, ";" separated, a header row).
	PathStatementCSV = Prefix + "/statements.csv"
	// PathCertificateAccounts is GET ?lang → «Справка о наличии счетов» (PDF).
	PathCertificateAccounts = Prefix + "/certificates/accounts.pdf"
	// PathCertificateOPPV is GET ?lang → «Справка по ОППВ» (PDF).
	PathCertificateOPPV = Prefix + "/certificates/oppv.pdf"
	// PathAccountsHistory is GET → AccountsHistory.
	PathAccountsHistory = Prefix + "/accounts/history"
)

// AccountAll selects every account of the depositor in a statement.
const AccountAll = "all"

// Operations of a statement row (the kinds of transactions).
const (
	OpContribution     = "contribution"
	OpInvestmentIncome = "investment_income"
	OpCommission       = "commission"
	OpPayment          = "payment"
	OpTransfer         = "transfer"
)

// Operations lists the operations in the order statements show them.
var Operations = []string{OpContribution, OpInvestmentIncome, OpCommission, OpPayment, OpTransfer}

// Statement paging limits: a page holds DefaultStatementLimit rows unless
// the request asks for another number, at most MaxStatementLimit.
const (
	DefaultStatementLimit = 100
	MaxStatementLimit     = 1000
)

// MaxStatementPDFRows bounds the rows of one PDF statement (about 190
// pages); a longer period is refused with validation_failed and reason
// ReasonTooManyRows (the CSV export has no such bound).
const MaxStatementPDFRows = 10000

// ReasonTooManyRows is the reason of a validation_failed problem for a PDF
// statement longer than MaxStatementPDFRows.
const ReasonTooManyRows = "too_many_rows"

// StatementQuery selects a statement: the account (OPV, OPPV, DPV or
// AccountAll; "" means all) and the period From..To, both YYYY-MM-DD and
// inclusive ("" To means today, "" From one year before To). Cursor and
// Limit page through the rows; Lang ("ru", "kk", "en"; "" means ru)
// chooses the language of PDF and CSV exports.
type StatementQuery struct {
	Account string
	From    string
	To      string
	Cursor  string
	Limit   int
	Lang    string
}

// Values is the query string of q (empty fields are left out).
func (q StatementQuery) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("account", q.Account)
	set("from", q.From)
	set("to", q.To)
	set("cursor", q.Cursor)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	set("lang", q.Lang)
	return v
}

// StatementRow is one operation on an account. Amount is signed:
// contributions, income and incoming transfers are positive; commission,
// payments and outgoing transfers are negative. BalanceAfter is the
// balance of the row's account after it.
type StatementRow struct {
	ID           int64  `json:"id"`
	Date         string `json:"date"` // YYYY-MM-DD
	AccountType  string `json:"accountType"`
	Operation    string `json:"operation"`
	PayerName    string `json:"payerName,omitempty"`
	PayerBIN     string `json:"payerBin,omitempty"`
	Period       string `json:"period,omitempty"` // YYYY-MM paid for
	Amount       Money  `json:"amount"`
	BalanceAfter Money  `json:"balanceAfter"`
}

// StatementPage is GET /api/v1/statements: rows in booking order (date,
// then id). NextCursor, when not empty, fetches the next page with the
// same account and period; it is opaque and stays valid while rows are
// added.
type StatementPage struct {
	Rows       []StatementRow `json:"rows"`
	NextCursor string         `json:"nextCursor,omitempty"`
}

// OperationTotal is the sum (signed) and number of the rows of one
// operation in a statement.
type OperationTotal struct {
	Operation string `json:"operation"`
	Amount    Money  `json:"amount"`
	Count     int    `json:"count"`
}

// StatementAccount is one account of a statement with its balances at the
// edges of the period.
type StatementAccount struct {
	Type           string `json:"type"`
	Number         string `json:"number"`
	OpenedAt       string `json:"openedAt"`
	OpeningBalance Money  `json:"openingBalance"`
	ClosingBalance Money  `json:"closingBalance"`
}

// StatementSummary is GET /api/v1/statements/summary. OpeningBalance is
// the balance at the start of From, ClosingBalance at the end of To (sums
// over the accounts selected); Totals has one entry per operation, in the
// order of Operations, and OpeningBalance + the sum of Totals equals
// ClosingBalance.
type StatementSummary struct {
	Account        string             `json:"account"`
	From           string             `json:"from"`
	To             string             `json:"to"`
	OpeningBalance Money              `json:"openingBalance"`
	ClosingBalance Money              `json:"closingBalance"`
	Totals         []OperationTotal   `json:"totals"`
	RowCount       int                `json:"rowCount"`
	Accounts       []StatementAccount `json:"accounts"`
}

// Total is the total of op in s (zero when absent).
func (s StatementSummary) Total(op string) Money {
	for _, t := range s.Totals {
		if t.Operation == op {
			return t.Amount
		}
	}
	return 0
}

// HistoryPoint is the balances at the end of one month: per account type
// and their total.
type HistoryPoint struct {
	Month    string           `json:"month"` // YYYY-MM
	Balances map[string]Money `json:"balances"`
	Total    Money            `json:"total"`
}

// AccountsHistory is GET /api/v1/accounts/history: month-end balances
// from the month of the first operation to the current month, one point
// per month (a month without operations repeats the last balance).
type AccountsHistory struct {
	Points []HistoryPoint `json:"points"`
	AsOf   string         `json:"asOf"` // YYYY-MM-DD
}
