// Package audit writes an AuditEvent for every change, in the transaction of the change
// (a transaction's events in one statement, at its commit), and chains the events under
// a key kept outside the database (MZ_AUDIT_KEY):
//
//   - each event carries a MAC of its content, and for the ledger's rows (donations,
//     lines, allocations, receipts, disputes) a MAC of the row as the change left it;
//   - the sealer (Seal, run every moment by Run) numbers the committed events and links
//     each to the one before by a keyed hash, refusing events whose MAC does not hold
//     (rows inserted by hand);
//   - a watch (Watch) re-checks the chain and the ledger's current rows a slice at a time
//     in the background, so that an edit made directly in the database — to an event, to
//     the chain, or to a receipt itself — is found and named.
//
// Someone with the database but not the key can neither re-hash an edited chain nor
// forge an event the sealer accepts. The chain is built just after the commit rather than
// inside it: linking inside the change would make every writer in the city wait on the
// chain's one head row until its commit is on disk.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	entgo "entgo.io/ent"

	"mzdesk/ent"
	"mzdesk/internal/viewer"
)

// Chain writes, seals and checks audit events under one key. Every server sharing a
// database needs the same key, as with the JWT secret.
type Chain struct{ key []byte }

// New returns the chain keyed by key.
func New(key []byte) *Chain { return &Chain{key: key} }

// head names the Counter row that holds the last sealed event's place (value) and hash;
// sealers, one per server, lock it in turn.
const head = "audit"

// redacted fields never reach the audit log, only that they changed: password hashes,
// and photos' bytes.
var redacted = map[string]bool{"password_hash": true, "data": true}

// record is one change as the audit keeps it, before it becomes an AuditEvent.
type record struct {
	at            time.Time
	actorID       *int
	actor, action string
	entityType    string
	entityID      int
	before, after string
	state         string
}

// Hook records each mutation of every entity but the audit's own bookkeeping.
func (ch *Chain) Hook() entgo.Hook {
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
			records := make([]*record, len(ids))
			for i, id := range ids {
				if records[i], err = newRecord(ctx, m.Op().String(), m.Type(), id, before[i], after); err != nil {
					return nil, err
				}
			}
			if b := pendingOf(ctx); b != nil && inTx(m) {
				b.add(ch, records)
				return v, nil
			}
			return v, ch.write(ctx, clientOf(m), records)
		})
	}
}

// pending holds the events of a transaction opened by OpenTx, in the transaction's
// context: the hook adds each change's events, and the commit writes them all in one
// statement just before it commits, so an allocation to 128 villages writes its 128
// events at once. A change in a transaction opened otherwise writes its events at once,
// through the same transaction.
type pending struct {
	mu      sync.Mutex
	chain   *Chain
	records []*record
}

type pendingKey struct{}

func pendingOf(ctx context.Context) *pending {
	b, _ := ctx.Value(pendingKey{}).(*pending)
	return b
}

// inTx reports whether m runs in a transaction. A change made with a transaction's
// context through a client outside it commits on its own, and writes its events with it.
func inTx(m entgo.Mutation) bool {
	_, err := m.(interface{ Tx() (*ent.Tx, error) }).Tx()
	return err == nil
}

func (b *pending) add(ch *Chain, records []*record) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.chain = ch
	b.records = append(b.records, records...)
}

// OpenTx opens a transaction on c and returns it with a context that carries it (as
// ent.NewTxContext does) and the events pending in it. Every change made in the
// transaction must be made with that context: its events are written at the commit, in
// the transaction, or the commit fails and nothing is written.
func OpenTx(ctx context.Context, c *ent.Client) (context.Context, *ent.Tx, error) {
	tx, err := c.Tx(ctx)
	if err != nil {
		return ctx, nil, err
	}
	b := &pending{}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			b.mu.Lock()
			ch, records := b.chain, b.records
			b.records = nil
			b.mu.Unlock()
			if len(records) > 0 {
				if err := ch.write(ctx, tx.Client(), records); err != nil {
					_ = tx.Rollback() // no change commits without its events
					return err
				}
			}
			return next.Commit(ctx, tx)
		})
	})
	ctx = context.WithValue(ctx, pendingKey{}, b)
	ctx = ent.NewTxContext(ctx, tx)
	return ent.NewContext(ctx, tx.Client()), tx, nil
}

// write stamps records of the ledger's rows with the rows' state as they stand now (at
// the commit: what the change left), signs each, and inserts them through c in
// statements of at most 500 rows, well inside SQLite's limit on a statement's parameters.
func (ch *Chain) write(ctx context.Context, c *ent.Client, records []*record) error {
	if err := ch.stamp(ctx, c, records); err != nil {
		return err
	}
	events := make([]*ent.AuditEventCreate, len(records))
	for i, r := range records {
		events[i] = c.AuditEvent.Create().
			SetAt(r.at).SetNillableActorID(r.actorID).SetActor(r.actor).SetAction(r.action).
			SetEntityType(r.entityType).SetEntityID(r.entityID).
			SetBefore(r.before).SetAfter(r.after).SetState(r.state).SetMAC(ch.mac(r))
	}
	for len(events) > 0 {
		n := min(len(events), 500)
		if err := c.AuditEvent.CreateBulk(events[:n]...).Exec(ctx); err != nil {
			return fmt.Errorf("audit events: %w", err)
		}
		events = events[n:]
	}
	return nil
}

// stamp sets the state of each record of a ledger row: one read for all of them.
func (ch *Chain) stamp(ctx context.Context, c *ent.Client, records []*record) error {
	ids := map[string][]int{}
	for _, r := range records {
		if _, ok := ledger[r.entityType]; ok {
			ids[r.entityType] = append(ids[r.entityType], r.entityID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	states, err := ch.states(ctx, c, ids)
	if err != nil {
		return err
	}
	for _, r := range records {
		if _, ok := ledger[r.entityType]; ok {
			if r.state = states[r.entityType][r.entityID]; r.state == "" { // deleted in the change
				r.state = ch.stateMAC(r.entityType, r.entityID, nil)
			}
		}
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

// newRecord is one change as the audit records it, by the viewer of ctx.
func newRecord(ctx context.Context, action, entityType string, entityID int, before, after map[string]any) (*record, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		v = &viewer.Viewer{Username: "public"}
	}
	r := &record{
		at:    time.Now().UTC().Truncate(time.Microsecond), // what MySQL's datetime(6) keeps
		actor: v.Username, action: action, entityType: entityType, entityID: entityID,
	}
	if v.UserID != 0 {
		id := v.UserID
		r.actorID = &id
	}
	var err error
	if r.before, err = encode(before); err != nil {
		return nil, err
	}
	r.after, err = encode(after)
	return r, err
}

func encode(m map[string]any) (string, error) {
	if m == nil {
		return "", nil
	}
	b, err := json.Marshal(m) // map keys come out sorted: the same event, the same text
	return string(b), err
}
