package service

import "time"

// The dates and times the API takes are bounded before any arithmetic
// or formatting: a booking at 9999-12-31T23:00Z is 10000-01-01 in the
// fund's zone, which no YYYY-MM-DD parses (it was a 500). The fund's
// records start after minAPIDate and nothing is planned after maxAPIDate.
var (
	minAPIDate = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxAPIDate = time.Date(2200, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// inAPIRange tells whether t lies within the dates the API accepts.
func inAPIRange(t time.Time) bool { return !t.Before(minAPIDate) && t.Before(maxAPIDate) }

// parseAPIDate parses a date YYYY-MM-DD written exactly so (no
// normalised 2026-02-30) within the dates the API accepts.
func parseAPIDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s || !inAPIRange(t) {
		return time.Time{}, false
	}
	return t, true
}
