package screens

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

func testIBAN(t *testing.T, bank string) string {
	t.Helper()
	s, ok := kz.MakeIBAN(bank, "0000012345678")
	if !ok {
		t.Fatal("MakeIBAN")
	}
	return s
}

func demoOptions() api.ApplicationOptions {
	return api.ApplicationOptions{
		Payments: []api.PaymentOption{
			{Account: api.AccountOPV, Basis: api.BasisDisability, Eligible: true, Balance: 123_456_78},
			{Account: api.AccountOPPV, Basis: api.BasisDisability, Eligible: false, Reason: api.ReasonNoAccount},
			{Account: api.AccountDPV, Basis: api.BasisAge50, Eligible: false, Reason: api.ReasonNeedAge50},
		},
		Managers: []api.Manager{
			{ID: api.ManagerNationalBank, Name: "НБРК", NationalBank: true},
			{ID: "m1", Name: "Alpha Invest", ReturnLastYear: 1234},
			{ID: "m2", Name: "Beta Capital", ReturnLastYear: -150},
		},
		Portfolio: []api.PortfolioShare{{ManagerID: api.ManagerNationalBank, SharePercent: 100}},
		Cancelable: []api.Application{{ID: "p1", Number: "Z-20261123-000007", Type: api.AppPortfolioManager,
			Status: api.StatusSubmitted, CreatedAt: time.Date(2026, 11, 23, 10, 0, 0, 0, FundZone),
			Document: api.Document{Portfolio: &api.PortfolioChoice{ManagerID: "m1", SharePercent: 40}}}},
	}
}

func TestPaymentFormValidatesAsTyped(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	f := NewApplicationForm(ServicePayment)
	test.NewTempWindow(t, f.Content())
	if !f.Next.Disabled() {
		t.Fatal("«Далее» enabled before the options are loaded")
	}
	f.SetOptions(demoOptions())
	// Ineligible choices are disabled and say why.
	if len(f.PaymentChoices) != 3 || f.PaymentChoices[0].Disabled() || !f.PaymentChoices[1].Disabled() || !f.PaymentChoices[2].Disabled() {
		t.Fatalf("choices %d", len(f.PaymentChoices))
	}
	if got := f.PaymentReasons[1].Text; !strings.Contains(got, "Недоступно") || !strings.Contains(got, "нет такого пенсионного счёта") {
		t.Errorf("reason of OPPV: %q", got)
	}
	if got := f.PaymentReasons[2].Text; !strings.Contains(got, "с 50 лет") {
		t.Errorf("reason of DPV: %q", got)
	}
	if got := f.PaymentChoices[0].Text; !strings.Contains(got, "ОПВ") || !strings.Contains(got, "по инвалидности") {
		t.Errorf("option text %q", got)
	}
	f.SelectPayment(1) // disabled: nothing happens
	if _, ok := f.SelectedPayment(); ok {
		t.Fatal("a disabled option was chosen")
	}
	f.SelectPayment(0)
	if o, ok := f.SelectedPayment(); !ok || o.Account != api.AccountOPV {
		t.Fatalf("chosen %+v %v", o, ok)
	}
	// A bad IBAN: error shown, «Далее» disabled.
	test.Type(f.IBAN, "KZ00722")
	if !f.IBANError.Visible() || !strings.Contains(f.IBANError.Text, "20 символов") || !f.Next.Disabled() || f.BankName.Visible() {
		t.Fatalf("short IBAN: %q, next disabled %v", f.IBANError.Text, f.Next.Disabled())
	}
	good := testIBAN(t, "722")
	bad := good[:2] + "00" + good[4:]
	f.IBAN.SetText(bad)
	if !strings.Contains(f.IBANError.Text, "контрольные цифры") || !f.Next.Disabled() {
		t.Fatalf("checksum: %q", f.IBANError.Text)
	}
	f.IBAN.SetText("DE89370400440532013000")
	if !strings.Contains(f.IBANError.Text, "KZ") {
		t.Fatalf("country: %q", f.IBANError.Text)
	}
	// A good one shows the bank and enables «Далее».
	f.IBAN.SetText(strings.ToLower(good[:4]) + " " + good[4:])
	if f.IBANError.Visible() || !f.BankName.Visible() || !strings.Contains(f.BankName.Text, "Kaspi Bank") || f.Next.Disabled() {
		t.Fatalf("good IBAN: err %q bank %q next %v", f.IBANError.Text, f.BankName.Text, f.Next.Disabled())
	}
	var got api.Document
	f.OnNext = func(d api.Document) { got = d }
	test.Tap(f.Next)
	if got.Type != api.AppPensionPayment || got.Payment == nil || *got.Payment != (api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: good}) {
		t.Fatalf("document %+v %+v", got, got.Payment)
	}
	// Unchoosing the payment disables «Далее» again.
	f.PaymentChoices[0].SetSelected(false)
	if !f.Next.Disabled() {
		t.Error("no payment chosen but «Далее» enabled")
	}
	lang.Set("en")
	f.Retranslate()
	if !strings.Contains(f.PaymentReasons[1].Text, "Not available") || f.Next.Text != "Next" {
		t.Errorf("en: %q %q", f.PaymentReasons[1].Text, f.Next.Text)
	}
}

func TestDetailsFormTabs(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	f := NewApplicationForm(ServiceDetails)
	test.NewTempWindow(t, f.Content())
	o := demoOptions()
	o.BankIBAN = testIBAN(t, "601")
	f.SetOptions(o)
	if f.Type() != api.AppBankDetails || !strings.Contains(f.CurrentIBAN.Text, "Halyk") {
		t.Fatalf("bank tab: %s %q", f.Type(), f.CurrentIBAN.Text)
	}
	if f.IBAN.Text != "" {
		t.Error("bank details prefilled with the old IBAN")
	}
	f.IBAN.SetText(testIBAN(t, "856"))
	if d, ok := f.Document(); !ok || d.Bank.BankName != "Bank CenterCredit" {
		t.Fatalf("bank details %+v %v", d.Bank, ok)
	}
	f.SelectTab(1)
	if f.Type() != api.AppAdditionalDetails || !f.Next.Disabled() {
		t.Fatalf("details tab: %s, next disabled %v", f.Type(), f.Next.Disabled())
	}
	test.Type(f.Phone, "+7 123")
	if !f.PhoneError.Visible() || !f.Next.Disabled() {
		t.Fatalf("bad phone: %q", f.PhoneError.Text)
	}
	f.Phone.SetText("+7 701 234 56 99")
	test.Type(f.Email, "not-an-email")
	if !f.EmailError.Visible() || !f.Next.Disabled() || f.PhoneError.Visible() {
		t.Fatalf("bad e-mail: %q / phone %q", f.EmailError.Text, f.PhoneError.Text)
	}
	f.Email.SetText("")
	d, ok := f.Document()
	if !ok || d.Details.Phone != "77012345699" || d.Details.Email != "" || f.Next.Disabled() {
		t.Fatalf("details %+v %v", d.Details, ok)
	}
	// The address bound is the service's (api.MaxAddressLen), and the
	// message names it.
	f.Address.SetText(strings.Repeat("а", api.MaxAddressLen))
	if _, ok := f.Document(); !ok || f.AddressError.Visible() {
		t.Fatalf("an address of %d letters refused: %q", api.MaxAddressLen, f.AddressError.Text)
	}
	f.Address.SetText(strings.Repeat("а", api.MaxAddressLen+1))
	if _, ok := f.Document(); ok || !f.AddressError.Visible() || !strings.Contains(f.AddressError.Text, strconv.Itoa(api.MaxAddressLen)) {
		t.Fatalf("an address of %d letters: ok %v, error %q", api.MaxAddressLen+1, ok, f.AddressError.Text)
	}
}

func TestPortfolioAndCancelForms(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	f := NewApplicationForm(ServicePortfolio)
	test.NewTempWindow(t, f.Content())
	f.SetOptions(demoOptions())
	if len(f.Manager.Options) != 2 || !strings.Contains(f.Manager.Options[0], "12,34") || !strings.Contains(f.Current.Text, "Национальный Банк") {
		t.Fatalf("managers %q, current %q", f.Manager.Options, f.Current.Text)
	}
	if !f.Next.Disabled() {
		t.Fatal("no manager chosen but «Далее» enabled")
	}
	f.SelectManager("m2")
	f.Share.SetText("150")
	if !f.ShareError.Visible() || !f.Next.Disabled() {
		t.Fatalf("share 150: %q", f.ShareError.Text)
	}
	f.Share.SetText("30")
	if d, ok := f.Document(); !ok || *d.Portfolio != (api.PortfolioChoice{ManagerID: "m2", SharePercent: 30}) {
		t.Fatalf("portfolio %+v", d.Portfolio)
	}
	f.SetNationalBank(true)
	if f.Manager.Visible() {
		t.Error("manager choice shown for the National Bank")
	}
	if d, ok := f.Document(); !ok || d.Portfolio.ManagerID != api.ManagerNationalBank {
		t.Fatalf("return to NB %+v", d.Portfolio)
	}

	c := NewApplicationForm(ServiceCancelTransfer)
	test.NewTempWindow(t, c.Content())
	c.SetOptions(api.ApplicationOptions{})
	if !c.Nothing.Visible() || !c.Next.Disabled() {
		t.Fatal("nothing to cancel not said")
	}
	c.SetOptions(demoOptions())
	if c.Nothing.Visible() || len(c.Target.Options) != 1 || !strings.Contains(c.Target.Options[0], "Alpha Invest") {
		t.Fatalf("targets %q", c.Target.Options)
	}
	c.SetTarget("p1")
	if d, ok := c.Document(); !ok || d.Cancel.ApplicationID != "p1" {
		t.Fatalf("cancel %+v %v", d.Cancel, ok)
	}
}

func TestReviewShowsTheValues(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	r := NewApplicationReview()
	test.NewTempWindow(t, r.Content())
	iban := testIBAN(t, "722")
	doc := api.Document{Version: 1, Type: api.AppPensionPayment, IIN: "921102400233", FullName: "Нурланова Асель Маратовна",
		CreatedAt: time.Date(2026, 11, 23, 11, 30, 0, 0, FundZone),
		Payment:   &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: iban}}
	r.SetDocument(doc, DocNames{})
	lines := strings.Join(r.LineTexts(), "\n")
	for _, want := range []string{"Пенсионная выплата", "Нурланова Асель Маратовна", "921102400233", "23.11.2026 11:30",
		"Обязательные пенсионные взносы (ОПВ)", "по инвалидности", iban[:4] + " " + iban[4:8], "Kaspi Bank"} {
		if !strings.Contains(lines, want) {
			t.Errorf("review lacks %q:\n%s", want, lines)
		}
	}
	if r.Submit.Text != "Подписать и отправить" {
		t.Errorf("button %q", r.Submit.Text)
	}
	signed, back := 0, 0
	r.OnSign = func() { signed++ }
	r.OnBack = func() { back++ }
	test.Tap(r.Submit)
	test.Tap(r.Back)
	if signed != 1 || back != 1 {
		t.Errorf("taps %d %d", signed, back)
	}
	r.SetDocument(api.Document{Type: api.AppPortfolioManager, Portfolio: &api.PortfolioChoice{ManagerID: "m1", SharePercent: 25}},
		DocNames{Managers: map[string]string{"m1": "Alpha Invest"}})
	if l := strings.Join(r.LineTexts(), "\n"); !strings.Contains(l, "Alpha Invest") || !strings.Contains(l, "25") {
		t.Errorf("portfolio review %s", l)
	}
}

func TestTimelineInOrderWithReason(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	d := NewApplicationDetail()
	test.NewTempWindow(t, d.Content())
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, FundZone)
	a := api.Application{ID: "a1", Number: "Z-20261123-000042", Type: api.AppPensionPayment, Status: api.StatusRejected, CreatedAt: t0,
		Document: api.Document{Type: api.AppPensionPayment, Payment: &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability}},
		History: []api.StatusChange{
			{Status: api.StatusSubmitted, At: t0, Actor: api.ActorDepositor},
			{Status: api.StatusAccepted, At: t0.Add(time.Minute), Actor: api.ActorBackOffice},
			{Status: api.StatusProcessing, At: t0.Add(time.Hour), Actor: api.ActorStaff, ActorName: "Кузнецова О. В."},
			{Status: api.StatusRejected, At: t0.Add(2 * time.Hour), Actor: api.ActorBackOffice, ReasonCode: api.ReasonEmptyAccount},
		}}
	d.SetApplication(a, DocNames{})
	e := d.TimelineEntries()
	if len(e) != 4 {
		t.Fatalf("%d entries", len(e))
	}
	want := []TimelineEntry{
		{"Подано", "23.11.2026 09:00", "Вкладчик", ""},
		{"Принято", "23.11.2026 09:01", "Бэк-офис фонда", ""},
		{"На рассмотрении", "23.11.2026 10:00", "Сотрудник: Кузнецова О. В.", ""},
		{"Отклонено", "23.11.2026 11:00", "Бэк-офис фонда", "на счёте нет накоплений"},
	}
	if !slices.Equal(e, want) {
		t.Fatalf("timeline\n%+v\nwant\n%+v", e, want)
	}
	if len(d.Timeline.Objects) != 4 || !strings.Contains(d.Current.Text, "Отклонено") || !strings.Contains(d.Number.Text, "Z-20261123-000042") {
		t.Errorf("shown: %d rows, %q, %q", len(d.Timeline.Objects), d.Current.Text, d.Number.Text)
	}
	if d.Cancel.Visible() {
		t.Error("«Отменить» on a payment")
	}
	a.Cancelable, a.Type = true, api.AppPortfolioManager
	var canceled string
	d.OnCancel = func(x api.Application) { canceled = x.ID }
	d.SetApplication(a, DocNames{})
	test.Tap(d.Cancel)
	if !d.Cancel.Visible() || canceled != "a1" {
		t.Errorf("cancel visible %v, canceled %q", d.Cancel.Visible(), canceled)
	}
	// A free-text reason of an employee is shown as written.
	if got := RejectionText("", "Документы не приложены"); got != "Документы не приложены" {
		t.Errorf("free text %q", got)
	}
}

func TestApplicationsListAndNotifications(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	s := NewApplications()
	test.NewTempWindow(t, s.Content())
	var opened string
	s.OnOpen = func(a api.Application) { opened = a.ID }
	s.SetApplications([]api.Application{{ID: "a1", Number: "Z-1", Type: api.AppBankDetails, Status: api.StatusAccepted,
		CreatedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, FundZone)}})
	if r := s.RowTexts(0); r != [4]string{"Изменение банковских реквизитов", "№ Z-1", "23.11.2026", "Принято"} {
		t.Errorf("row %q", r)
	}
	s.List.Select(0)
	if opened != "a1" {
		t.Errorf("opened %q", opened)
	}

	n := NewNotifications()
	test.NewTempWindow(t, n.Content())
	var openedN int64
	n.OnOpen = func(x api.Notification) { openedN = x.ID }
	n.SetNotifications([]api.Notification{
		{ID: 2, Number: "Z-1", AppType: api.AppBankDetails, Status: api.StatusRejected, Reason: "Счёт закрыт"},
		{ID: 1, Number: "Z-1", AppType: api.AppBankDetails, Status: api.StatusAccepted, Read: true},
	})
	if got := NotificationText(n.Items()[0]); !strings.Contains(got, "Z-1") || !strings.Contains(got, "Отклонено") || !strings.Contains(got, "Счёт закрыт") {
		t.Errorf("text %q", got)
	}
	if n.MarkAll.Disabled() {
		t.Error("«mark all» disabled with an unread one")
	}
	n.List.Select(0)
	if openedN != 2 {
		t.Errorf("opened %d", openedN)
	}
	n.MarkRead()
	if !n.Items()[0].Read || !n.MarkAll.Disabled() {
		t.Error("not marked read")
	}

	c := NewCabinet()
	c.SetUnread(3)
	if c.Menu[ServiceNotifications].Text != "Уведомления (3)" {
		t.Errorf("menu %q", c.Menu[ServiceNotifications].Text)
	}
	c.SetBanner("notify.banner", map[string]any{"Number": "Z-1", "Status": AppStatusText(api.StatusAccepted)})
	opens := 0
	c.OnBanner = func() { opens++ }
	if !c.BannerVisible() || !strings.Contains(c.BannerText.Text, "Z-1") {
		t.Fatalf("banner %q", c.BannerText.Text)
	}
	test.Tap(c.BannerOpen)
	if opens != 1 || c.BannerVisible() {
		t.Errorf("banner open %d visible %v", opens, c.BannerVisible())
	}
}

// renderedTexts are the texts of every label drawn under o.
func renderedTexts(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// The document on the status page and the review is drawn anew in the
// language chosen: no value of the language before stays on screen (a
// refilled widget.Form kept its first rows' old labels).
func TestDocumentFollowsTheLanguage(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	doc := api.Document{Version: 1, Type: api.AppPensionPayment, IIN: "921102400233", FullName: "Нурланова Асель Маратовна",
		CreatedAt: time.Date(2026, 11, 23, 11, 30, 0, 0, FundZone),
		Payment:   &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "601")}}
	d := NewApplicationDetail()
	test.NewTempWindow(t, d.Content())
	d.SetApplication(api.Application{ID: "a1", Number: "Z-1", Type: doc.Type, Status: api.StatusSubmitted, Document: doc}, DocNames{})
	r := NewApplicationReview()
	test.NewTempWindow(t, r.Content())
	r.SetDocument(doc, DocNames{})
	for _, o := range []fyne.CanvasObject{d.Content(), r.Content()} {
		if s := renderedTexts(o); !strings.Contains(s, "Пенсионная выплата") || !strings.Contains(s, "по инвалидности") {
			t.Fatalf("ru:\n%s", s)
		}
	}
	lang.Set("kk")
	d.Retranslate()
	r.Retranslate()
	for _, o := range []fyne.CanvasObject{d.Content(), r.Content()} {
		s := renderedTexts(o)
		if strings.Contains(s, "Пенсионная выплата") || strings.Contains(s, "по инвалидности") ||
			!strings.Contains(s, "Зейнетақы төлемі") || !strings.Contains(s, "мүгедектігі бойынша") {
			t.Errorf("kk:\n%s", s)
		}
	}
}
