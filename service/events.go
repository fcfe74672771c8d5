package service

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// hiddenEvents are journal kinds of no interest to the depositor
// (internal housekeeping).
var hiddenEvents = map[string]bool{
	store.EventPasswordRehashed: true,
}

// handleEvents is GET /api/v1/me/events?limit: the caller's security
// events (sign-ins, failures, locks, logouts, password changes, ...),
// newest first. Details never hold a secret.
func (s *server) handleEvents(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	limit := api.DefaultEventsLimit
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > api.MaxEventsLimit {
			return statementProblem("limit", fmt.Sprintf("limit must be 1..%d", api.MaxEventsLimit))
		}
		limit = n
	}
	list, err := s.store.Events(r.Context(), sess.IIN, limit)
	if err != nil {
		return err
	}
	out := api.SecurityEvents{Events: make([]api.SecurityEvent, 0, len(list))}
	for _, ev := range list {
		if hiddenEvents[ev.Kind] {
			continue
		}
		out.Events = append(out.Events, api.SecurityEvent{
			At:     ev.At.UTC(),
			Kind:   ev.Kind,
			Client: ev.Client,
			Detail: ev.Detail,
		})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusOK, out)
	return nil
}
