package auth

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientKey struct{}

type client struct{ addr, agent string }

// withClient records who is calling — the client's address and browser — for the login
// throttle and the session list.
func withClient(ctx context.Context, addr, agent string) context.Context {
	return context.WithValue(ctx, clientKey{}, client{addr, agent})
}

// ClientAddr returns the client's address the middleware found.
func ClientAddr(ctx context.Context) string {
	c, _ := ctx.Value(clientKey{}).(client)
	return c.addr
}

// UserAgent returns the browser the middleware saw.
func UserAgent(ctx context.Context) string {
	c, _ := ctx.Value(clientKey{}).(client)
	return c.agent
}

// clientAddr is the address of the client: the peer's, unless the peer is one of the
// trusted proxies (MZ_TRUSTED_PROXIES). Then X-Forwarded-For is read from the right —
// each proxy appends the address it was called from — past the trusted proxies, to the
// first address none of them is: entries further left were written by the client and
// prove nothing. Without trusted proxies the header is ignored, so that nobody can choose
// the address their failed logins are counted against.
func (a *Accounts) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr := peer.Unmap()
	if !a.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = hop.Unmap()
		if !a.trusted(addr) {
			break
		}
	}
	return addr.String()
}

func (a *Accounts) trusted(addr netip.Addr) bool {
	for _, p := range a.Trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
