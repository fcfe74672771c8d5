package screens

// Message is what a screen tells the user: a translation key and its
// data, shown in the current language (and again after a language
// switch), as a problem or as good news. The zero Message clears what
// was shown. Retry asks for a «Повторить» button where the screen has
// one (the login screen).
type Message struct {
	Key   string
	Data  any
	Error bool
	Retry bool
}

// Problem is an error message.
func Problem(key string, data any) Message { return Message{Key: key, Data: data, Error: true} }

// Note is a message that is not an error (a result, a notice).
func Note(key string, data any) Message { return Message{Key: key, Data: data} }

// Messenger is the one message API of the screens: every screen that
// shows messages tells them through Tell.
type Messenger interface {
	Tell(m Message)
}

// dataMap is m.Data as the template data of screens that keep a map.
func (m Message) dataMap() map[string]any {
	d, _ := m.Data.(map[string]any)
	return d
}

// Every screen that shows messages does it through Tell.
var _ = []Messenger{
	(*Login)(nil), (*Register)(nil), (*Forgot)(nil), (*SecondStep)(nil), (*EDSSign)(nil),
	(*ChangePassword)(nil), (*TwoFactor)(nil), (*ServerSettings)(nil), (*Outbox)(nil),
	(*ApplicationForm)(nil), (*ApplicationReview)(nil), (*ApplicationDetail)(nil),
	(*Applications)(nil), (*Notifications)(nil), (*Booking)(nil), (*Certificates)(nil),
	(*DPV)(nil), (*Forecast)(nil), (*StaffQueue)(nil), (*StaffApplication)(nil),
	(*StaffContacts)(nil), (*Statements)(nil), (*Staff)(nil),
}
