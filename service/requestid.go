package service

import (
	"context"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"sync/atomic"
)

// HeaderRequestID carries the id of a request in every answer; the same id
// is in each log line written for the request and in its problem body
// (requestId), so that an operator finds a depositor's failed call in the
// logs of whichever instance served it.
const HeaderRequestID = "X-Request-Id"

// requestIDKey is the context key of the request id.
type requestIDKey struct{}

// requestIDs makes the ids of one process: a random instance prefix (12
// hex digits, new at each start) and a counter, "3f9a0c21b7e4-1k".
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	return &requestIDs{prefix: hex.EncodeToString(randomBytes(6))}
}

func (g *requestIDs) next() string {
	return g.prefix + "-" + strconv.FormatUint(g.n.Add(1), 36)
}

// proxyRequestID is a request id a trusted reverse proxy sent (e.g.
// nginx's $request_id): logged beside ours when it is short and plain.
func proxyRequestID(r *http.Request, trusted trustedProxies) string {
	v := r.Header.Get(HeaderRequestID)
	if v == "" || len(v) > 64 {
		return ""
	}
	peer, err := netip.ParseAddr(peerAddr(r))
	if err != nil || !trusted.contains(peer.Unmap()) {
		return ""
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return ""
		}
	}
	return v
}

type proxyRequestIDKey struct{}

// withRequestID gives r its id (context, answer header).
func (s *server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.requestIDs.next()
		w.Header().Set(HeaderRequestID, id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		if p := proxyRequestID(r, s.trusted); p != "" {
			ctx = context.WithValue(ctx, proxyRequestIDKey{}, p)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requestIDHandler adds the request id of the context (and a trusted
// proxy's, if any) to every record.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		r.AddAttrs(slog.String("requestId", id))
	}
	if id, ok := ctx.Value(proxyRequestIDKey{}).(string); ok {
		r.AddAttrs(slog.String("proxyRequestId", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
