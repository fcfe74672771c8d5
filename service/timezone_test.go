package service

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// /api/v1/info tells the app the fund's zone, Asia/Almaty by default, so
// that the app shows the times the PDFs and messages give; an unknown
// zone stops the service at start.
func TestInfoTellsTheFundsTimeZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var i api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &i)
	if i.TimeZone != "Asia/Almaty" {
		t.Errorf("timeZone %q, want Asia/Almaty", i.TimeZone)
	}
	_, err := Open(context.Background(), Config{DataDir: t.TempDir(), TimeZone: "Mars/Olympus"})
	if err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Errorf("unknown zone: %v", err)
	}
}

// A time printed on a PDF is the fund's, whatever the machine's zone,
// with the zone named.
func TestPrintedTimesAreTheFunds(t *testing.T) {
	old := time.Local
	time.Local = time.FixedZone("UTC-7", -7*60*60)
	t.Cleanup(func() { time.Local = old })
	at := time.Date(2026, time.December, 2, 9, 21, 0, 0, time.UTC)
	l := pdfLabels("ru")
	if got := l.at(at); got != "02.12.2026 14:21 (Алматы, UTC+5)" {
		t.Errorf("printed %q, want 02.12.2026 14:21 (Алматы, UTC+5)", got)
	}
}
