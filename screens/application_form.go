package screens

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

// ApplicationForm is the first step of an application: the fields of one
// type, validated as the user types. ServicePayment shows the payment
// choices (the ones not open to this depositor disabled, with the reason)
// and the IBAN; ServiceDetails two tabs, bank details and additional
// details; ServicePortfolio the manager or the return to the National
// Bank and the share; ServiceCancelTransfer the applications that may
// still be canceled. «Далее» is enabled only for a valid form.
type ApplicationForm struct {
	Service string
	Title   *widget.Label
	Intro   *widget.Label

	// Payment: one choice per payment option (disabled when not
	// eligible) with its reason under it; choosing one unchooses the
	// others. Their labels wrap.
	PaymentLabel   *widget.Label
	PaymentChoices []*Choice
	PaymentReasons []*widget.Label

	IBANLabel   *widget.Label
	IBAN        *Entry
	IBANError   *widget.Label
	BankName    *widget.Label
	CurrentIBAN *widget.Label

	// Details: bank details or additional details.
	Tabs         *container.AppTabs
	AddressLabel *widget.Label
	Address      *Entry
	AddressError *widget.Label
	PhoneLabel   *widget.Label
	Phone        *Entry
	PhoneError   *widget.Label
	EmailLabel   *widget.Label
	Email        *Entry
	EmailError   *widget.Label
	DetailsHint  *widget.Label

	// Portfolio.
	Current      *widget.Label
	Mode         *ChoiceGroup
	ManagerLabel *widget.Label
	Manager      *Select
	ShareLabel   *widget.Label
	Share        *Entry
	ShareError   *widget.Label

	// Cancel transfer.
	TargetLabel *widget.Label
	Target      *ChoiceGroup
	Nothing     *widget.Label

	Next     *Button
	Status   *widget.Label
	Progress *widget.ProgressBarInfinite

	// OnNext gets the valid document's type and content (app adds the
	// depositor and the date).
	OnNext func(doc api.Document)

	opts       api.ApplicationOptions
	loaded     bool
	busy       bool
	payment    int           // index of the chosen payment option, -1 none
	managers   []api.Manager // the choice, National Bank left out
	targets    []api.Application
	target     string
	status     message
	touched    map[fyne.CanvasObject]bool
	content    fyne.CanvasObject
	paymentBox *fyne.Container
}

// NewApplicationForm builds the form of the menu entry service (one of
// ServicePayment, ServiceDetails, ServicePortfolio, ServiceCancelTransfer).
func NewApplicationForm(service string) *ApplicationForm {
	f := &ApplicationForm{Service: service, payment: -1, touched: map[fyne.CanvasObject]bool{}}
	f.Title = heading()
	f.Intro = widget.NewLabel("")
	f.Intro.Wrapping = fyne.TextWrapWord
	onChange := func(o fyne.CanvasObject) func(string) {
		return func(string) { f.touched[o] = true; f.validate() }
	}
	f.PaymentLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.paymentBox = container.NewVBox()
	f.IBANLabel = widget.NewLabel("")
	f.IBAN = NewEntry()
	f.IBAN.OnChanged = onChange(f.IBAN)
	f.IBANError = newErrorLabel()
	f.BankName = widget.NewLabel("")
	f.BankName.Importance = widget.SuccessImportance
	f.BankName.Hide()
	f.CurrentIBAN = widget.NewLabel("")
	f.CurrentIBAN.Importance = widget.LowImportance
	f.CurrentIBAN.Hide()
	f.AddressLabel = widget.NewLabel("")
	f.Address = NewMultiLineEntry()
	f.Address.Wrapping = fyne.TextWrapWord
	f.Address.SetMinRowsVisible(2)
	f.Address.OnChanged = onChange(f.Address)
	f.AddressError = newErrorLabel()
	f.PhoneLabel = widget.NewLabel("")
	f.Phone = NewEntry()
	f.Phone.OnChanged = onChange(f.Phone)
	f.PhoneError = newErrorLabel()
	f.EmailLabel = widget.NewLabel("")
	f.Email = NewEntry()
	f.Email.OnChanged = onChange(f.Email)
	f.EmailError = newErrorLabel()
	f.DetailsHint = widget.NewLabel("")
	f.DetailsHint.Wrapping = fyne.TextWrapWord
	f.DetailsHint.Importance = widget.LowImportance
	f.Current = widget.NewLabel("")
	f.Current.Wrapping = fyne.TextWrapWord
	f.Mode = NewChoiceGroup([]string{"", ""}, func(string) { f.modeChanged() })
	f.ManagerLabel = widget.NewLabel("")
	f.Manager = NewSelect(nil, func(string) { f.validate() })
	f.ShareLabel = widget.NewLabel("")
	f.Share = NewEntry()
	f.Share.OnChanged = onChange(f.Share)
	f.ShareError = newErrorLabel()
	f.TargetLabel = widget.NewLabel("")
	f.Target = NewChoiceGroup(nil, func(string) { f.targetChanged() })
	f.Nothing = widget.NewLabel("")
	f.Nothing.Wrapping = fyne.TextWrapWord
	f.Nothing.Importance = widget.WarningImportance
	f.Nothing.Hide()
	f.Next = NewButtonWithIcon("", theme.NavigateNextIcon(), f.next)
	// Enter in a one-line field goes on as «Далее» does (the address is
	// several lines: Enter there is a new line).
	for _, e := range []*Entry{f.IBAN, f.Phone, f.Email, f.Share} {
		e.OnSubmitted = func(string) { f.next() }
	}
	f.Next.Importance = widget.HighImportance
	f.Next.IconPlacement = widget.ButtonIconTrailingText
	f.Next.Disable()
	f.Status = newErrorLabel()
	f.status.label = f.Status
	f.Progress = newProgress()

	ibanBox := container.NewVBox(f.IBANLabel, f.IBAN, f.IBANError, f.BankName, f.CurrentIBAN)
	var body fyne.CanvasObject
	switch service {
	case ServicePayment:
		body = container.NewVBox(f.PaymentLabel, f.paymentBox, widget.NewSeparator(), ibanBox)
	case ServiceDetails:
		details := container.NewVBox(f.DetailsHint,
			f.AddressLabel, f.Address, f.AddressError,
			f.PhoneLabel, f.Phone, f.PhoneError,
			f.EmailLabel, f.Email, f.EmailError)
		f.Tabs = container.NewAppTabs(
			container.NewTabItem("", container.NewPadded(ibanBox)),
			container.NewTabItem("", container.NewPadded(details)))
		f.Tabs.OnSelected = func(*container.TabItem) { f.Tell(Message{}); f.validate() }
		body = f.Tabs
	case ServicePortfolio:
		body = container.NewVBox(f.Current, f.Mode,
			f.ManagerLabel, f.Manager, f.ShareLabel, f.Share, f.ShareError)
	case ServiceCancelTransfer:
		body = container.NewVBox(f.TargetLabel, f.Target, f.Nothing)
	default:
		body = widget.NewLabel(service)
	}
	page := container.NewVBox(f.Title, f.Intro, widget.NewCard("", "", body),
		f.Progress, f.Status, container.NewHBox(f.Next))
	f.content = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 720}, page)))
	f.Retranslate()
	f.Mode.SetSelected(f.Mode.Options[0])
	f.Share.SetText("100")
	f.touched = map[fyne.CanvasObject]bool{}
	f.validate()
	return f
}

// Content is the form's object.
func (f *ApplicationForm) Content() fyne.CanvasObject { return f.content }

// Type is the application type the form makes now.
func (f *ApplicationForm) Type() string {
	switch f.Service {
	case ServicePayment:
		return api.AppPensionPayment
	case ServiceDetails:
		if f.Tabs != nil && f.Tabs.SelectedIndex() == 1 {
			return api.AppAdditionalDetails
		}
		return api.AppBankDetails
	case ServicePortfolio:
		return api.AppPortfolioManager
	case ServiceCancelTransfer:
		return api.AppCancelTransfer
	}
	return ""
}

// SelectTab shows bank details (0) or additional details (1).
func (f *ApplicationForm) SelectTab(i int) {
	if f.Tabs != nil {
		f.Tabs.SelectIndex(i)
	}
}

// SetOptions fills the choices from the service's options; what the user
// typed stays.
func (f *ApplicationForm) SetOptions(o api.ApplicationOptions) {
	f.opts, f.loaded = o, true
	if f.Service == ServicePayment && f.IBAN.Text == "" && o.BankIBAN != "" {
		f.IBAN.SetText(FormatIBAN(o.BankIBAN))
	}
	f.managers = f.managers[:0]
	for _, m := range o.Managers {
		if !m.NationalBank && m.ID != api.ManagerNationalBank {
			f.managers = append(f.managers, m)
		}
	}
	f.targets = o.Cancelable
	f.buildPayments()
	f.Retranslate()
	f.validate()
}

// SetTarget preselects the application to cancel (from the status page).
func (f *ApplicationForm) SetTarget(id string) {
	f.target = id
	f.fillTargets()
	f.validate()
}

func (f *ApplicationForm) buildPayments() {
	f.paymentBox.Objects = nil
	f.PaymentChoices, f.PaymentReasons = nil, nil
	for i, o := range f.opts.Payments {
		i := i
		rg := NewChoice("", func(on bool) {
			if !on {
				if f.payment == i {
					f.payment = -1
				}
			} else {
				f.payment = i
				for j, other := range f.PaymentChoices {
					if j != i && other.Selected {
						other.SetSelected(false)
					}
				}
			}
			f.validate()
		})
		reason := widget.NewLabel("")
		reason.Wrapping = fyne.TextWrapWord
		if o.Eligible {
			reason.Importance = widget.LowImportance
		} else {
			rg.Disable()
			reason.Importance = widget.WarningImportance
		}
		f.PaymentChoices = append(f.PaymentChoices, rg)
		f.PaymentReasons = append(f.PaymentReasons, reason)
		f.paymentBox.Add(container.NewVBox(rg, container.NewPadded(reason)))
	}
	if f.payment >= len(f.opts.Payments) {
		f.payment = -1
	}
	f.paymentBox.Refresh()
}

// SelectPayment chooses payment option i (tests; the user taps the radio).
func (f *ApplicationForm) SelectPayment(i int) {
	if i >= 0 && i < len(f.PaymentChoices) && !f.PaymentChoices[i].Disabled() {
		f.PaymentChoices[i].SetSelected(true)
	}
}

// SelectedPayment is the chosen payment option (ok false when none).
func (f *ApplicationForm) SelectedPayment() (api.PaymentOption, bool) {
	if f.payment < 0 || f.payment >= len(f.opts.Payments) {
		return api.PaymentOption{}, false
	}
	return f.opts.Payments[f.payment], true
}

func (f *ApplicationForm) modeChanged() {
	if f.nationalBank() {
		f.ManagerLabel.Hide()
		f.Manager.Hide()
	} else {
		f.ManagerLabel.Show()
		f.Manager.Show()
	}
	f.validate()
}

func (f *ApplicationForm) nationalBank() bool {
	return len(f.Mode.Options) > 1 && f.Mode.Selected == f.Mode.Options[1]
}

// SetNationalBank chooses «вернуть в управление Национальному Банку» (or
// a private manager with false).
func (f *ApplicationForm) SetNationalBank(on bool) {
	i := 0
	if on {
		i = 1
	}
	f.Mode.SetSelected(f.Mode.Options[i])
}

func (f *ApplicationForm) targetChanged() {
	f.target = ""
	for i, opt := range f.Target.Options {
		if opt == f.Target.Selected && i < len(f.targets) {
			f.target = f.targets[i].ID
		}
	}
	f.validate()
}

func (f *ApplicationForm) fillTargets() {
	opts := make([]string, len(f.targets))
	sel := ""
	for i, a := range f.targets {
		opts[i] = TargetText(a, DocNames{Managers: f.managerNames()})
		if a.ID == f.target {
			sel = opts[i]
		}
	}
	f.Target.Options = opts
	f.Target.Selected = sel
	f.Target.Refresh()
	f.Nothing.Hidden = !f.loaded || len(f.targets) > 0
	f.Nothing.Refresh()
	f.TargetLabel.Hidden = f.loaded && len(f.targets) == 0
	f.TargetLabel.Refresh()
}

// TargetText describes a cancelable portfolio_manager application.
func TargetText(a api.Application, names DocNames) string {
	s := lang.L("app.cancel.target", map[string]any{"Number": a.Number, "Date": FormatTime(a.CreatedAt, false), "Status": AppStatusText(a.Status)})
	if p := a.Document.Portfolio; p != nil {
		s += " — " + names.manager(p.ManagerID) + fmt.Sprintf(", %d\u00a0%%", p.SharePercent)
	}
	return s
}

func (f *ApplicationForm) managerNames() map[string]string {
	m := map[string]string{}
	for _, x := range f.opts.Managers {
		m[x.ID] = x.Name
	}
	return m
}

// Names resolves the ids of this form's documents.
func (f *ApplicationForm) Names() DocNames {
	apps := map[string]string{}
	for _, a := range f.opts.Cancelable {
		apps[a.ID] = a.Number
	}
	return DocNames{Managers: f.managerNames(), Apps: apps}
}

func (f *ApplicationForm) selectedManager() (api.Manager, bool) {
	i := f.Manager.SelectedIndex()
	if i < 0 || i >= len(f.managers) {
		return api.Manager{}, false
	}
	return f.managers[i], true
}

// SelectManager chooses the manager with id (tests and a retry).
func (f *ApplicationForm) SelectManager(id string) {
	for i, m := range f.managers {
		if m.ID == id {
			f.Manager.SetSelectedIndex(i)
		}
	}
}

// check runs every check of the current type: the document when valid,
// and shows each field's problem (only for fields the user has touched,
// so an empty form is not red all over).
func (f *ApplicationForm) check() (api.Document, bool) {
	doc := api.Document{Version: api.DocumentVersion, Type: f.Type()}
	show := func(l *widget.Label, o fyne.CanvasObject, text string) {
		if text != "" && f.touched[o] {
			l.SetText(text)
			l.Show()
		} else {
			l.Hide()
		}
	}
	ibanOK := func() (string, bool) {
		i, err := kz.ParseIBAN(f.IBAN.Text)
		if err != nil {
			f.BankName.Hide()
			text := IBANErrorText(err)
			if strings.TrimSpace(f.IBAN.Text) == "" && !f.touched[f.IBAN] {
				text = ""
			}
			show(f.IBANError, f.IBAN, text)
			return "", false
		}
		f.IBANError.Hide()
		b, _ := i.Bank()
		f.BankName.SetText(lang.L("app.iban.bank", map[string]any{"Bank": b.Name}))
		f.BankName.Show()
		return i.String(), true
	}
	ok := f.loaded
	switch doc.Type {
	case api.AppPensionPayment:
		iban, good := ibanOK()
		o, chosen := f.SelectedPayment()
		ok = ok && good && chosen && o.Eligible
		doc.Payment = &api.PaymentRequest{Account: o.Account, Basis: o.Basis, IBAN: iban}
	case api.AppBankDetails:
		iban, good := ibanOK()
		ok = ok && good
		doc.Bank = &api.BankDetails{IBAN: iban, BankName: BankOfIBAN(iban)}
	case api.AppAdditionalDetails:
		d := &api.AdditionalDetails{Address: strings.TrimSpace(f.Address.Text)}
		addrErr := ""
		if utf8.RuneCountInString(d.Address) > api.MaxAddressLen {
			addrErr = lang.L("app.validation.address", map[string]any{"N": api.MaxAddressLen})
			ok = false
		}
		show(f.AddressError, f.Address, addrErr)
		phoneErr := ""
		if strings.TrimSpace(f.Phone.Text) != "" {
			p, err := kz.ParsePhone(f.Phone.Text)
			if err != nil {
				phoneErr = lang.L(phoneErrorKey(err))
				ok = false
			} else {
				d.Phone = p.String()
			}
		}
		show(f.PhoneError, f.Phone, phoneErr)
		emailErr := ""
		if strings.TrimSpace(f.Email.Text) != "" {
			e, err := kz.ParseEmail(f.Email.Text)
			if err != nil {
				emailErr = lang.L("email.error")
				ok = false
			} else {
				d.Email = e
			}
		}
		show(f.EmailError, f.Email, emailErr)
		if d.Address == "" && d.Phone == "" && d.Email == "" {
			ok = false
		}
		doc.Details = d
	case api.AppPortfolioManager:
		p := &api.PortfolioChoice{ManagerID: api.ManagerNationalBank}
		if !f.nationalBank() {
			m, chosen := f.selectedManager()
			p.ManagerID = m.ID
			ok = ok && chosen
		}
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Share.Text), "%")))
		shareErr := ""
		if err != nil || n < api.MinSharePercent || n > api.MaxSharePercent {
			shareErr = lang.L("app.validation.share")
			ok = false
		}
		show(f.ShareError, f.Share, shareErr)
		p.SharePercent = n
		doc.Portfolio = p
	case api.AppCancelTransfer:
		ok = ok && f.target != ""
		doc.Cancel = &api.CancelTransfer{ApplicationID: f.target}
	default:
		ok = false
	}
	return doc, ok
}

func (f *ApplicationForm) validate() {
	_, ok := f.check()
	if ok && !f.busy {
		f.Next.Enable()
	} else {
		f.Next.Disable()
	}
}

// Document is the valid document of the form (ok false when invalid).
func (f *ApplicationForm) Document() (api.Document, bool) { return f.check() }

func (f *ApplicationForm) next() {
	for _, o := range []fyne.CanvasObject{f.IBAN, f.Address, f.Phone, f.Email, f.Share} {
		f.touched[o] = true
	}
	doc, ok := f.check()
	if ok && !f.busy && f.OnNext != nil {
		f.Tell(Message{})
		f.OnNext(doc)
	}
}

// SetBusy disables «Далее» while the check runs.
func (f *ApplicationForm) SetBusy(b bool) {
	f.busy = b
	if b {
		f.Tell(Message{})
	}
	showProgress(f.Progress, b)
	f.validate()
}

// Retranslate sets every text in the current language; input stays.
func (f *ApplicationForm) Retranslate() {
	f.Title.SetText(ServiceTitle(f.Service))
	switch f.Service {
	case ServicePayment:
		f.Intro.SetText(lang.L("app.intro.payment"))
	case ServiceDetails:
		f.Intro.SetText(lang.L("app.intro.details"))
	case ServicePortfolio:
		f.Intro.SetText(lang.L("app.intro.portfolio"))
	case ServiceCancelTransfer:
		f.Intro.SetText(lang.L("app.intro.cancel"))
	}
	f.PaymentLabel.SetText(lang.L("app.payment.choose"))
	for i, o := range f.opts.Payments {
		if i >= len(f.PaymentChoices) {
			break
		}
		rg := f.PaymentChoices[i]
		rg.Text = PaymentOptionText(o)
		rg.Selected = i == f.payment
		rg.Refresh()
		if o.Eligible {
			f.PaymentReasons[i].SetText(lang.L("app.payment.balance", map[string]any{"Amount": FormatMoney(o.Balance)}))
		} else {
			f.PaymentReasons[i].SetText(lang.L("app.payment.unavailable", map[string]any{"Reason": NotEligibleText(o.Reason)}))
		}
	}
	f.IBANLabel.SetText(lang.L("app.field.iban") + " *")
	f.IBAN.SetPlaceHolder("KZ00 000A 0000 0000 0000")
	if f.Service == ServiceDetails && f.opts.BankIBAN != "" {
		f.CurrentIBAN.SetText(lang.L("app.iban.current", map[string]any{"IBAN": FormatIBAN(f.opts.BankIBAN), "Bank": orDash(BankOfIBAN(f.opts.BankIBAN))}))
		f.CurrentIBAN.Show()
	}
	if f.Tabs != nil {
		f.Tabs.Items[0].Text = lang.L("app.tab.bank")
		f.Tabs.Items[1].Text = lang.L("app.tab.details")
		f.Tabs.Refresh()
	}
	f.DetailsHint.SetText(lang.L("app.details.hint"))
	f.AddressLabel.SetText(lang.L("app.field.address"))
	f.Address.SetPlaceHolder(orText(f.opts.Address, lang.L("app.address.placeholder")))
	f.PhoneLabel.SetText(lang.L("app.field.phone"))
	f.Phone.SetPlaceHolder("+7 701 234 56 00")
	f.EmailLabel.SetText(lang.L("app.field.email"))
	f.Email.SetPlaceHolder("name@mail.kz")
	f.Current.SetText(f.currentPortfolio())
	mode := 0
	if f.nationalBank() {
		mode = 1
	}
	f.Mode.Options = []string{lang.L("app.portfolio.manager"), lang.L("app.portfolio.return_nbrk")}
	f.Mode.Selected = f.Mode.Options[mode]
	f.Mode.Refresh()
	f.ManagerLabel.SetText(lang.L("app.field.manager") + " *")
	sel := f.Manager.SelectedIndex()
	opts := make([]string, len(f.managers))
	for i, m := range f.managers {
		opts[i] = lang.L("app.manager.option", map[string]any{"Name": m.Name, "Return": FormatReturn(m.ReturnLastYear)})
	}
	f.Manager.Options = opts
	f.Manager.PlaceHolder = lang.L("app.manager.placeholder")
	if sel >= 0 && sel < len(opts) {
		f.Manager.Selected = opts[sel]
	} else {
		f.Manager.Selected = ""
	}
	f.Manager.Refresh()
	f.ShareLabel.SetText(lang.L("app.field.share") + " *")
	f.TargetLabel.SetText(lang.L("app.cancel.choose"))
	f.Nothing.SetText(lang.L("app.reason." + api.ReasonNothingToCancel))
	f.fillTargets()
	f.Next.SetText(lang.L("common.next"))
	f.status.retranslate()
	f.check()
}

func (f *ApplicationForm) currentPortfolio() string {
	if !f.loaded {
		return ""
	}
	names := DocNames{Managers: f.managerNames()}
	var parts []string
	for _, p := range f.opts.Portfolio {
		parts = append(parts, fmt.Sprintf("%s — %d\u00a0%%", names.manager(p.ManagerID), p.SharePercent))
	}
	if len(parts) == 0 {
		parts = []string{names.manager(api.ManagerNationalBank) + " — 100\u00a0%"}
	}
	return lang.L("app.portfolio.current", map[string]any{"List": strings.Join(parts, "; ")})
}

// Tell shows m under the form (the zero Message clears it).
func (f *ApplicationForm) Tell(m Message) { f.status.show(m.Key, m.Data) }
