package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/kabinet-kz/kabinet/eds"
)

// Steps of an application.
const (
	StepForm   = "form"
	StepReview = "review"
	StepSign   = "sign"
)

// ApplicationFlow is the cabinet page of one application menu entry: the
// form, the review and the signing step (EDSSign with the SIGN key, its
// «Назад» returning to the review), one shown at a time.
type ApplicationFlow struct {
	Form   *ApplicationForm
	Review *ApplicationReview
	Sign   *EDSSign

	step    string
	stack   *fyne.Container
	content fyne.CanvasObject
}

// NewApplicationFlow builds the page of the menu entry service.
func NewApplicationFlow(service string) *ApplicationFlow {
	p := &ApplicationFlow{Form: NewApplicationForm(service), Review: NewApplicationReview(), Sign: NewEDSSign(eds.PurposeSign)}
	p.stack = container.NewStack(p.Form.Content(), p.Review.Content(), p.Sign.Inline())
	p.content = p.stack
	p.ShowStep(StepForm)
	return p
}

// Content is the page's object.
func (p *ApplicationFlow) Content() fyne.CanvasObject { return p.content }

// Step is the step shown.
func (p *ApplicationFlow) Step() string { return p.step }

// ShowStep shows the form, the review or the signing step.
func (p *ApplicationFlow) ShowStep(step string) {
	p.step = step
	for i, s := range []string{StepForm, StepReview, StepSign} {
		if s == step {
			scrollToTop(p.stack.Objects[i]) // each step starts at its top
			p.stack.Objects[i].Show()
		} else {
			p.stack.Objects[i].Hide()
		}
	}
	p.stack.Refresh()
}

// Retranslate sets every text in the current language.
func (p *ApplicationFlow) Retranslate() {
	p.Form.Retranslate()
	p.Review.Retranslate()
	p.Sign.Retranslate()
}
