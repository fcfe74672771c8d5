package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Home is the cabinet's default page: personal information and savings.
type Home struct {
	PersonalTitle *widget.Label
	Name          *widget.Label
	IIN           *widget.Label
	BirthDate     *widget.Label
	Phone         *widget.Label
	Email         *widget.Label
	Disability    *widget.Label
	LastLogin     *widget.Label
	SavingsTitle  *widget.Label
	AsOf          *widget.Label
	Accounts      *fyne.Container // one card per account
	TotalLabel    *widget.Label
	Total         *widget.Label
	Refresh       *Button
	Progress      *widget.ProgressBarInfinite

	OnRefresh func()

	form    *widget.Form
	me      api.Me
	acc     api.Accounts
	hasData bool
	content fyne.CanvasObject
}

// NewHome builds the page (empty until SetData).
func NewHome() *Home {
	h := &Home{}
	h.PersonalTitle = heading()
	h.Name = valueLabel()
	h.IIN = valueLabel()
	h.BirthDate = valueLabel()
	h.Phone = valueLabel()
	h.Email = valueLabel()
	h.Disability = valueLabel()
	h.LastLogin = valueLabel()
	h.SavingsTitle = heading()
	h.AsOf = widget.NewLabel("")
	h.AsOf.Importance = widget.LowImportance
	h.Accounts = container.NewGridWrap(fyne.NewSize(330, 250))
	h.TotalLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.Total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.Total.SizeName = theme.SizeNameSubHeadingText
	h.Refresh = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(h.OnRefresh) })
	h.Progress = newProgress()
	h.form = widget.NewForm()
	personal := container.NewVBox(h.PersonalTitle, h.form)
	savings := container.NewVBox(
		container.NewBorder(nil, nil, nil, h.Refresh, container.NewVBox(h.SavingsTitle, h.AsOf)),
		container.NewHBox(h.TotalLabel, h.Total),
		h.Progress,
		h.Accounts,
	)
	h.content = newPageScroll(container.NewPadded(container.NewVBox(
		widget.NewCard("", "", personal),
		widget.NewCard("", "", savings),
	)))
	h.Retranslate()
	return h
}

func heading() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	// A title wraps between words rather than run under the buttons
	// beside it or widen the page.
	l.Wrapping = fyne.TextWrapWord
	return l
}

func valueLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Content is the page's root object.
func (h *Home) Content() fyne.CanvasObject { return h.content }

// SetBusy shows progress while data loads.
func (h *Home) SetBusy(busy bool) {
	if busy {
		h.Refresh.Disable()
	} else {
		h.Refresh.Enable()
	}
	showProgress(h.Progress, busy)
}

// SetData shows the depositor's information and accounts.
func (h *Home) SetData(me api.Me, acc api.Accounts) {
	h.me, h.acc, h.hasData = me, acc, true
	h.Retranslate()
}

// FullName is "Surname GivenName Patronymic".
func FullName(me api.Me) string {
	return strings.TrimSpace(strings.Join([]string{me.Surname, me.GivenName, me.Patronymic}, " "))
}

// Retranslate sets every text in the current language.
func (h *Home) Retranslate() {
	h.PersonalTitle.SetText(lang.L("home.personal"))
	h.SavingsTitle.SetText(lang.L("home.savings"))
	h.TotalLabel.SetText(lang.L("home.total"))
	h.Refresh.SetText(lang.L("common.refresh"))
	dash := "—"
	me := h.me
	h.Name.SetText(orDash(FullName(me)))
	h.IIN.SetText(orDash(me.IIN))
	h.BirthDate.SetText(orDash(FormatDate(me.BirthDate)))
	h.Phone.SetText(orText(me.PhoneMasked, lang.L("home.none")))
	h.Email.SetText(orText(me.EmailMasked, lang.L("home.none")))
	switch {
	case me.Disability == "":
		h.Disability.SetText(lang.L("home.disability.none"))
	case me.DisabilityForLife:
		h.Disability.SetText(lang.L("home.disability.group_life", map[string]any{"Group": me.Disability}))
	default:
		h.Disability.SetText(lang.L("home.disability.group", map[string]any{"Group": me.Disability}))
	}
	if me.LastLoginAt != nil {
		h.LastLogin.SetText(FormatTimeZoned(*me.LastLoginAt))
	} else {
		h.LastLogin.SetText(lang.L("home.first_login"))
	}
	h.form.Items = []*widget.FormItem{
		{Text: lang.L("home.name"), Widget: h.Name},
		{Text: lang.L("home.iin"), Widget: h.IIN},
		{Text: lang.L("home.birthdate"), Widget: h.BirthDate},
		{Text: lang.L("home.phone"), Widget: h.Phone},
		{Text: lang.L("home.email"), Widget: h.Email},
		{Text: lang.L("home.disability"), Widget: h.Disability},
		{Text: lang.L("home.last_login"), Widget: h.LastLogin},
	}
	h.form.Refresh()
	if !h.hasData {
		h.Total.SetText(dash)
		h.AsOf.SetText("")
		return
	}
	h.AsOf.SetText(lang.L("home.as_of", map[string]any{"Date": FormatDate(h.acc.AsOf)}))
	h.Total.SetText(FormatMoney(h.acc.Total))
	h.Accounts.Objects = nil
	for _, a := range h.acc.Accounts {
		h.Accounts.Add(accountCard(a, me.IIN))
	}
	if len(h.acc.Accounts) == 0 {
		h.Accounts.Add(widget.NewLabel(lang.L("home.no_accounts")))
	}
	h.Accounts.Refresh()
}

// AccountTitle is the translated account type, e.g. «Обязательные
// пенсионные взносы (ОПВ)».
func AccountTitle(t string) string { return lang.L("account." + strings.ToLower(t)) }

func accountCard(a api.Account, ownIIN string) fyne.CanvasObject {
	bal := widget.NewLabelWithStyle(FormatMoney(a.Balance), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bal.SizeName = theme.SizeNameSubHeadingText
	title := widget.NewLabelWithStyle(AccountTitle(a.Type), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	num := widget.NewLabel(lang.L("home.account_number", map[string]any{"Number": a.Number}))
	num.Importance = widget.LowImportance
	rows := container.NewVBox(title, num, bal)
	if lc := a.LastContribution; lc != nil {
		last := widget.NewLabel(lang.L("home.last_contribution", map[string]any{
			"Amount": FormatMoney(lc.Amount), "Date": FormatDate(lc.Date),
		}))
		last.Wrapping = fyne.TextWrapWord
		rows.Add(last)
		if lc.EmployerName != "" {
			key := "home.employer"
			if lc.EmployerBIN == ownIIN {
				// The depositor's own contribution (ДПВ): his IIN, not a BIN.
				key = "home.payer_self"
			}
			emp := widget.NewLabel(lang.L(key, map[string]any{"Name": lc.EmployerName, "BIN": lc.EmployerBIN}))
			emp.Wrapping = fyne.TextWrapWord
			emp.Importance = widget.LowImportance
			rows.Add(emp)
		}
	} else {
		rows.Add(widget.NewLabel(lang.L("home.no_contributions")))
	}
	return widget.NewCard("", "", rows)
}

func orDash(s string) string { return orText(s, "—") }

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
