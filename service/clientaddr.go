package service

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Client addresses behind reverse proxies. The address that requests are
// throttled, logged and journaled by is the socket's peer, unless that
// peer is a trusted proxy (Config.TrustedProxies, kabinetd
// --trusted-proxy): then the forwarding headers (Forwarded, RFC 7239,
// else X-Forwarded-For) are read from the right, skipping trusted
// proxies, and the first address that is not one is the client. Headers
// from any other peer are ignored: a client cannot choose its own
// address.

type clientAddrKey struct{}

// withClientAddr puts the request's real client address in its context,
// where clientAddr finds it.
func (s *server) withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := realClientAddr(r, s.trusted)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, addr)))
	})
}

// clientAddr is the address requests are throttled and journaled by (see
// withClientAddr); "inprocess" for the bundled transport.
func clientAddr(r *http.Request) string {
	if a, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return a
	}
	return peerAddr(r)
}

// peerAddr is the host part of r.RemoteAddr (all of it when it has no
// port, e.g. "inprocess").
func peerAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// trustedProxies is a set of address ranges.
type trustedProxies []netip.Prefix

func (t trustedProxies) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// realClientAddr walks the forwarding chain of r from the peer back while
// the hops are trusted proxies.
func realClientAddr(r *http.Request, trusted trustedProxies) string {
	peer := peerAddr(r)
	if len(trusted) == 0 {
		return peer
	}
	pa, err := netip.ParseAddr(peer)
	if err != nil || !trusted.contains(pa) {
		return peer
	}
	chain := forwardedFor(r.Header.Values("Forwarded"))
	if chain == nil {
		chain = xForwardedFor(r.Header.Values("X-Forwarded-For"))
	}
	client := pa.Unmap()
	for i := len(chain) - 1; i >= 0; i-- {
		if !chain[i].IsValid() {
			break // not an address: keep the last trusted hop's word
		}
		client = chain[i].Unmap()
		if !trusted.contains(client) {
			break
		}
	}
	return client.String()
}

// xForwardedFor is the chain of X-Forwarded-For ("client, proxy1,
// proxy2", possibly over several header lines); a zero Addr stands for
// an entry that is not an IP address.
func xForwardedFor(values []string) []netip.Addr {
	var chain []netip.Addr
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			chain = append(chain, parseHop(strings.TrimSpace(part)))
		}
	}
	return chain
}

// forwardedFor is the chain of the for= parameters of Forwarded headers
// (RFC 7239: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"); nil
// when there is none.
func forwardedFor(values []string) []netip.Addr {
	var chain []netip.Addr
	for _, v := range values {
		for _, elem := range strings.Split(v, ",") {
			found := netip.Addr{}
			has := false
			for _, pair := range strings.Split(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					found, has = parseHop(strings.Trim(val, `"`)), true
				}
			}
			if has {
				chain = append(chain, found)
			} else if strings.TrimSpace(elem) != "" {
				chain = append(chain, netip.Addr{}) // a hop that did not say
			}
		}
	}
	return chain
}

// parseHop parses one hop: an IPv4 or IPv6 address, with a port or in
// brackets; anything else is the zero Addr.
func parseHop(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr()
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		return a
	}
	return netip.Addr{}
}

// ParseTrustedProxy parses a CIDR range or a single address (a /32 or
// /128) of a trusted proxy.
func ParseTrustedProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
