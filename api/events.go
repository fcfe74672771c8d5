package api

import "time"

// The security journal of the depositor: sign-ins, failed attempts,
// locks, logouts, password changes, one-time codes, ...
const (
	// PathMeEvents is GET ?limit → SecurityEvents, newest first.
	PathMeEvents = Prefix + "/me/events"
)

// Limits of GET PathMeEvents.
const (
	DefaultEventsLimit = 50
	MaxEventsLimit     = 200
)

// ClientInProcess is the client address of requests from the bundled
// service in the same process (this computer).
const ClientInProcess = "inprocess"

// SecurityEvent is one row of the caller's security journal. Detail is
// free text that never holds a secret (for a sign-in, the method:
// "password" or "eds" with the certificate).
type SecurityEvent struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Client string    `json:"client"`
	Detail string    `json:"detail,omitempty"`
}

// SecurityEvents is the answer of GET PathMeEvents.
type SecurityEvents struct {
	Events []SecurityEvent `json:"events"`
}
