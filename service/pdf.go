package service

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/pdffont"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Every PDF the service makes is drawn here, with the labels of
// pdf_labels.go in the language the request names (ru, kk, en) and Noto
// Sans, so that Russian and Kazakh letters print:
//   - documents (statements, certificates): A4, a header with the fund's
//     name, a footer with the date of issue and "стр. N из M" on every
//     page (docPDF);
//   - slips (the queue ticket on A6, the DPV receipt on A5): one page of
//     labelled values under the fund's name and a title (slip).
// Times are the fund's (fundZone), and the zone is named where a time is
// printed.

// pdfMargin is the page margin in millimetres.
const pdfMargin = 12

// docPDF is a document being written: fpdf with the fonts, the labels of
// the language and the running footer.
type docPDF struct {
	f      *fpdf.Fpdf
	l      *docLabels
	width  float64 // between the margins
	height float64 // of the page
}

// newFpdf starts a PDF of the page size (A4, A5, A6) with the document's
// metadata and the fonts.
func newFpdf(size string, l *docLabels, fund, title string, issued time.Time) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: size})
	f.SetCreationDate(issued)
	f.SetModificationDate(issued)
	f.SetCatalogSort(true)
	f.SetTitle(title, true)
	f.SetAuthor(fund, true)
	f.SetCreator("Kabinet", true)
	f.SetLang(l.lang)
	f.AddUTF8FontFromBytes(pdffont.Family, "", pdffont.Regular())
	f.AddUTF8FontFromBytes(pdffont.Family, "B", pdffont.Bold())
	return f
}

// pdfBytes writes the finished PDF.
func pdfBytes(f *fpdf.Fpdf) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func newDocPDF(l *docLabels, fund, title string, issued time.Time) *docPDF {
	f := newFpdf("A4", l, fund, title, issued)
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin+8)
	const alias = "{nb}"
	f.AliasNbPages(alias)
	w, h := f.GetPageSize()
	d := &docPDF{f: f, l: l, width: w - 2*pdfMargin, height: h}
	issuedText := l.issued + ": " + issued.In(fundZone()).Format("02.01.2006")
	f.SetFooterFunc(func() {
		f.SetY(-pdfMargin - 5)
		f.SetDrawColor(170, 170, 170)
		f.Line(pdfMargin, f.GetY(), w-pdfMargin, f.GetY())
		f.SetFont(pdffont.Family, "", 7.5)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(d.width-34, 5, fit(f, fund+" · "+issuedText, d.width-36), "", 0, "L", false, 0, "")
		// Left-aligned in a fixed place: the total is filled in after the
		// last page, and its width is not known when the text is laid out.
		f.CellFormat(34, 5, fmt.Sprintf(l.page, f.PageNo(), alias), "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	// Header: the fund's name and the date of issue.
	f.SetFont(pdffont.Family, "B", 12)
	f.CellFormat(d.width*0.7, 6, fit(f, fund, d.width*0.7), "", 0, "L", false, 0, "")
	f.SetFont(pdffont.Family, "", 8.5)
	f.CellFormat(d.width*0.3, 6, issuedText, "", 1, "R", false, 0, "")
	f.SetDrawColor(30, 90, 160)
	f.SetLineWidth(0.6)
	f.Line(pdfMargin, f.GetY()+1, w-pdfMargin, f.GetY()+1)
	f.SetLineWidth(0.2)
	f.Ln(5)
	f.SetFont(pdffont.Family, "B", 13)
	f.MultiCell(d.width, 6, title, "", "C", false)
	f.Ln(3)
	return d
}

// fit shortens s with an ellipsis until it is at most w wide in the
// current font.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// fieldLabelWidth is the width of the labels of field lines, enough for
// «Остаток на начало периода» at 9 points.
const fieldLabelWidth = 50

// field writes "label: value" lines, the label in grey.
func (d *docPDF) field(label, value string) {
	f := d.f
	f.SetFont(pdffont.Family, "", 9)
	f.SetTextColor(90, 90, 90)
	f.CellFormat(fieldLabelWidth, 5.2, label, "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetFont(pdffont.Family, "B", 9.5)
	f.MultiCell(d.width-fieldLabelWidth, 5.2, value, "", "L", false)
}

func (d *docPDF) paragraph(text string, size float64) {
	d.f.SetFont(pdffont.Family, "", size)
	d.f.MultiCell(d.width, size*0.5, text, "", "L", false)
}

// column of a table: title, width in millimetres, alignment ("L", "R", "C").
type column struct {
	title string
	width float64
	align string
}

// table writes rows under a header that repeats on every page.
type table struct {
	d    *docPDF
	cols []column
	size float64 // font size
	rowH float64
}

func (d *docPDF) table(size float64, cols ...column) *table {
	t := &table{d: d, cols: cols, size: size, rowH: size * 0.62}
	t.header()
	return t
}

func (t *table) header() {
	f := t.d.f
	// Headings wrap between words only: the row's font shrinks until the
	// longest word of every heading fits its column (issue #15: «Перио д»).
	size := t.size
	f.SetFont(pdffont.Family, "B", size)
	for _, c := range t.cols {
		for _, w := range strings.Fields(c.title) {
			if ww := f.GetStringWidth(w); ww > c.width-2 {
				size = min(size, t.size*(c.width-2)/ww)
			}
		}
	}
	size = math.Floor(size*10) / 10 // a little below, so that rounding never breaks a word
	f.SetFont(pdffont.Family, "B", size)
	rowH := t.rowH * size / t.size
	f.SetFillColor(226, 234, 245)
	f.SetDrawColor(170, 170, 170)
	parts := make([][]string, len(t.cols))
	lines := 1
	for i, c := range t.cols {
		parts[i] = wrapWords(f, c.title, c.width-2)
		lines = max(lines, len(parts[i]))
	}
	h := float64(lines)*rowH + 1
	x, y := f.GetX(), f.GetY()
	for i, c := range t.cols {
		f.Rect(x, y, c.width, h, "FD")
		top := y + (h-float64(len(parts[i]))*rowH)/2
		for j, p := range parts[i] {
			f.SetXY(x+1, top+float64(j)*rowH)
			f.CellFormat(c.width-2, rowH, p, "", 0, "C", false, 0, "")
		}
		x += c.width
	}
	f.SetXY(pdfMargin, y+h)
	f.SetFont(pdffont.Family, "", t.size)
}

// wrapWords breaks s into lines at most w wide in the current font,
// between words; only a single word wider than w is broken inside (a
// heading's words always fit: header shrinks its font).
func wrapWords(f *fpdf.Fpdf, s string, w float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
		case f.GetStringWidth(line+" "+word) <= w:
			line += " " + word
			continue
		default:
			lines = append(lines, line)
		}
		line = word
		if f.GetStringWidth(word) > w {
			split := f.SplitText(word, w)
			lines = append(lines, split[:len(split)-1]...)
			line = split[len(split)-1]
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// row writes one row, starting a new page (with the header) when it
// would not fit; bold rows are totals. A text too wide for its column
// wraps onto more lines, between words: nothing is cut short («Инвестиционный
// до…», issue #15).
func (t *table) row(bold bool, cells ...string) {
	f := t.d.f
	style := ""
	if bold {
		style = "B"
	}
	f.SetFont(pdffont.Family, style, t.size)
	lines := make([][]string, len(t.cols))
	height := 1
	for i, c := range t.cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		lines[i] = wrapWords(f, s, c.width-1.5)
		height = max(height, len(lines[i]))
	}
	h := float64(height) * t.rowH
	_, _, _, bottom := f.GetMargins()
	if f.GetY()+h > t.d.height-bottom {
		f.AddPage()
		t.header()
		f.SetFont(pdffont.Family, style, t.size)
	}
	x, y := f.GetX(), f.GetY()
	for i, c := range t.cols {
		for j, s := range lines[i] {
			f.SetXY(x, y+float64(j)*t.rowH)
			f.CellFormat(c.width, t.rowH, s, "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	f.SetDrawColor(170, 170, 170)
	f.Line(pdfMargin, y+h, x, y+h)
	f.SetXY(pdfMargin, y+h)
}

func (d *docPDF) bytes() ([]byte, error) { return pdfBytes(d.f) }

// slip is a one-page document of labelled values: a queue ticket (A6) or
// a receipt (A5). scale is 1 on A6 and larger on bigger paper.
type slip struct {
	f     *fpdf.Fpdf
	l     *docLabels
	inner float64 // width between the margins
	scale float64
}

func newSlip(size string, l *docLabels, fund, title string, issued time.Time) *slip {
	scale := 1.0
	if size == "A5" {
		scale = 1.15
	}
	margin := 8 * scale
	f := newFpdf(size, l, fund, title, issued)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	f.AddPage()
	w, _ := f.GetPageSize()
	s := &slip{f: f, l: l, inner: w - 2*margin, scale: scale}
	f.SetFont(pdffont.Family, "B", 11*scale)
	f.MultiCell(s.inner, 5*scale, fund, "", "C", false)
	f.SetFont(pdffont.Family, "", 9*scale)
	f.MultiCell(s.inner, 4.5*scale, title, "", "C", false)
	f.Ln(3)
	return s
}

// boxed writes text large in a frame: the ticket's or receipt's number.
func (s *slip) boxed(text string, size float64) {
	s.f.SetFont(pdffont.Family, "B", size)
	s.f.CellFormat(s.inner, size*0.45, text, "1", 1, "C", false, 0, "")
	s.f.Ln(3)
}

// row writes a grey label over its value in bold.
func (s *slip) row(label, value string) {
	f := s.f
	f.SetFont(pdffont.Family, "", 7.5*s.scale)
	f.SetTextColor(90, 90, 90)
	f.MultiCell(s.inner, 3.8*s.scale, label, "", "L", false)
	f.SetFont(pdffont.Family, "B", 10*s.scale)
	f.SetTextColor(0, 0, 0)
	f.MultiCell(s.inner, 4.8*s.scale, value, "", "L", false)
	f.Ln(1.2)
}

// note writes small grey text.
func (s *slip) note(text string) {
	s.f.Ln(1)
	s.f.SetFont(pdffont.Family, "", 7*s.scale)
	s.f.SetTextColor(60, 60, 60)
	s.f.MultiCell(s.inner, 3.5*s.scale, text, "", "L", false)
}

func (s *slip) bytes() ([]byte, error) { return pdfBytes(s.f) }

// at prints a moment in the fund's time zone with the zone named:
// "11.03.2026 14:30 (UTC+5)".
func (l *docLabels) at(t time.Time) string {
	return t.In(fundZone()).Format("02.01.2006 15:04") + " (" + zoneLabel(l.zone, t) + ")"
}

// statementDoc is what a statement PDF shows.
type statementDoc struct {
	Fund      string
	Depositor store.Depositor
	Summary   api.StatementSummary
	Rows      []api.StatementRow
	Issued    time.Time
	Lang      string
}

func (s statementDoc) render() ([]byte, error) {
	l := pdfLabels(s.Lang)
	sum := s.Summary
	title := l.titleOne
	if sum.Account == api.AccountAll {
		title = l.titleAll
	}
	d := newDocPDF(l, s.Fund, title, s.Issued)
	dep := s.Depositor
	d.field(l.depositor, joinName(dep.Surname, dep.GivenName, dep.Patronymic))
	d.field(l.iin, dep.IIN)
	label := l.account
	if len(sum.Accounts) != 1 {
		label = l.accounts
	}
	for i, a := range sum.Accounts {
		if i > 0 {
			label = ""
		}
		d.field(label, l.accountName(a.Type)+", № "+a.Number)
	}
	d.field(l.periodLbl, fmt.Sprintf(l.periodRange, l.date(sum.From), l.date(sum.To)))
	d.field(l.opening, l.money(sum.OpeningBalance)+" ₸")
	d.field(l.closing, l.money(sum.ClosingBalance)+" ₸")
	d.f.Ln(3)

	all := sum.Account == api.AccountAll
	cols := []column{
		{l.colDate, 16, "C"}, {l.colAccount, 13, "C"}, {l.colOperation, 31, "L"}, {l.colPayer, 40, "L"},
		{l.colBIN, 20, "C"}, {l.colPeriod, 14, "C"}, {l.colAmount, 26, "R"}, {l.colBalance, 26, "R"},
	}
	if !all {
		cols = append(cols[:1], cols[2:]...)
		cols[2].width += 13 // the payer takes the account's place
	}
	if len(s.Rows) == 0 {
		d.paragraph(l.noRows, 9.5)
	} else {
		t := d.table(7.5, cols...)
		for _, r := range s.Rows {
			cells := []string{l.date(r.Date), l.accountShort(r.AccountType), l.operation(r.Operation), r.PayerName,
				r.PayerBIN, l.period(r.Period), l.money(r.Amount), l.money(r.BalanceAfter)}
			if !all {
				cells = append(cells[:1], cells[2:]...)
			}
			t.row(false, cells...)
		}
	}
	d.f.Ln(5)
	d.f.SetFont(pdffont.Family, "B", 10)
	d.f.CellFormat(d.width, 6, l.totals, "", 1, "L", false, 0, "")
	t := d.table(8.5, column{l.colOperation, 80, "L"}, column{l.count, 30, "R"}, column{l.sum, 40, "R"})
	t.row(false, l.opening, "", l.money(sum.OpeningBalance))
	for _, op := range sum.Totals {
		t.row(false, l.operation(op.Operation), fmt.Sprint(op.Count), l.money(op.Amount))
	}
	t.row(true, l.closing, "", l.money(sum.ClosingBalance))
	d.f.Ln(6)
	d.f.SetTextColor(90, 90, 90)
	d.paragraph(l.generated, 8)
	return d.bytes()
}
