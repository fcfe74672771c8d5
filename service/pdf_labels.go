package service

import (
	"strconv"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// The texts of every document the service prints (statements,
// certificates, the queue ticket, the DPV receipt; PDF and the CSV
// header) in the three languages of the cabinet. The service answers in
// the language the request names (?lang=ru|kk|en, Russian by default);
// these few labels live here rather than in the app's translation files
// because a remote service has no access to those.

// docLabels are the texts of one language.
type docLabels struct {
	lang string

	// Statement.
	titleOne, titleAll           string
	depositor, iin, birthDate    string
	account, accounts, periodLbl string
	periodRange                  string // with two %s: from, to
	issued, page                 string // page: %d, then the total-pages alias
	opening, closing             string
	colDate, colAccount          string
	colOperation, colPayer       string
	colBIN, colPeriod            string
	colAmount, colBalance        string
	totals, count, sum           string
	noRows, generated            string
	accountNames, shortNames     map[string]string
	operations                   map[string]string

	// Certificate of accounts.
	certAccountsTitle, certAccountsBody  string // body: %s date, %s fund
	colAccountType, colNumber, colOpened string
	total, noAccounts, certPurpose       string
	certNumber                           string

	// Certificate of ОППВ.
	certOPPVTitle, certOPPVBody string // body: %s date, %s number, %s opened
	certOPPVNone                string
	colEmployer, colPeriods     string
	colMonths                   string
	oppvTotal, oppvBalance      string

	// zone names the fund's time zone after a printed time.
	zone string

	// Queue ticket.
	ticketTitle, ticketWhen, ticketOffice string
	ticketAddress, ticketService          string
	ticketNote, ticketIssued              string
	bookingServices                       map[string]string

	// DPV receipt.
	receiptTitle, receiptPayer, receiptAmount string
	receiptDate, receiptStatus, receiptPaid   string
	receiptDemo                               string
}

var docLabelsRU = docLabels{
	lang:      "ru",
	titleOne:  "Выписка с индивидуального пенсионного счёта",
	titleAll:  "Выписка с индивидуальных пенсионных счетов",
	depositor: "Вкладчик", iin: "ИИН", birthDate: "Дата рождения",
	account: "Счёт", accounts: "Счета", periodLbl: "Период", periodRange: "с %s по %s",
	issued: "Дата выдачи", page: "стр. %d из %s",
	opening: "Остаток на начало периода", closing: "Остаток на конец периода",
	colDate: "Дата", colAccount: "Счёт", colOperation: "Операция", colPayer: "Плательщик / работодатель",
	colBIN: "БИН / ИИН", colPeriod: "Период", colAmount: "Сумма, ₸", colBalance: "Остаток, ₸",
	totals: "Итоги за период", count: "Кол-во", sum: "Сумма, ₸",
	noRows:    "За период операций нет.",
	generated: "Документ сформирован в электронном виде в личном кабинете вкладчика.",
	accountNames: map[string]string{
		api.AccountOPV:  "Обязательные пенсионные взносы (ОПВ)",
		api.AccountOPPV: "Обязательные профессиональные пенсионные взносы (ОППВ)",
		api.AccountDPV:  "Добровольные пенсионные взносы (ДПВ)",
	},
	shortNames: map[string]string{api.AccountOPV: "ОПВ", api.AccountOPPV: "ОППВ", api.AccountDPV: "ДПВ"},
	operations: map[string]string{
		api.OpContribution:     "Взнос",
		api.OpInvestmentIncome: "Инвестиционный доход",
		api.OpCommission:       "Комиссия фонда",
		api.OpPayment:          "Пенсионная выплата",
		api.OpTransfer:         "Перевод",
	},
	certAccountsTitle: "Справка о наличии индивидуальных пенсионных счетов",
	certAccountsBody:  "Настоящим подтверждается, что по состоянию на %s в %s на имя вкладчика открыты следующие индивидуальные пенсионные счета:",
	colAccountType:    "Вид счёта", colNumber: "Номер счёта", colOpened: "Дата открытия",
	total: "Итого", noAccounts: "Индивидуальные пенсионные счета на имя вкладчика не открыты.",
	certPurpose:   "Справка выдана для предъявления по месту требования.",
	certNumber:    "№ %s",
	certOPPVTitle: "Справка по обязательным профессиональным пенсионным взносам (ОППВ)",
	certOPPVBody: "Настоящим подтверждается, что по состоянию на %s на индивидуальный пенсионный счёт вкладчика " +
		"для учёта ОППВ № %s (открыт %s) поступили следующие обязательные профессиональные пенсионные взносы:",
	certOPPVNone: "Обязательные профессиональные пенсионные взносы на имя вкладчика не поступали; " +
		"счёт для учёта ОППВ не открыт.",
	colEmployer: "Работодатель", colPeriods: "Периоды", colMonths: "Месяцев",
	oppvTotal: "Всего поступило ОППВ", oppvBalance: "Остаток на счёте ОППВ",
	zone:        "Алматы, UTC+5",
	ticketTitle: "Талон электронной очереди", ticketWhen: "Дата и время", ticketOffice: "Отделение",
	ticketAddress: "Адрес", ticketService: "Услуга",
	ticketNote:   "Приходите за 10 минут до начала, с удостоверением личности. Талон действителен только в указанное время.",
	ticketIssued: "Выдан",
	bookingServices: map[string]string{
		api.BookingConsultation: "Консультация",
		api.BookingPayment:      "Заявление на выплату",
		api.BookingContacts:     "Подтверждение реквизитов",
		api.BookingDocuments:    "Справки и выписки",
	},
	receiptTitle: "Квитанция о добровольных пенсионных взносах", receiptPayer: "Вкладчик и плательщик",
	receiptAmount: "Сумма", receiptDate: "Дата", receiptStatus: "Статус", receiptPaid: "Оплачено",
	receiptDemo: "Демонстрационная версия: платёж подтверждён сразу.",
}

var docLabelsKK = docLabels{
	lang:      "kk",
	titleOne:  "Жеке зейнетақы шотынан үзінді көшірме",
	titleAll:  "Жеке зейнетақы шоттарынан үзінді көшірме",
	depositor: "Салымшы", iin: "ЖСН", birthDate: "Туған күні",
	account: "Шот", accounts: "Шоттар", periodLbl: "Кезең", periodRange: "%s – %s",
	issued: "Берілген күні", page: "%d-бет, барлығы %s",
	opening: "Кезең басындағы қалдық", closing: "Кезең соңындағы қалдық",
	colDate: "Күні", colAccount: "Шот", colOperation: "Операция", colPayer: "Төлеуші / жұмыс беруші",
	colBIN: "БСН / ЖСН", colPeriod: "Кезең", colAmount: "Сомасы, ₸", colBalance: "Қалдық, ₸",
	totals: "Кезең бойынша қорытынды", count: "Саны", sum: "Сомасы, ₸",
	noRows:    "Кезең ішінде операциялар болған жоқ.",
	generated: "Құжат салымшының жеке кабинетінде электрондық түрде қалыптастырылды.",
	accountNames: map[string]string{
		api.AccountOPV:  "Міндетті зейнетақы жарналары (МЗЖ)",
		api.AccountOPPV: "Міндетті кәсіптік зейнетақы жарналары (МКЗЖ)",
		api.AccountDPV:  "Ерікті зейнетақы жарналары (ЕЗЖ)",
	},
	shortNames: map[string]string{api.AccountOPV: "МЗЖ", api.AccountOPPV: "МКЗЖ", api.AccountDPV: "ЕЗЖ"},
	operations: map[string]string{
		api.OpContribution:     "Жарна",
		api.OpInvestmentIncome: "Инвестициялық табыс",
		api.OpCommission:       "Қор комиссиясы",
		api.OpPayment:          "Зейнетақы төлемі",
		api.OpTransfer:         "Аударым",
	},
	certAccountsTitle: "Жеке зейнетақы шоттарының бар екені туралы анықтама",
	certAccountsBody:  "%s жағдай бойынша %s салымшының атына келесі жеке зейнетақы шоттары ашылғаны расталады:",
	colAccountType:    "Шот түрі", colNumber: "Шот нөмірі", colOpened: "Ашылған күні",
	total: "Барлығы", noAccounts: "Салымшының атына жеке зейнетақы шоттары ашылмаған.",
	certPurpose:   "Анықтама талап етілген жерге ұсыну үшін берілді.",
	certNumber:    "№ %s",
	certOPPVTitle: "Міндетті кәсіптік зейнетақы жарналары (МКЗЖ) бойынша анықтама",
	certOPPVBody: "%s жағдай бойынша салымшының МКЗЖ есепке алуға арналған № %s жеке зейнетақы шотына " +
		"(%s ашылған) келесі міндетті кәсіптік зейнетақы жарналары түскені расталады:",
	certOPPVNone: "Салымшының атына міндетті кәсіптік зейнетақы жарналары түскен жоқ; " +
		"МКЗЖ есепке алуға арналған шот ашылмаған.",
	colEmployer: "Жұмыс беруші", colPeriods: "Кезеңдер", colMonths: "Ай саны",
	oppvTotal: "Барлығы түскен МКЗЖ", oppvBalance: "МКЗЖ шотындағы қалдық",
	zone:        "Алматы, UTC+5",
	ticketTitle: "Электронды кезек талоны", ticketWhen: "Күні мен уақыты", ticketOffice: "Бөлімше",
	ticketAddress: "Мекенжай", ticketService: "Қызмет",
	ticketNote:   "Басталуына 10 минут қалғанда жеке куәлігіңізбен келіңіз. Талон тек көрсетілген уақытта жарамды.",
	ticketIssued: "Берілді",
	bookingServices: map[string]string{
		api.BookingConsultation: "Кеңес",
		api.BookingPayment:      "Төлемге өтініш",
		api.BookingContacts:     "Деректемелерді растау",
		api.BookingDocuments:    "Анықтамалар мен үзінділер",
	},
	receiptTitle: "Ерікті зейнетақы жарналары туралы түбіртек", receiptPayer: "Салымшы және төлеуші",
	receiptAmount: "Сомасы", receiptDate: "Күні", receiptStatus: "Мәртебесі", receiptPaid: "Төленді",
	receiptDemo: "Демонстрациялық нұсқа: төлем бірден расталды.",
}

var docLabelsEN = docLabels{
	lang:      "en",
	titleOne:  "Statement of individual pension account",
	titleAll:  "Statement of individual pension accounts",
	depositor: "Depositor", iin: "IIN", birthDate: "Date of birth",
	account: "Account", accounts: "Accounts", periodLbl: "Period", periodRange: "%s – %s",
	issued: "Date of issue", page: "Page %d of %s",
	opening: "Opening balance", closing: "Closing balance",
	colDate: "Date", colAccount: "Account", colOperation: "Operation", colPayer: "Payer / employer",
	colBIN: "BIN / IIN", colPeriod: "Period", colAmount: "Amount, ₸", colBalance: "Balance, ₸",
	totals: "Totals for the period", count: "Count", sum: "Amount, ₸",
	noRows:    "No operations in the period.",
	generated: "Generated electronically in the depositor's personal cabinet.",
	accountNames: map[string]string{
		api.AccountOPV:  "Mandatory pension contributions (OPV)",
		api.AccountOPPV: "Mandatory occupational pension contributions (OPPV)",
		api.AccountDPV:  "Voluntary pension contributions (DPV)",
	},
	shortNames: map[string]string{api.AccountOPV: "OPV", api.AccountOPPV: "OPPV", api.AccountDPV: "DPV"},
	operations: map[string]string{
		api.OpContribution:     "Contribution",
		api.OpInvestmentIncome: "Investment income",
		api.OpCommission:       "Fund commission",
		api.OpPayment:          "Pension payment",
		api.OpTransfer:         "Transfer",
	},
	certAccountsTitle: "Certificate of individual pension accounts",
	certAccountsBody:  "This is to certify that as of %s the following individual pension accounts are held in the depositor's name with %s:",
	colAccountType:    "Account type", colNumber: "Account number", colOpened: "Opened",
	total: "Total", noAccounts: "No individual pension accounts are held in the depositor's name.",
	certPurpose:   "Issued for presentation on request.",
	certNumber:    "No. %s",
	certOPPVTitle: "Certificate of mandatory occupational pension contributions (OPPV)",
	certOPPVBody: "This is to certify that as of %s the following mandatory occupational pension contributions " +
		"have been credited to the depositor's OPPV account No. %s (opened %s):",
	certOPPVNone: "No mandatory occupational pension contributions have been received in the depositor's name; " +
		"no OPPV account is held.",
	colEmployer: "Employer", colPeriods: "Periods", colMonths: "Months",
	oppvTotal: "Total OPPV received", oppvBalance: "Balance of the OPPV account",
	zone:        "Almaty, UTC+5",
	ticketTitle: "Electronic queue ticket", ticketWhen: "Date and time", ticketOffice: "Office",
	ticketAddress: "Address", ticketService: "Service",
	ticketNote:   "Please come 10 minutes early with your identity document. The ticket is valid at the time shown only.",
	ticketIssued: "Issued",
	bookingServices: map[string]string{
		api.BookingConsultation: "Consultation",
		api.BookingPayment:      "Payment application",
		api.BookingContacts:     "Confirmation of contact details",
		api.BookingDocuments:    "Certificates and statements",
	},
	receiptTitle: "Receipt for voluntary pension contributions", receiptPayer: "Depositor and payer",
	receiptAmount: "Amount", receiptDate: "Date", receiptStatus: "Status", receiptPaid: "Paid",
	receiptDemo: "Demo version: the payment was confirmed at once.",
}

// pdfLang maps the lang query parameter to ru, kk or en (ru when absent
// or unknown).
func pdfLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "kk", "kz":
		return "kk"
	case "en":
		return "en"
	}
	return "ru"
}

func pdfLabels(lang string) *docLabels {
	switch lang {
	case "kk":
		return &docLabelsKK
	case "en":
		return &docLabelsEN
	}
	return &docLabelsRU
}

// date formats YYYY-MM-DD as 15.04.2025.
func (l *docLabels) date(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("02.01.2006")
}

// period formats YYYY-MM as 04.2025 ("" stays "").
func (l *docLabels) period(p string) string {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return p
	}
	return t.Format("01.2006")
}

func (l *docLabels) operation(op string) string {
	if s, ok := l.operations[op]; ok {
		return s
	}
	return op
}

func (l *docLabels) accountName(t string) string {
	if s, ok := l.accountNames[t]; ok {
		return s
	}
	return t
}

func (l *docLabels) accountShort(t string) string {
	if s, ok := l.shortNames[t]; ok {
		return s
	}
	return t
}

// money formats tiyn with grouped thousands: "1 234 567,89" (ru, kk) or
// "1,234,567.89" (en); negative amounts start with "-".
func (l *docLabels) money(m api.Money) string {
	sep, dec := " ", ","
	if l.lang == "en" {
		sep, dec = ",", "."
	}
	return formatTiyn(int64(m), sep, dec)
}

// plainMoney is money without grouping, for spreadsheets: "1234567,89".
func (l *docLabels) plainMoney(m api.Money) string {
	dec := ","
	if l.lang == "en" {
		dec = "."
	}
	return formatTiyn(int64(m), "", dec)
}

func formatTiyn(v int64, sep, dec string) string {
	neg := v < 0
	if neg {
		v = -v
	}
	digits := strconv.FormatInt(v/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	frac := v % 100
	b.WriteString(dec)
	b.WriteByte(byte('0' + frac/10))
	b.WriteByte(byte('0' + frac%10))
	return b.String()
}
