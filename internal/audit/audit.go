// Package audit writes an AuditEvent for every change, in the transaction of the change
// (a transaction's events in one statement, at its commit), and chains the events by
// hash: each event's hash covers its content and the hash of the event before it, so
// editing, inserting or deleting a stored event breaks the chain at that point, and
// Verify names it.
//
// The chain is built just after the commit rather than inside it: a change only inserts
// its events, and the sealer (Seal, run every moment by Run) numbers the committed ones
// and hashes them in a batch. Linking inside the change would make every writer in the
// city wait on the chain's one head row until its commit is on disk.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	entgo "entgo.io/ent"

	"mzdesk/ent"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/counter"
	"mzdesk/internal/viewer"
)

// head names the Counter row that holds the last sealed event's place (value) and hash;
// sealers, one per server, lock it in turn.
const head = "audit"

// redacted fields never reach the audit log, only that they changed: password hashes,
// and photos' bytes.
var redacted = map[string]bool{"password_hash": true, "data": true}

// Hook records each mutation of every entity but the audit's own bookkeeping.
func Hook() entgo.Hook {
	return func(next entgo.Mutator) entgo.Mutator {
		return entgo.MutateFunc(func(ctx context.Context, m entgo.Mutation) (entgo.Value, error) {
			if m.Type() == ent.TypeAuditEvent || m.Type() == ent.TypeCounter || bookkeeping(m) {
				return next.Mutate(ctx, m)
			}
			var ids []int
			var before []map[string]any
			if !m.Op().Is(entgo.OpCreate) {
				var err error
				if ids, err = affected(ctx, m); err != nil {
					return nil, err
				}
				before = oldValues(ctx, m, len(ids))
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if m.Op().Is(entgo.OpCreate) {
				id, ok := m.(interface{ ID() (int, bool) }).ID()
				if !ok {
					return nil, fmt.Errorf("audit: created %s without an id", m.Type())
				}
				ids, before = []int{id}, []map[string]any{nil}
			}
			after := newValues(m)
			c := clientOf(m)
			events := make([]*ent.AuditEventCreate, len(ids))
			for i, id := range ids {
				if events[i], err = event(ctx, c, m.Op().String(), m.Type(), id, before[i], after); err != nil {
					return nil, err
				}
			}
			if tx, err := m.(interface{ Tx() (*ent.Tx, error) }).Tx(); err == nil {
				atCommit(tx, events)
				return v, nil
			}
			return v, insert(ctx, c, events)
		})
	}
}

// open holds the events of each open transaction, by its Key, until its commit, which
// inserts them in one statement: an allocation to 128 villages writes its 128 events at
// once.
var open = struct {
	sync.Mutex
	events map[any][]*ent.AuditEventCreate
}{events: map[any][]*ent.AuditEventCreate{}}

// atCommit adds events to tx's, and on tx's first events arranges for the commit to
// insert them all just before it commits, and for a rollback to drop them.
func atCommit(tx *ent.Tx, events []*ent.AuditEventCreate) {
	open.Lock()
	defer open.Unlock()
	held, ok := open.events[tx.Key()]
	open.events[tx.Key()] = append(held, events...)
	if ok {
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := insert(ctx, tx.Client(), take(tx)); err != nil {
				_ = tx.Rollback() // no change commits without its events
				return err
			}
			return next.Commit(ctx, tx)
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			take(tx)
			return next.Rollback(ctx, tx)
		})
	})
}

func take(tx *ent.Tx) []*ent.AuditEventCreate {
	open.Lock()
	defer open.Unlock()
	events := open.events[tx.Key()]
	delete(open.events, tx.Key())
	return events
}

// insert writes events through c in statements of at most 500 rows, well inside
// SQLite's limit on a statement's parameters.
func insert(ctx context.Context, c *ent.Client, events []*ent.AuditEventCreate) error {
	for len(events) > 0 {
		n := min(len(events), 500)
		if err := c.AuditEvent.CreateBulk(events[:n]...).Exec(ctx); err != nil {
			return fmt.Errorf("audit events: %w", err)
		}
		events = events[n:]
	}
	return nil
}

func clientOf(m entgo.Mutation) *ent.Client {
	return m.(interface{ Client() *ent.Client }).Client()
}

func affected(ctx context.Context, m entgo.Mutation) ([]int, error) {
	idm, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil, fmt.Errorf("audit: %s has no ids", m.Type())
	}
	return idm.IDs(ctx)
}

// oldValues are the changed fields' values before an update of one row; bulk updates
// and deletes record the new values only.
func oldValues(ctx context.Context, m entgo.Mutation, n int) []map[string]any {
	out := make([]map[string]any, n)
	if n != 1 || !m.Op().Is(entgo.OpUpdateOne) {
		return out
	}
	old := map[string]any{}
	for _, f := range m.Fields() {
		if v, err := m.OldField(ctx, f); err == nil {
			old[f] = value(f, v)
		}
	}
	out[0] = old
	return out
}

func newValues(m entgo.Mutation) map[string]any {
	if m.Op().Is(entgo.OpDelete | entgo.OpDeleteOne) {
		return nil
	}
	after := map[string]any{}
	for _, f := range m.Fields() {
		if v, ok := m.Field(f); ok {
			after[f] = value(f, v)
		}
	}
	for _, e := range m.AddedEdges() {
		after[e] = m.AddedIDs(e)
	}
	return after
}

func value(field string, v any) any {
	if redacted[field] {
		return "(changed)"
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return v
}

// event is one change as the audit records it, to be inserted through c, the client of
// the change's transaction. The sealer links it into the chain once the change commits.
func event(ctx context.Context, c *ent.Client, action, entityType string, entityID int, before, after map[string]any) (*ent.AuditEventCreate, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		v = &viewer.Viewer{Username: "public"}
	}
	create := c.AuditEvent.Create().
		SetAt(time.Now().UTC().Truncate(time.Microsecond)). // what MySQL's datetime(6) keeps
		SetActor(v.Username).SetAction(action).SetEntityType(entityType).SetEntityID(entityID)
	if v.UserID != 0 {
		create.SetActorID(v.UserID)
	}
	for _, part := range []struct {
		set    func(string) *ent.AuditEventCreate
		values map[string]any
	}{{create.SetBefore, before}, {create.SetAfter, after}} {
		text, err := encode(part.values)
		if err != nil {
			return nil, err
		}
		part.set(text)
	}
	return create, nil
}

func encode(m map[string]any) (string, error) {
	if m == nil {
		return "", nil
	}
	b, err := json.Marshal(m) // map keys come out sorted: the same event, the same text
	return string(b), err
}

// Hash is the hash of an event's content and the hash before it.
func Hash(e *ent.AuditEvent) string {
	actor := ""
	if e.ActorID != nil {
		actor = strconv.Itoa(*e.ActorID)
	}
	sum := sha256.New()
	for _, part := range []string{
		e.PrevHash, e.At.UTC().Format(time.RFC3339Nano), actor, e.Actor, e.Action,
		e.EntityType, strconv.Itoa(e.EntityID), e.Before, e.After,
	} {
		sum.Write([]byte(strconv.Itoa(len(part)) + ":" + part + ";")) // length-prefixed: no two events hash alike by shifting text
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// Check is the result of Verify.
type Check struct {
	OK bool
	// Events is how many sealed events were walked; Unsealed, how many were written
	// too recently to be linked yet (they are, within moments, by the sealer).
	Events, Unsealed int
	// FirstBrokenID is the first event whose hash or link does not hold, and Reason why.
	FirstBrokenID *int
	Reason        string
}

// Verify walks the chain in order, up to the head as it stands when the walk begins, and
// reports the first event that does not hold.
func Verify(ctx context.Context, c *ent.Client) (*Check, error) {
	res := &Check{OK: true}
	h, err := c.Counter.Query().Where(counter.Name(head)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		h = &ent.Counter{} // nothing sealed yet
	case err != nil:
		return nil, err
	}
	prev := ""
	const page = 1000
	for last := int64(-1); ; {
		events, err := c.AuditEvent.Query().
			Where(auditevent.SeqGT(last), auditevent.SeqLTE(h.Value)).
			Order(ent.Asc(auditevent.FieldSeq)).Limit(page).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			res.Events++
			switch {
			case e.PrevHash != prev:
				return broken(res, e.ID, "its link to the event before does not match (an event was removed or inserted)"), nil
			case Hash(e) != e.Hash:
				return broken(res, e.ID, "its content does not match its hash (the event was edited)"), nil
			}
			prev = e.Hash
		}
		if len(events) < page {
			break
		}
		last = *events[len(events)-1].Seq
	}
	if h.Hash != prev {
		return broken(res, 0, "the chain's head does not match its last event (events were removed from the end)"), nil
	}
	if res.Unsealed, err = c.AuditEvent.Query().Where(auditevent.SeqIsNil()).Count(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

func broken(res *Check, id int, reason string) *Check {
	res.OK, res.Reason = false, reason
	if id != 0 {
		res.FirstBrokenID = &id
	}
	return res
}
