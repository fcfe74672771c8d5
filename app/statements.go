package app

import (
	"context"
	"net/url"
	"strconv"

	"fyne.io/fyne/v2/storage"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// statementPageSize is the number of rows asked for at a time as the
// statement table scrolls.
const statementPageSize = 200

// statementMessage maps a refusal of the statement service to the user's
// message.
func statementMessage(err error) message {
	if p, ok := client.ProblemOf(err); ok {
		switch {
		case p.Code == api.CodeNotFound:
			return message{Key: "stmt.error.no_account"}
		case p.Code == api.CodeValidation && p.Reason == api.ReasonTooManyRows:
			return message{Key: "stmt.error.too_many_rows", Data: map[string]any{"N": strconv.Itoa(api.MaxStatementPDFRows)}}
		}
	}
	return errorMessage(err)
}

// showStatements opens «Выписки по счетам»: the accounts (to offer only
// those held) and the savings history load in the background while the
// statement of the last year is asked for; the table asks for more rows
// as it scrolls.
func (ct *cabinetPages) showStatements() {
	a := ct.app
	s := screens.NewStatements(a.tick.now().In(screens.FundZone))
	a.setPage(s)
	s.OnQuery = func(q api.StatementQuery) {
		gen := s.Generation()
		var (
			sum  api.StatementSummary
			page api.StatementPage
		)
		ct.calls.Call(a.onPage(s), func(ctx context.Context, c *client.Client) (err error) {
			if sum, err = c.StatementSummary(ctx, q); err != nil {
				return err
			}
			first := q
			first.Limit = statementPageSize
			page, err = c.Statements(ctx, first)
			return err
		}, func(err error) {
			if s.Generation() != gen {
				return // another statement was asked for meanwhile
			}
			if err != nil {
				m := statementMessage(err)
				s.PageFailed(m.Key, m.Data)
				return
			}
			s.SetSummary(sum)
			s.AppendPage(page.Rows, page.NextCursor)
		})
	}
	s.OnNeedPage = func(cursor string) {
		gen := s.Generation()
		q := s.Query()
		q.Cursor, q.Limit = cursor, statementPageSize
		var page api.StatementPage
		ct.calls.Call(a.onPage(s), func(ctx context.Context, c *client.Client) (err error) {
			page, err = c.Statements(ctx, q)
			return err
		}, func(err error) {
			if s.Generation() != gen || s.NextCursor() != cursor {
				return
			}
			if err != nil {
				m := statementMessage(err)
				s.PageFailed(m.Key, m.Data)
				return
			}
			s.AppendPage(page.Rows, page.NextCursor)
		})
	}
	s.OnDownload = func(format string) {
		q := s.Query()
		q.Lang = lang.Current()
		var doc client.Document
		s.SetDownloading(true)
		ct.calls.Call(a.onPage(s), func(ctx context.Context, c *client.Client) (err error) {
			if format == "csv" {
				doc, err = c.StatementCSV(ctx, q)
			} else {
				doc, err = c.StatementPDF(ctx, q)
			}
			return err
		}, func(err error) {
			s.SetDownloading(false)
			if err != nil {
				m := statementMessage(err)
				s.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			a.pages.saveFile(doc.Name, doc.Data, ct.offerOpen)
		})
	}
	var (
		accounts api.Accounts
		history  api.AccountsHistory
	)
	ct.calls.Call(a.onPage(s), func(ctx context.Context, c *client.Client) (err error) {
		if accounts, err = c.Accounts(ctx); err != nil {
			return err
		}
		history, err = c.AccountsHistory(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.log.Warn("statement accounts and history", "code", client.Code(err))
			return // the statement itself reports the service's trouble
		}
		var types []string
		for _, acc := range accounts.Accounts {
			types = append(types, acc.Type)
		}
		s.SetAccounts(types)
		s.SetHistory(history)
	})
	s.Apply()
	a.cabinet.Show(screens.ServiceStatements, s.Content())
}

// showCertificates opens «Справка о наличии счетов / справка по ОППВ»:
// each button gets the PDF in the current language, asks where to save
// it and offers to open it.
func (ct *cabinetPages) showCertificates() {
	a := ct.app
	c := screens.NewCertificates()
	a.setPage(c)
	c.OnDownload = func(kind string) {
		language := lang.Current()
		var doc client.Document
		c.SetBusy(true)
		c.Tell(screens.Note("", nil))
		ct.calls.Call(a.onPage(c), func(ctx context.Context, cl *client.Client) (err error) {
			if kind == screens.CertificateOPPV {
				doc, err = cl.CertificateOPPV(ctx, language)
			} else {
				doc, err = cl.CertificateAccounts(ctx, language)
			}
			return err
		}, func(err error) {
			c.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				c.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			a.pages.saveFile(doc.Name, doc.Data, func(path string) {
				if a.page == c {
					c.Tell(screens.Message{Key: "cert.saved", Data: map[string]any{"Path": path}, Error: false})
				}
				ct.offerOpen(path)
			})
		})
	}
	a.cabinet.Show(screens.ServiceCertificates, c.Content())
}

// offerOpen tells that a file was saved at path and offers to open it
// with the program the system uses for it.
func (ct *cabinetPages) offerOpen(path string) {
	a := ct.app
	screens.ShowQuestion(lang.L("doc.open.title"), lang.L("doc.open.text", map[string]any{"Path": path}),
		lang.L("doc.open"), lang.L("common.close"), func(open bool) {
			if !open {
				return
			}
			u, err := url.Parse(storage.NewFileURI(path).String())
			if err == nil {
				err = a.fa.OpenURL(u)
			}
			if err != nil {
				screens.ShowError(lang.L("doc.open.failed", map[string]any{"Err": err.Error()}), a.win)
			}
		}, a.win)
}
