package auth

import (
	"log/slog"
	"net/http"
	"strings"

	"mzdesk/internal/database"
	"mzdesk/internal/viewer"
)

// Middleware turns a bearer token into a viewer in the request's context. A request
// without a token goes on as the public; a request with a bad token, or the token of an
// account disabled or changed since, is answered 401 with a GraphQL error coded
// UNAUTHENTICATED, so that the client logs in again. While the database is out of reach
// the token cannot be checked: that is a 503 coded UNAVAILABLE, to try again later.
func (a *Accounts) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(withClient(r.Context(), a.clientAddr(r), r.UserAgent()))
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			unauthorized(w, "the Authorization header must be: Bearer <token>")
			return
		}
		v, err := a.Signer.Parse(strings.TrimSpace(token))
		if err == nil {
			err = a.StillValid(r.Context(), v)
		}
		switch {
		case database.Unavailable(err):
			slog.WarnContext(r.Context(), "token not checked: database unavailable", "err", err)
			unavailable(w)
			return
		case err != nil:
			slog.InfoContext(r.Context(), "token refused", "err", err)
			unauthorized(w, ErrBadToken.Error())
			return
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	})
}

// unavailable answers a token that could not be checked: a 401 would log the user out
// of a phone that only has to try again.
func unavailable(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(`{"errors":[{"message":"` + database.UnavailableMessage + `","extensions":{"code":"UNAVAILABLE"}}]}`))
}

func unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="mzdesk"`)
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(`{"errors":[{"message":"` + msg + `","extensions":{"code":"UNAUTHENTICATED"}}]}`))
}
