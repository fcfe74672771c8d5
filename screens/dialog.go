package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The app's dialogs are Fyne's custom dialogs with our buttons, so that a
// dialog's button, having the focus, is pressed with Enter as every other
// button of the app (Fyne's own dialog buttons know only Space). They
// look as dialog.NewCustom, NewCustomConfirm and NewConfirm do.

// NewMessageDialog is dialog.NewCustom: content and one button, dismiss,
// that closes the dialog.
func NewMessageDialog(title, dismiss string, content fyne.CanvasObject, w fyne.Window) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, content, w)
	d.SetButtons([]fyne.CanvasObject{NewButton(dismiss, d.Hide)})
	return d
}

// NewConfirmDialog is dialog.NewCustomConfirm: content, a dismiss button
// and a confirm button; callback (if not nil) is told which closed the
// dialog (false also when the dialog is hidden otherwise).
func NewConfirmDialog(title, confirm, dismiss string, content fyne.CanvasObject, callback func(bool), w fyne.Window) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, content, w)
	confirmed := false
	no := NewButtonWithIcon(dismiss, theme.CancelIcon(), d.Hide)
	yes := NewButtonWithIcon(confirm, theme.ConfirmIcon(), func() {
		confirmed = true
		d.Hide()
	})
	yes.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{no, yes})
	d.SetOnClosed(func() {
		ok := confirmed
		confirmed = false
		if callback != nil {
			callback(ok)
		}
	})
	return d
}

// ShowQuestion is dialog.NewConfirm with the app's buttons: message
// centred under a question mark, as wide as it needs up to 600 (and 90 %
// of the window), and the confirm and dismiss texts given.
func ShowQuestion(title, message, confirm, dismiss string, callback func(bool), w fyne.Window) dialog.Dialog {
	l := &widget.Label{Text: message, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	d := NewConfirmDialog(title, confirm, dismiss, l, callback, w)
	d.SetIcon(theme.QuestionIcon())
	// Fyne's text dialogs' width: the text unwrapped with the dialog's
	// padding (32) and the label's, at most 600 and 90 % of the window.
	noWrap := widget.NewLabel(message).MinSize().Width + 32 + theme.Padding()*2
	width := fyne.Min(fyne.Min(noWrap, 600), w.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
	d.Show()
	return d
}
