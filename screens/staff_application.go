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

// StaffNextStatuses are the statuses an employee may move an application
// to from status s: the next step of the flow (a higher api.StatusRank by
// one, never canceled, which only the depositor's cancel_transfer sets)
// and rejected while that is still forward. None for a final status.
func StaffNextStatuses(s string) []string {
	if api.StatusFinal(s) || api.StatusRank(s) < 0 {
		return nil
	}
	var out []string
	for _, n := range AppStatuses {
		if n == api.StatusCanceled || n == api.StatusRejected {
			continue
		}
		if api.StatusRank(n) == api.StatusRank(s)+1 {
			out = append(out, n)
		}
	}
	if api.StatusRank(api.StatusRejected) > api.StatusRank(s) {
		out = append(out, api.StatusRejected)
	}
	return out
}

// StaffApplication is an application opened from the queue: the document
// in readable form, who signed it, the timeline, and a button for each
// status it may move to. «Отклонить» opens a reason entry and refuses to
// go on without a reason.
type StaffApplication struct {
	Back      *Button
	Title     *widget.Label
	Depositor *widget.Label
	Current   *widget.Label
	DocTitle  *widget.Label
	// Document holds DocForm, a new form at each (re)translation: a
	// widget.Form keeps the widgets of its first rows when its items are
	// replaced.
	Document  *fyne.Container
	DocForm   *widget.Form
	SignTitle *widget.Label
	Signer    *widget.Label
	HistTitle *widget.Label
	History   *fyne.Container
	// Actions holds a button per allowed next status (StatusButtons).
	Actions       *fyne.Container
	StatusButtons map[string]*Button
	FinalNote     *widget.Label
	// The rejection panel, shown by the «Отклонить» button.
	RejectBox     *fyne.Container
	Reason        *Entry
	ReasonHint    *widget.Label
	RejectConfirm *Button
	RejectCancel  *Button
	Message       *widget.Label
	Progress      *widget.ProgressBarInfinite

	OnBack func()
	// OnStatus moves the application to status (reason set for rejected).
	OnStatus func(status, reason string)

	app     api.Application
	names   DocNames
	busy    bool
	msgKey  string
	msgData map[string]any
	msgErr  bool
	content fyne.CanvasObject
}

// NewStaffApplication builds the page, empty until SetApplication.
func NewStaffApplication() *StaffApplication {
	p := &StaffApplication{StatusButtons: map[string]*Button{}}
	p.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(p.OnBack) })
	p.Back.Importance = widget.LowImportance
	p.Title = heading()
	p.Depositor = valueLabel()
	p.Current = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.DocTitle = heading()
	p.Document = container.NewStack()
	p.SignTitle = heading()
	p.Signer = valueLabel()
	p.HistTitle = heading()
	p.History = container.NewVBox()
	p.Actions = container.NewHBox()
	p.FinalNote = valueLabel()
	p.FinalNote.Importance = widget.LowImportance
	p.FinalNote.Hide()
	p.Reason = NewMultiLineEntry()
	p.Reason.Wrapping = fyne.TextWrapWord
	p.Reason.SetMinRowsVisible(3)
	p.Reason.OnChanged = func(string) {
		if strings.TrimSpace(p.Reason.Text) != "" {
			p.ReasonHint.Hide()
		}
	}
	// The reason may take lines: Enter is a new line, Shift+Enter
	// rejects as «Отклонить» does.
	p.Reason.OnSubmitted = func(string) { p.reject() }
	p.ReasonHint = valueLabel()
	p.ReasonHint.Importance = widget.DangerImportance
	p.ReasonHint.Hide()
	p.RejectConfirm = NewButtonWithIcon("", theme.CancelIcon(), p.reject)
	p.RejectConfirm.Importance = widget.DangerImportance
	p.RejectCancel = NewButton("", func() { p.closeReject() })
	p.RejectBox = container.NewVBox(p.Reason, p.ReasonHint, container.NewHBox(p.RejectConfirm, p.RejectCancel))
	p.RejectBox.Hide()
	p.Message = valueLabel()
	p.Message.Hide()
	p.Progress = newProgress()
	head := container.NewVBox(container.NewHBox(p.Back), p.Title, p.Depositor, p.Current)
	actions := container.NewVBox(p.Actions, p.FinalNote, p.RejectBox, p.Progress, p.Message)
	p.content = newPageScroll(container.NewPadded(container.NewVBox(
		head,
		widget.NewCard("", "", actions),
		widget.NewCard("", "", container.NewVBox(p.DocTitle, p.Document)),
		widget.NewCard("", "", container.NewVBox(p.SignTitle, p.Signer)),
		widget.NewCard("", "", container.NewVBox(p.HistTitle, p.History)),
	)))
	p.Retranslate()
	return p
}

// Content is the page's root object.
func (p *StaffApplication) Content() fyne.CanvasObject { return p.content }

// Application is the application shown.
func (p *StaffApplication) Application() api.Application { return p.app }

// SetApplication shows an application (again, after a move) and closes
// the rejection panel.
func (p *StaffApplication) SetApplication(a api.Application) {
	p.app = a
	p.Reason.SetText("")
	p.RejectBox.Hide()
	p.ReasonHint.Hide()
	p.StatusButtons = map[string]*Button{}
	p.Actions.Objects = nil
	for _, s := range StaffNextStatuses(a.Status) {
		s := s
		b := NewButtonWithIcon("", actionIcon(s), func() { p.action(s) })
		b.Importance = widget.HighImportance
		if s == api.StatusRejected {
			b.Importance = widget.DangerImportance
		}
		p.StatusButtons[s] = b
		p.Actions.Add(b)
	}
	p.Actions.Refresh()
	p.FinalNote.Hidden = len(p.StatusButtons) > 0
	p.setBusy(p.busy)
	p.Retranslate()
}

func actionIcon(s string) fyne.Resource {
	switch s {
	case api.StatusRejected:
		return theme.CancelIcon()
	case api.StatusExecuted:
		return theme.ConfirmIcon()
	}
	return theme.NavigateNextIcon()
}

func (p *StaffApplication) action(s string) {
	if p.busy {
		return
	}
	p.Tell(Message{})
	if s == api.StatusRejected {
		p.RejectBox.Show()
		focus(p.Reason)
		return
	}
	if p.OnStatus != nil {
		p.OnStatus(s, "")
	}
}

// reject sends the rejection with its reason; an empty reason is refused.
func (p *StaffApplication) reject() {
	if p.busy {
		return
	}
	reason := strings.TrimSpace(p.Reason.Text)
	if reason == "" {
		p.ReasonHint.SetText(lang.L("staff.reject.empty"))
		p.ReasonHint.Show()
		focus(p.Reason)
		return
	}
	if p.OnStatus != nil {
		p.OnStatus(api.StatusRejected, reason)
	}
}

func (p *StaffApplication) closeReject() {
	p.Reason.SetText("")
	p.ReasonHint.Hide()
	p.RejectBox.Hide()
}

// SetNames sets the names the document's ids resolve to (the portfolio
// managers from the service) and shows the document again.
func (p *StaffApplication) SetNames(n DocNames) {
	p.names = n
	p.DocForm = showDocument(p.Document, p.app.Document, p.names, false)
}

// SetBusy disables the actions during a call.
func (p *StaffApplication) SetBusy(b bool) { p.setBusy(b) }

func (p *StaffApplication) setBusy(b bool) {
	p.busy = b
	for _, btn := range append(p.buttons(), p.RejectConfirm) {
		if b {
			btn.Disable()
		} else {
			btn.Enable()
		}
	}
	showProgress(p.Progress, b)
}

func (p *StaffApplication) buttons() []*Button {
	var out []*Button
	for _, o := range p.Actions.Objects {
		out = append(out, o.(*Button))
	}
	return out
}

// HistoryTexts are the timeline's lines, oldest first.
func (p *StaffApplication) HistoryTexts() []string {
	var out []string
	for _, ch := range p.app.History {
		s := FormatTime(ch.At, true) + " — " + AppStatusText(ch.Status) + " · " + ActorText(ch)
		if r := RejectionText(ch.ReasonCode, ch.Reason); r != "" {
			s += "\n" + lang.L("staff.app.reason", map[string]any{"Reason": r})
		}
		out = append(out, s)
	}
	return out
}

// Retranslate sets every text in the current language.
func (p *StaffApplication) Retranslate() {
	a := p.app
	p.Back.SetText(lang.L("staff.app.back"))
	p.Title.SetText(lang.L("staff.app.title", map[string]any{"Number": orDash(a.Number), "Type": AppTypeText(a.Type)}))
	p.Depositor.SetText(lang.L("staff.app.depositor", map[string]any{
		"Name": orDash(a.DepositorName), "IIN": orDash(a.IIN), "At": FormatTimeZoned(a.CreatedAt)}))
	p.Current.SetText(lang.L("staff.app.current", map[string]any{"Status": AppStatusText(a.Status)}))
	p.Current.Importance = statusImportance(a.Status, widget.HighImportance)
	p.Current.Refresh()
	p.DocTitle.SetText(lang.L("staff.app.document"))
	p.DocForm = showDocument(p.Document, a.Document, p.names, false)
	p.SignTitle.SetText(lang.L("staff.app.signer"))
	if a.Signer.IIN == "" && a.Signer.Name == "" {
		p.Signer.SetText("—")
	} else {
		notAfter := "—"
		if !a.Signer.NotAfter.IsZero() {
			notAfter = FormatTime(a.Signer.NotAfter, false)
		}
		p.Signer.SetText(lang.L("staff.app.signer.text", map[string]any{
			"Name": orDash(a.Signer.Name), "IIN": orDash(a.Signer.IIN), "Serial": orDash(a.Signer.Serial),
			"Issuer": orDash(a.Signer.Issuer), "NotAfter": notAfter, "Digest": orDash(a.Signer.SignedDigest)}))
	}
	p.HistTitle.SetText(lang.L("staff.app.history"))
	p.History.Objects = nil
	for _, s := range p.HistoryTexts() {
		p.History.Add(valueLabel())
		p.History.Objects[len(p.History.Objects)-1].(*widget.Label).SetText(s)
	}
	p.History.Refresh()
	for s, b := range p.StatusButtons {
		b.SetText(lang.L("staff.action." + s))
	}
	p.FinalNote.SetText(lang.L("staff.app.final"))
	p.Reason.SetPlaceHolder(lang.L("staff.reject.placeholder"))
	p.RejectConfirm.SetText(lang.L("staff.reject.confirm"))
	p.RejectCancel.SetText(lang.L("common.cancel"))
	if p.ReasonHint.Visible() {
		p.ReasonHint.SetText(lang.L("staff.reject.empty"))
	}
	if p.msgKey != "" {
		p.Message.SetText(lang.L(p.msgKey, p.msgData))
	}
}

// Tell shows m (an error in red); the zero Message hides the line.
func (p *StaffApplication) Tell(m Message) {
	if m.Key == "" {
		p.msgKey = ""
		p.Message.Hide()
		return
	}
	p.msgKey, p.msgData, p.msgErr = m.Key, m.dataMap(), m.Error
	p.Message.Importance = widget.SuccessImportance
	if m.Error {
		p.Message.Importance = widget.DangerImportance
	}
	p.Message.SetText(lang.L(m.Key, p.msgData))
	p.Message.Show()
}
