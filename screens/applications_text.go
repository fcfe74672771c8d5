package screens

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

// Texts shared by the applications pages (form, review, status, the
// notifications): translated types, statuses, actors, reasons and the
// readable lines of a document.

// AppStatuses are the statuses with a translation "app.status.<s>".
var AppStatuses = []string{api.StatusSubmitted, api.StatusAccepted, api.StatusProcessing,
	api.StatusApproved, api.StatusRejected, api.StatusExecuted, api.StatusCanceled}

// AppActors are the actors with a translation "app.actor.<a>".
var AppActors = []string{api.ActorDepositor, api.ActorBackOffice, api.ActorStaff}

// AppBases are the payment bases with a translation "app.basis.<b>".
var AppBases = []string{api.BasisDisability, api.BasisAge50}

// NotEligibleReasons are the not_eligible reasons with a translation
// "app.reason.<r>"; others show "app.reason.other".
var NotEligibleReasons = []string{api.ReasonNoAccount, api.ReasonEmptyAccount, api.ReasonNeedDisability,
	api.ReasonNeedAge50, api.ReasonPaymentPending, api.ReasonManagerPending, api.ReasonNothingToCancel,
	api.ReasonStaffCannotApply}

// ValidationReasons are the validation_failed reasons of applications
// with a translation "app.validation.<r>".
var ValidationReasons = []string{api.ReasonDocumentMalformed, api.ReasonDocumentIIN, api.ReasonDocumentDate,
	api.ReasonAddress, api.ReasonPhone, api.ReasonEmail, api.ReasonNoChange, api.ReasonShare,
	api.ReasonManager, api.ReasonTarget, api.ReasonBasis}

// IBANReasons are the reasons of kz.ParseIBAN with a translation
// "iban.error.<r>".
var IBANReasons = []kz.IBANReason{kz.IBANEmpty, kz.IBANCharacters, kz.IBANCountry, kz.IBANLength,
	kz.IBANChecksum, kz.IBANUnknownBank}

// AppTypeText is the translated name of an application type.
func AppTypeText(t string) string {
	if slices.Contains(api.ApplicationTypes, t) {
		return lang.L("app.type." + t)
	}
	return t
}

// AppStatusLater is the status for the data of a message kept on screen:
// translated each time the message is, so a language switch renames it.
func AppStatusLater(s string) lang.Later { return func() string { return AppStatusText(s) } }

// AppStatusText is the translated status.
func AppStatusText(s string) string {
	if slices.Contains(AppStatuses, s) {
		return lang.L("app.status." + s)
	}
	return s
}

// ActorText says who changed a status: the depositor, the back office or
// the named employee.
func ActorText(ch api.StatusChange) string {
	switch ch.Actor {
	case api.ActorStaff:
		if ch.ActorName != "" {
			return lang.L("app.actor.staff.named", map[string]any{"Name": ch.ActorName})
		}
		return lang.L("app.actor.staff")
	case api.ActorDepositor, api.ActorBackOffice:
		return lang.L("app.actor." + ch.Actor)
	}
	return orDash(ch.ActorName)
}

// NotEligibleText explains why a depositor may not apply.
func NotEligibleText(reason string) string {
	if slices.Contains(NotEligibleReasons, reason) {
		return lang.L("app.reason." + reason)
	}
	return lang.L("app.reason.other")
}

// RejectionText is the reason of a rejection or cancellation: the
// translated rule when ReasonCode is set, the employee's text otherwise
// (both when both are given); "" when none.
func RejectionText(code, text string) string {
	var parts []string
	if code != "" {
		parts = append(parts, NotEligibleText(code))
	}
	if t := strings.TrimSpace(text); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, ". ")
}

// BasisText is the translated payment basis.
func BasisText(b string) string {
	if slices.Contains(AppBases, b) {
		return lang.L("app.basis." + b)
	}
	return b
}

// PaymentOptionText names a payment choice: account and basis.
func PaymentOptionText(o api.PaymentOption) string {
	return lang.L("app.payment.option", map[string]any{"Account": AccountTitle(o.Account), "Basis": BasisText(o.Basis)})
}

// IBANErrorText is the message of a kz.ParseIBAN error.
func IBANErrorText(err error) string {
	var e *kz.IBANError
	if errors.As(err, &e) && slices.Contains(IBANReasons, e.Reason) {
		return lang.L("iban.error." + string(e.Reason))
	}
	return lang.L("iban.error.checksum")
}

// BankOfIBAN is the bank's name for a valid IBAN ("" otherwise).
func BankOfIBAN(s string) string {
	i, err := kz.ParseIBAN(s)
	if err != nil {
		return ""
	}
	if b, ok := i.Bank(); ok {
		return b.Name
	}
	return ""
}

// FormatIBAN groups a valid IBAN by four; other text is returned as is.
func FormatIBAN(s string) string {
	if i, err := kz.ParseIBAN(s); err == nil {
		return i.Format()
	}
	return s
}

// FormatReturn formats a return in basis points: "12,34 %".
func FormatReturn(bp int) string {
	sign := ""
	if bp < 0 {
		sign, bp = "−", -bp
	}
	dec := ","
	if lang.Current() == "en" {
		dec = "."
	}
	return fmt.Sprintf("%s%d%s%02d\u00a0%%", sign, bp/100, dec, bp%100)
}

// DocNames resolves ids a document refers to: portfolio managers (id →
// name) and the depositor's applications (id → number).
type DocNames struct {
	Managers map[string]string
	Apps     map[string]string
}

func (n DocNames) manager(id string) string {
	if id == api.ManagerNationalBank {
		return lang.L("app.portfolio.nbrk")
	}
	if s, ok := n.Managers[id]; ok && s != "" {
		return s
	}
	return id
}

// DocLine is one readable line of a document.
type DocLine struct{ Label, Value string }

// showDocument puts into box a new form of the readable lines of d and
// returns it (formIn: a refilled form showed the first values of before,
// e.g. the type in Russian after a switch to Kazakh).
func showDocument(box *fyne.Container, d api.Document, names DocNames, bold bool) *widget.Form {
	var items []*widget.FormItem
	if d.Type != "" {
		for _, l := range DocumentLines(d, names) {
			v := widget.NewLabel(l.Value)
			v.Wrapping = fyne.TextWrapWord
			v.TextStyle.Bold = bold
			items = append(items, widget.NewFormItem(l.Label, v))
		}
	}
	return formIn(box, items...)
}

// DocumentLines are the readable lines of what the depositor signs.
func DocumentLines(d api.Document, names DocNames) []DocLine {
	lines := []DocLine{
		{lang.L("app.field.type"), AppTypeText(d.Type)},
		{lang.L("app.field.depositor"), orDash(d.FullName)},
		{lang.L("login.iin"), orDash(d.IIN)},
	}
	if !d.CreatedAt.IsZero() {
		lines = append(lines, DocLine{lang.L("app.field.date"), FormatTimeZoned(d.CreatedAt)})
	}
	switch {
	case d.Payment != nil:
		p := d.Payment
		lines = append(lines,
			DocLine{lang.L("app.field.account"), AccountTitle(p.Account)},
			DocLine{lang.L("app.field.basis"), BasisText(p.Basis)},
			DocLine{lang.L("app.field.iban"), FormatIBAN(p.IBAN)},
			DocLine{lang.L("app.field.bank"), orDash(BankOfIBAN(p.IBAN))})
	case d.Bank != nil:
		bank := d.Bank.BankName
		if bank == "" {
			bank = BankOfIBAN(d.Bank.IBAN)
		}
		lines = append(lines,
			DocLine{lang.L("app.field.iban"), FormatIBAN(d.Bank.IBAN)},
			DocLine{lang.L("app.field.bank"), orDash(bank)})
	case d.Details != nil:
		keep := lang.L("app.field.unchanged")
		phone := displayPhone(d.Details.Phone)
		lines = append(lines,
			DocLine{lang.L("app.field.address"), orText(d.Details.Address, keep)},
			DocLine{lang.L("app.field.phone"), orText(phone, keep)},
			DocLine{lang.L("app.field.email"), orText(d.Details.Email, keep)})
	case d.Portfolio != nil:
		lines = append(lines,
			DocLine{lang.L("app.field.manager"), names.manager(d.Portfolio.ManagerID)},
			DocLine{lang.L("app.field.share"), fmt.Sprintf("%d\u00a0%%", d.Portfolio.SharePercent)})
	case d.Cancel != nil:
		target := d.Cancel.ApplicationID
		if n, ok := names.Apps[target]; ok && n != "" {
			target = "№ " + n
		}
		lines = append(lines, DocLine{lang.L("app.field.target"), target})
	}
	return lines
}
