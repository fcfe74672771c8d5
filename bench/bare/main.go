// Command bare is the baseline of bench/startup.sh: a one-window Fyne
// program with a label and a button, built the same way as kabinet.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("kz.demofund.kabinet.bare")
	w := a.NewWindow("Kabinet bare baseline")
	w.SetContent(container.NewVBox(widget.NewLabel("Hello"), widget.NewButton("OK", func() {})))
	w.Resize(fyne.NewSize(1100, 740))
	w.ShowAndRun()
}
