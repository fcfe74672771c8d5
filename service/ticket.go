package service

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"kabinet/api"
	"kabinet/service/pdffont"
	"kabinet/service/store"
)

// ticketData is what a printed queue ticket shows.
type ticketData struct {
	Fund    string
	Booking store.Booking
	Office  store.Office
	Name    string
	IIN     string
	Issued  time.Time
}

// ticketServices are the bilingual (ru / kk) names of the services on
// the ticket; the service does not know the app's language.
var ticketServices = map[string]string{
	api.BookingConsultation: "Консультация / Кеңес",
	api.BookingPayment:      "Заявление на выплату / Төлемге өтініш",
	api.BookingContacts:     "Подтверждение реквизитов / Деректемелерді растау",
	api.BookingDocuments:    "Справки и выписки / Анықтамалар мен үзінділер",
}

func joinName(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// maskIIN keeps the first six and the last digit: 880415*****7.
func maskIIN(iin string) string {
	if len(iin) != 12 {
		return iin
	}
	return iin[:6] + "*****" + iin[11:]
}

// ticketPDF renders the ticket on an A6 page with Noto Sans, so Russian
// and Kazakh letters print.
func ticketPDF(t ticketData) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A6"})
	pdf.SetCreationDate(t.Issued)
	pdf.SetModificationDate(t.Issued)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Талон "+t.Booking.Ticket, true)
	pdf.SetAuthor(t.Fund, true)
	pdf.SetCreator("Kabinet", true)
	pdf.AddUTF8FontFromBytes(pdffont.Family, "", pdffont.Regular())
	pdf.AddUTF8FontFromBytes(pdffont.Family, "B", pdffont.Bold())
	pdf.SetMargins(8, 8, 8)
	pdf.SetAutoPageBreak(true, 8)
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	inner := w - 16

	zone := fundZone()
	start, end := t.Booking.Start.In(zone), t.Booking.End.In(zone)

	pdf.SetFont(pdffont.Family, "B", 11)
	pdf.MultiCell(inner, 5, t.Fund, "", "C", false)
	pdf.SetFont(pdffont.Family, "", 9)
	pdf.MultiCell(inner, 4.5, "Талон электронной очереди / Электронды кезек талоны", "", "C", false)
	pdf.Ln(3)
	pdf.SetFont(pdffont.Family, "B", 36)
	pdf.CellFormat(inner, 16, t.Booking.Ticket, "1", 1, "C", false, 0, "")
	pdf.Ln(3)

	row := func(label, value string) {
		pdf.SetFont(pdffont.Family, "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(inner, 3.8, label, "", "L", false)
		pdf.SetFont(pdffont.Family, "B", 10)
		pdf.SetTextColor(0, 0, 0)
		pdf.MultiCell(inner, 4.8, value, "", "L", false)
		pdf.Ln(1.2)
	}
	row("Дата и время / Күні мен уақыты",
		fmt.Sprintf("%s  %s–%s (UTC+5)", start.Format("02.01.2006"), start.Format("15:04"), end.Format("15:04")))
	// Russian, then Kazakh when the office has its own Kazakh texts.
	office, address := t.Office.City+", "+t.Office.Name, t.Office.Address
	if kk, ok := t.Office.Texts["kk"]; ok {
		office += "\n" + kk.City + ", " + kk.Name
		if kk.Address != t.Office.Address {
			address += "\n" + kk.Address
		}
	}
	row("Отделение / Бөлімше", office)
	row("Адрес / Мекенжай", address)
	row("Услуга / Қызмет", ticketServices[t.Booking.Service])
	row("Вкладчик / Салымшы", t.Name)
	row("ИИН / ЖСН", maskIIN(t.IIN))

	pdf.Ln(1)
	pdf.SetFont(pdffont.Family, "", 7)
	pdf.SetTextColor(60, 60, 60)
	pdf.MultiCell(inner, 3.5, "Приходите за 10 минут до начала, с удостоверением личности. "+
		"Талон действителен только в указанное время.\n"+
		"Басталуына 10 минут қалғанда жеке куәлігіңізбен келіңіз. "+
		"Талон тек көрсетілген уақытта жарамды.", "", "L", false)
	pdf.Ln(1)
	pdf.MultiCell(inner, 3.5, "Выдан / Берілді: "+t.Issued.In(zone).Format("02.01.2006 15:04"), "", "L", false)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("ticket pdf: %w", err)
	}
	return buf.Bytes(), nil
}
