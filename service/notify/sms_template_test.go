package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSMSConfigurableRequest: a provider whose API wants PUT, its own
// header and its own body, and one that takes a GET with the message in
// the query, are reached with configuration only.
func TestSMSConfigurableRequest(t *testing.T) {
	type seen struct{ method, path, query, key, ctype, body string }
	got := make(chan seen, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("X-Api-Key"), r.Header.Get("Content-Type"), string(b)}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()

	s, err := NewSMS(SMSConfig{
		URL:          srv.URL + "/api/send",
		Method:       "put",
		Headers:      map[string]string{"X-Api-Key": "k-123"},
		BodyTemplate: `{"recipient":{{json .To}},"message":{{json .Text}},"from":"FUND"}`,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), Message{Channel: ChannelSMS, To: "+7 701 234 56 00", Body: "Код: \"493817\"", Kind: KindOTP}); err != nil {
		t.Fatal(err)
	}
	r := <-got
	want := seen{"PUT", "/api/send", "", "k-123", "application/json; charset=utf-8",
		`{"recipient":"77012345600","message":"Код: \"493817\"","from":"FUND"}`}
	if r != want {
		t.Errorf("request\n got %+v\nwant %+v", r, want)
	}

	s, err = NewSMS(SMSConfig{URL: srv.URL + "/get?to={{urlquery .To}}&text={{urlquery .Text}}", Method: "GET"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), Message{Channel: ChannelSMS, To: "87012345600", Body: "Код 493817", Kind: KindOTP}); err != nil {
		t.Fatal(err)
	}
	r = <-got
	if r.method != "GET" || r.path != "/get" || r.query != "to=77012345600&text=%D0%9A%D0%BE%D0%B4+493817" || r.body != "" {
		t.Errorf("GET request %+v", r)
	}

	for name, c := range map[string]SMSConfig{
		"bad method":   {URL: srv.URL, Method: "DELETE"},
		"bad template": {URL: srv.URL, BodyTemplate: "{{.Nope"},
		"plain http":   {URL: "http://sms.example.kz/send"},
	} {
		if _, err := NewSMS(c, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
