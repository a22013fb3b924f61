package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"context"

	"mzdesk/ent"
	"mzdesk/ent/photo"
	"mzdesk/ent/privacy"
	"mzdesk/ent/schema"
	"mzdesk/internal/audit"
	"mzdesk/internal/photos"
	"mzdesk/internal/viewer"
)

// photoTypes are the pictures a phone camera takes, recognised by their bytes rather
// than by what the client says they are.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// uploads serves photos of signed slips: POST the bytes, get a key to pass to
// confirmReceipt; GET a photo back by key.
func (a *App) uploads(mux *http.ServeMux) {
	mux.Handle("POST /uploads/photos", a.observe("upload", a.authenticated(http.HandlerFunc(a.uploadPhoto))))
	mux.Handle("GET /uploads/photos/{key}", a.observe("photo", a.authenticated(http.HandlerFunc(a.photo))))
}

func (a *App) uploadPhoto(w http.ResponseWriter, r *http.Request) {
	v := viewer.FromContext(r.Context())
	if v == nil {
		requestErrorCode(w, http.StatusUnauthorized, "UNAUTHENTICATED", "please log in")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, schema.MaxPhotoBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		requestError(w, http.StatusRequestEntityTooLarge, "a photo may be at most 5 MB")
		return
	case err != nil:
		requestError(w, http.StatusBadRequest, "the photo could not be read")
		return
	}
	kind := http.DetectContentType(data)
	if !photoTypes[kind] {
		requestError(w, http.StatusUnsupportedMediaType, "a photo must be a JPEG, PNG or WebP image")
		return
	}
	var over *photos.OverError
	switch err := photos.DefaultLimits.Check(r.Context(), a.Client, v.UserID, int64(len(data)), time.Now()); {
	case errors.As(err, &over):
		w.Header().Set("Retry-After", "60")
		requestErrorCode(w, http.StatusTooManyRequests, "FORBIDDEN", over.Message)
		return
	case errors.Is(err, privacy.Deny):
		requestErrorCode(w, http.StatusForbidden, "FORBIDDEN", "you may not upload photos")
		return
	case err != nil:
		storeFailed(w, r, "counting an account's photos", err)
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	key := hex.EncodeToString(b)
	err = a.inTx(r.Context(), func(ctx context.Context, c *ent.Client) error {
		return c.Photo.Create().SetKey(key).SetContentType(kind).SetData(data).SetUploadedByID(v.UserID).Exec(ctx)
	})
	switch {
	case errors.Is(err, privacy.Deny):
		requestErrorCode(w, http.StatusForbidden, "FORBIDDEN", "you may not upload photos")
		return
	case err != nil:
		storeFailed(w, r, "storing a photo", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{"key": key, "contentType": kind})
}

func (a *App) photo(w http.ResponseWriter, r *http.Request) {
	if viewer.FromContext(r.Context()) == nil {
		http.Error(w, "please log in", http.StatusUnauthorized)
		return
	}
	p, err := a.Client.Photo.Query().Where(photo.Key(r.PathValue("key"))).Only(r.Context())
	if err != nil {
		http.Error(w, "no such photo", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", p.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(p.Data) //nolint:gosec // an image whose type the upload sniffed, served with nosniff
}

// inTx runs f in a transaction of its own: the write and its audit events, or neither.
// f makes its changes with the context it is given, which carries the transaction's
// pending events.
func (a *App) inTx(ctx context.Context, f func(context.Context, *ent.Client) error) error {
	ctx, tx, err := audit.OpenTx(ctx, a.Client)
	if err != nil {
		return err
	}
	if err := f(ctx, tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
