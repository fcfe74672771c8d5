package service

import (
	"net/http"

	"kabinet/api"
)

// router is what routes needs of an http.ServeMux (tests list the
// patterns with it).
type router interface {
	Handle(pattern string, handler http.Handler)
}

// routes registers every route of the service (Go 1.22 patterns). It is
// the one place to read what the service offers; later flows add their
// lines here (registration, password reset, EDS login, statements, ...):
// unauthenticated form posts behind s.throttle, cabinet calls behind
// s.authed.
func (s *server) routes(mux router) {
	mux.Handle("GET "+api.PathHealthz, s.handle(s.handleHealthz))
	mux.Handle("GET "+api.PathInfo, s.handle(s.handleInfo))

	mux.Handle("POST "+api.PathLogin, s.throttle(s.handle(s.handleLogin)))
	mux.Handle("POST "+api.PathLogout, s.authed(s.handleLogout))

	mux.Handle("GET "+api.PathMe, s.authed(s.handleMe))
	mux.Handle("GET "+api.PathAccounts, s.authed(s.handleAccounts))
}
