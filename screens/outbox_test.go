package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// The line over the outbox's list: an error until the next load that
// succeeds, then «no messages» only when there are none; messages already
// listed stay under an error; a language switch keeps what it says.
func TestOutboxErrorThenEmpty(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	t.Cleanup(func() { lang.Set("ru") })
	o := NewOutbox()
	test.NewTempWindow(t, o.Content())

	o.Tell(Problem("error.unavailable", nil))
	if !o.Empty.Visible() || o.Empty.Text != lang.L("error.unavailable") || o.Empty.Importance != widget.DangerImportance {
		t.Fatalf("error: visible %v, %q", o.Empty.Visible(), o.Empty.Text)
	}
	lang.Set("kk")
	o.Retranslate()
	if o.Empty.Text != lang.L("error.unavailable") || o.Empty.Text == "" {
		t.Fatalf("error after ru → kk: %q", o.Empty.Text)
	}
	lang.Set("ru")
	o.Retranslate()

	// The next load succeeds with nothing in the outbox.
	o.SetMessages(nil)
	if !o.Empty.Visible() || o.Empty.Text != "Сообщений пока нет." || o.Empty.Importance == widget.DangerImportance {
		t.Fatalf("empty outbox after an error: visible %v, %q", o.Empty.Visible(), o.Empty.Text)
	}

	// Messages, then an error: they stay listed under it; the next
	// success hides the line.
	o.SetMessages([]api.OutboxMessage{{Channel: "sms", To: "+7 708 *** ** 33", Body: "Код: 123456", CreatedAt: time.Now()}})
	if o.Empty.Visible() || o.List.Length() != 1 {
		t.Fatalf("messages: line visible %v, %d rows", o.Empty.Visible(), o.List.Length())
	}
	o.Tell(Problem("error.timeout", nil))
	if !o.Empty.Visible() || o.Empty.Text != lang.L("error.timeout") || o.List.Length() != 1 {
		t.Fatalf("error over messages: visible %v %q, %d rows", o.Empty.Visible(), o.Empty.Text, o.List.Length())
	}
	o.SetMessages(o.Messages)
	if o.Empty.Visible() {
		t.Fatalf("line still shown after a success: %q", o.Empty.Text)
	}
}

// The outbox's content laid out at its own minimum width (as a window
// is first laid out) asks for no more height than an 800×600 screen
// gives a window: its banner wrapped word by word at a narrow width made
// the window open 560×638.
func TestOutboxFitsASmallScreen(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		test.NewTempApp(t)
		lang.Set(code)
		t.Cleanup(func() { lang.Set("ru") })
		o := NewOutbox()
		w := test.NewTempWindow(t, o.Content())
		w.Resize(o.Content().MinSize()) // laid out at its narrowest
		if m := o.Content().MinSize(); m.Width > 784 || m.Height > 552 {
			t.Errorf("%s: the outbox needs %v, more than 784×552", code, m)
		}
	}
}
