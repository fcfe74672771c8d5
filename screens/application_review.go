package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// ApplicationReview is the second step: the document exactly as it will
// be signed, in readable form, with «Изменить» back to the form and
// «Подписать и отправить» on to the signing step.
type ApplicationReview struct {
	Title  *widget.Label
	Intro  *widget.Label
	Lines  *widget.Form
	lines  *fyne.Container // holds Lines, new at each fill
	Notice *widget.Label
	Back   *Button
	Submit *Button
	Status *widget.Label

	OnBack func()
	OnSign func()

	doc     api.Document
	names   DocNames
	status  message
	content fyne.CanvasObject
}

// NewApplicationReview builds the step, empty until SetDocument.
func NewApplicationReview() *ApplicationReview {
	r := &ApplicationReview{}
	r.Title = heading()
	r.Intro = widget.NewLabel("")
	r.Intro.Wrapping = fyne.TextWrapWord
	r.Lines = widget.NewForm()
	r.lines = container.NewStack(r.Lines)
	r.Notice = widget.NewLabel("")
	r.Notice.Wrapping = fyne.TextWrapWord
	r.Notice.Importance = widget.LowImportance
	r.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(r.OnBack) })
	r.Submit = NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { call(r.OnSign) })
	r.Submit.Importance = widget.SuccessImportance
	r.Status = newErrorLabel()
	r.status.label = r.Status
	page := container.NewVBox(r.Title, r.Intro, widget.NewCard("", "", r.lines), r.Notice, r.Status,
		container.NewHBox(r.Back, r.Submit))
	r.content = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 720}, page)))
	r.Retranslate()
	return r
}

// Content is the step's object.
func (r *ApplicationReview) Content() fyne.CanvasObject { return r.content }

// SetDocument shows doc; names resolve the managers and applications it
// refers to.
func (r *ApplicationReview) SetDocument(doc api.Document, names DocNames) {
	r.doc, r.names = doc, names
	r.Tell(Message{})
	r.Retranslate()
}

// Document is the document shown.
func (r *ApplicationReview) Document() api.Document { return r.doc }

// LineTexts are the shown lines, "label: value".
func (r *ApplicationReview) LineTexts() []string {
	var out []string
	for _, it := range r.Lines.Items {
		out = append(out, it.Text+": "+it.Widget.(*widget.Label).Text)
	}
	return out
}

// Retranslate sets every text in the current language.
func (r *ApplicationReview) Retranslate() {
	r.Title.SetText(lang.L("app.review.title"))
	r.Intro.SetText(lang.L("app.review.intro"))
	r.Notice.SetText(lang.L("app.review.notice"))
	r.Back.SetText(lang.L("app.review.edit"))
	r.Submit.SetText(lang.L("app.review.sign"))
	r.Lines = showDocument(r.lines, r.doc, r.names, true)
	r.status.retranslate()
}

// Tell shows m under the document (the zero Message clears it).
func (r *ApplicationReview) Tell(m Message) { r.status.show(m.Key, m.Data) }
