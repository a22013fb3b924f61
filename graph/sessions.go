package graph

import (
	"context"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/schema"
	"mzdesk/ent/session"
	"mzdesk/ent/user"
	"mzdesk/internal/viewer"
)

// openSessions lists account id's sessions that are neither ended nor expired, newest
// first, as far as the Session policy lets the viewer see them.
func openSessions(ctx context.Context, c *ent.Client, id int) ([]*ent.Session, error) {
	return c.Session.Query().
		Where(session.UserID(id), session.RevokedAtIsNil(), session.ExpiresAtGT(time.Now())).
		Order(ent.Desc(session.FieldCreatedAt), ent.Desc(session.FieldID)).
		All(ctx)
}

// sessionsOf checks that the viewer may handle another account's sessions — ADMIN and
// BUREAU manage accounts, nobody else — and that it can see the account: which of its
// sessions a BUREAU reaches is then the Session policy's to say. Its own account anyone
// may handle.
func sessionsOf(ctx context.Context, c *ent.Client, id int) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil || v.UserID == 0:
		return viewer.ErrUnauthenticated
	case id == v.UserID:
		return nil
	}
	if _, err := schema.OthersSessions.Allow(ctx); err != nil {
		return err
	}
	ok, err := c.User.Query().Where(user.ID(id)).Exist(ctx)
	if err == nil && !ok {
		return &ent.NotFoundError{}
	}
	return err
}

// endSessions ends account id's open sessions and says how many it ended.
func endSessions(ctx context.Context, c *ent.Client, id int) (int, error) {
	now := time.Now()
	return c.Session.Update().
		Where(session.UserID(id), session.RevokedAtIsNil(), session.ExpiresAtGT(now)).
		SetRevokedAt(now).Save(ctx)
}
