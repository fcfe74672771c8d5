package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

// StaffContacts is the workstation page «Подтверждение контактов»: the
// memo's «подтвердить реквизит в отделении». The employee types the
// depositor's IIN (checked as typed), finds him, sees his card with the
// contacts in full, types the phone and/or e-mail the person confirms and,
// having checked the identity document, confirms them.
type StaffContacts struct {
	Title   *widget.Label
	Intro   *widget.Label
	IIN     *Entry
	IINHint *widget.Label
	Find    *Button

	Card       *fyne.Container // hidden until a depositor is found
	CardTitle  *widget.Label
	Name       *widget.Label
	BirthDate  *widget.Label
	Phone      *widget.Label
	Email      *widget.Label
	Registered *widget.Label
	Confirmed  *widget.Label

	NewPhone    *Entry
	NewEmail    *Entry
	ContactHint *widget.Label
	Confirm     *Button

	Message  *widget.Label
	Progress *widget.ProgressBarInfinite

	// OnFind looks a depositor up by IIN.
	OnFind func(iin string)
	// OnConfirm confirms the contacts of dep (the app asks first).
	OnConfirm func(dep api.StaffDepositor, req api.ContactConfirmRequest)

	dep      *api.StaffDepositor
	busy     bool
	msgKey   string
	msgData  map[string]any
	cardForm *widget.Form
	newForm  *widget.Form
	content  fyne.CanvasObject
}

// NewStaffContacts builds the page with an empty IIN.
func NewStaffContacts() *StaffContacts {
	p := &StaffContacts{}
	p.Title = heading()
	p.Intro = valueLabel()
	p.IIN = NewEntry()
	p.IIN.Validator = nil
	p.IIN.OnChanged = func(string) {
		if p.dep != nil && p.dep.IIN != strings.TrimSpace(p.IIN.Text) {
			p.ClearDepositor() // never confirm for a person not shown
		}
		p.validateIIN()
	}
	p.IIN.OnSubmitted = func(string) { p.find() }
	p.IINHint = widget.NewLabel("") // one line: a wrapping label reserves blank lines here
	p.IINHint.Hide()
	p.Find = NewButtonWithIcon("", theme.SearchIcon(), p.find)
	p.Find.Importance = widget.HighImportance
	p.Find.Disable()

	p.CardTitle = heading()
	p.Name = valueLabel()
	p.BirthDate = valueLabel()
	p.Phone = valueLabel()
	p.Email = valueLabel()
	p.Registered = valueLabel()
	p.Confirmed = valueLabel()
	p.cardForm = widget.NewForm()
	p.NewPhone = NewEntry()
	p.NewPhone.OnChanged = func(string) { p.validateContacts() }
	p.NewEmail = NewEntry()
	p.NewEmail.OnChanged = func(string) { p.validateContacts() }
	p.newForm = widget.NewForm()
	p.ContactHint = valueLabel()
	p.ContactHint.Importance = widget.DangerImportance
	p.ContactHint.Hide()
	p.Confirm = NewButtonWithIcon("", theme.ConfirmIcon(), p.confirm)
	// Enter in a contact field confirms as the button does (the app asks first).
	p.NewPhone.OnSubmitted = func(string) { p.confirm() }
	p.NewEmail.OnSubmitted = func(string) { p.confirm() }
	p.Confirm.Importance = widget.HighImportance
	p.Confirm.Disable()
	p.Card = container.NewStack(widget.NewCard("", "", container.NewVBox(
		p.CardTitle, p.cardForm, widget.NewSeparator(), p.newForm, p.ContactHint, container.NewHBox(p.Confirm))))
	p.Card.Hide()

	p.Message = valueLabel()
	p.Message.Hide()
	p.Progress = newProgress()

	find := container.NewBorder(nil, nil, nil, p.Find, p.IIN)
	p.content = newPageScroll(container.NewPadded(container.NewVBox(
		p.Title, p.Intro,
		widget.NewCard("", "", container.NewVBox(find, p.IINHint, p.Progress, p.Message)),
		p.Card,
	)))
	p.Retranslate()
	return p
}

// Content is the page's root object.
func (p *StaffContacts) Content() fyne.CanvasObject { return p.content }

// Depositor is the depositor shown, if any.
func (p *StaffContacts) Depositor() (api.StaffDepositor, bool) {
	if p.dep == nil {
		return api.StaffDepositor{}, false
	}
	return *p.dep, true
}

// validateIIN updates the hint under the IIN field and «Найти»: while
// fewer than 12 digits are typed only wrong characters are reported.
func (p *StaffContacts) validateIIN() bool {
	s := strings.TrimSpace(p.IIN.Text)
	key := IINMessageKey(s)
	switch {
	case key == "":
		p.IINHint.Importance = widget.SuccessImportance
		p.IINHint.SetText("✓ " + lang.L("iin.ok"))
		p.IINHint.Show()
	case s == "":
		p.IINHint.SetText("")
		p.IINHint.Hide()
	case key == "iin.error.length" && len(s) < 12:
		p.IINHint.Importance = widget.LowImportance
		p.IINHint.SetText(lang.L("iin.typing", map[string]any{"N": 12 - len(s)}))
		p.IINHint.Show()
	default:
		p.IINHint.Importance = widget.DangerImportance
		p.IINHint.SetText(lang.L(key))
		p.IINHint.Show()
	}
	p.IINHint.Refresh()
	if key == "" && !p.busy {
		p.Find.Enable()
	} else {
		p.Find.Disable()
	}
	return key == ""
}

func (p *StaffContacts) find() {
	if p.busy || !p.validateIIN() {
		return
	}
	p.Tell(Message{})
	if p.OnFind != nil {
		p.OnFind(strings.TrimSpace(p.IIN.Text))
	}
}

// SetDepositor shows the depositor's card and prefills the contacts to
// confirm with those on record.
func (p *StaffContacts) SetDepositor(d api.StaffDepositor) {
	if d.IIN != strings.TrimSpace(p.IIN.Text) {
		return // an answer for an IIN changed meanwhile
	}
	p.dep = &d
	p.NewPhone.SetText(displayPhone(d.Phone))
	p.NewEmail.SetText(d.Email)
	p.Card.Show()
	p.retranslateCard()
	p.validateContacts()
}

// ClearDepositor hides the card.
func (p *StaffContacts) ClearDepositor() {
	p.dep = nil
	p.Card.Hide()
	p.Confirm.Disable()
}

// contactsRequest is what to confirm, or the key of the first problem.
func (p *StaffContacts) contactsRequest() (api.ContactConfirmRequest, string) {
	var req api.ContactConfirmRequest
	phone, email := strings.TrimSpace(p.NewPhone.Text), strings.TrimSpace(p.NewEmail.Text)
	if phone == "" && email == "" {
		return req, "staff.contacts.need_one"
	}
	if phone != "" {
		ph, err := kz.ParsePhone(phone)
		if err != nil {
			return req, phoneErrorKey(err)
		}
		req.Phone = ph.String()
	}
	if email != "" {
		e, err := kz.ParseEmail(email)
		if err != nil {
			return req, "email.error"
		}
		req.Email = e
	}
	return req, ""
}

func (p *StaffContacts) validateContacts() {
	_, key := p.contactsRequest()
	if key != "" && p.dep != nil {
		p.ContactHint.SetText(lang.L(key))
		p.ContactHint.Show()
	} else {
		p.ContactHint.Hide()
	}
	if key == "" && p.dep != nil && !p.busy {
		p.Confirm.Enable()
	} else {
		p.Confirm.Disable()
	}
}

func (p *StaffContacts) confirm() {
	req, key := p.contactsRequest()
	if p.busy || p.dep == nil || key != "" {
		return
	}
	p.Tell(Message{})
	if p.OnConfirm != nil {
		p.OnConfirm(*p.dep, req)
	}
}

// ContactsText lists what req confirms, for the confirmation question.
func ContactsText(req api.ContactConfirmRequest) string {
	var parts []string
	if req.Phone != "" {
		parts = append(parts, strings.ReplaceAll(displayPhone(req.Phone), " ", "\u00a0")) // kept on one line
	}
	if req.Email != "" {
		parts = append(parts, req.Email)
	}
	return strings.Join(parts, ", ")
}

// SetBusy disables the buttons during a call.
func (p *StaffContacts) SetBusy(b bool) {
	p.busy = b
	showProgress(p.Progress, b)
	p.validateIIN()
	p.validateContacts()
}

func (p *StaffContacts) retranslateCard() {
	d := p.dep
	if d == nil {
		return
	}
	p.CardTitle.SetText(lang.L("staff.contacts.card"))
	p.Name.SetText(orDash(d.FullName))
	p.BirthDate.SetText(orDash(FormatDate(d.BirthDate)))
	p.Phone.SetText(orText(displayPhone(d.Phone), lang.L("staff.contacts.none")))
	p.Email.SetText(orText(d.Email, lang.L("staff.contacts.none")))
	if d.Registered {
		p.Registered.SetText(lang.L("staff.contacts.registered.yes"))
	} else {
		p.Registered.SetText(lang.L("staff.contacts.registered.no"))
	}
	if d.ContactsConfirmedAt != nil {
		p.Confirmed.SetText(FormatTime(*d.ContactsConfirmedAt, true))
	} else {
		p.Confirmed.SetText(lang.L("staff.contacts.confirmed.never"))
	}
}

// Retranslate sets every text in the current language.
func (p *StaffContacts) Retranslate() {
	p.Title.SetText(lang.L("staff.contacts.title"))
	p.Intro.SetText(lang.L("staff.contacts.intro"))
	p.IIN.SetPlaceHolder(lang.L("staff.contacts.iin"))
	p.Find.SetText(lang.L("staff.contacts.find"))
	p.cardForm.Items = []*widget.FormItem{
		{Text: lang.L("staff.contacts.name"), Widget: p.Name},
		{Text: lang.L("staff.contacts.birth_date"), Widget: p.BirthDate},
		{Text: lang.L("staff.contacts.phone"), Widget: p.Phone},
		{Text: lang.L("staff.contacts.email"), Widget: p.Email},
		{Text: lang.L("staff.contacts.registered"), Widget: p.Registered},
		{Text: lang.L("staff.contacts.confirmed"), Widget: p.Confirmed},
	}
	p.cardForm.Refresh()
	p.newForm.Items = []*widget.FormItem{
		{Text: lang.L("staff.contacts.new_phone"), Widget: p.NewPhone},
		{Text: lang.L("staff.contacts.new_email"), Widget: p.NewEmail},
	}
	p.newForm.Refresh()
	p.NewPhone.SetPlaceHolder("+7 701 234 56 00")
	p.NewEmail.SetPlaceHolder("name@mail.kz")
	p.Confirm.SetText(lang.L("staff.contacts.confirm"))
	p.retranslateCard()
	p.validateIIN()
	p.validateContacts()
	if p.msgKey != "" {
		p.Message.SetText(lang.L(p.msgKey, p.msgData))
	}
}

// Tell shows m (an error in red); the zero Message hides the line.
func (p *StaffContacts) Tell(m Message) {
	if m.Key == "" {
		p.msgKey = ""
		p.Message.Hide()
		return
	}
	p.msgKey, p.msgData = m.Key, m.dataMap()
	p.Message.Importance = widget.SuccessImportance
	if m.Error {
		p.Message.Importance = widget.DangerImportance
	}
	p.Message.SetText(lang.L(m.Key, p.msgData))
	p.Message.Show()
}
