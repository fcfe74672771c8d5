package service

import (
	"net/http"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// maxNotifications bounds GET /api/v1/notifications and the ids of one
// POST /api/v1/notifications/read.
const maxNotifications = 100

// handleNotifications is GET /api/v1/notifications?after=ID: the
// caller's notifications newer than ID (all without it), newest first, at
// most 100, and the count of unread ones.
func (s *server) handleNotifications(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var after int64
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			p := badRequest("after must be a notification id")
			p.p.Field = "after"
			return p
		}
		after = n
	}
	list, unread, err := s.store.Notifications(r.Context(), sess.IIN, after, maxNotifications)
	if err != nil {
		return err
	}
	out := api.Notifications{Notifications: make([]api.Notification, 0, len(list)), Unread: unread}
	for _, n := range list {
		out.Notifications = append(out.Notifications, api.Notification{ID: n.ID, At: n.At.UTC(), Kind: n.Kind,
			ApplicationID: n.ApplicationID, Number: n.Number, AppType: n.AppType, Status: n.Status,
			Reason: n.Reason, ReasonCode: n.ReasonCode, Read: n.Read})
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// handleNotificationsRead is POST /api/v1/notifications/read: marks the
// ids read, or all of the caller's when none is given; 204.
func (s *server) handleNotificationsRead(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var req api.NotificationsRead
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if len(req.IDs) > maxNotifications {
		p := badRequest("at most 100 ids at once")
		p.p.Field = "ids"
		return p
	}
	if err := s.store.MarkNotificationsRead(r.Context(), sess.IIN, req.IDs, s.now()); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}
