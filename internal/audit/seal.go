package audit

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"mzdesk/ent"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/counter"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/database"
	"mzdesk/internal/viewer"
)

// DayHeadPrefix begins the names of the Counter rows that keep the chain's head as it
// stood at the end of each day (DayHeadPrefix + "2020-02-05").
const DayHeadPrefix = "audit-day-"

// batch is how many events one sealing transaction links: one SELECT and one UPDATE
// for all of them.
const batch = 500

// sealRetries bounds how many times a batch that lost the chain's head to another
// sealer is tried again at once; past it the next round of Run tries.
const sealRetries = 4

// Seal links every committed event not yet in the chain, oldest first, and returns how
// many it took (linked or refused). Servers sharing a database take turns on the chain's head, so each
// event is sealed once. An event whose MAC does not hold was not written by mzdesk: the
// sealer gives it place 0, outside the chain, where the watch reports it.
func (ch *Chain) Seal(ctx context.Context, c *ent.Client) (int, error) {
	ctx = viewer.SystemContext(ctx, viewer.Seal)
	total := 0
	for {
		// A cheap look first: most moments there is nothing to seal, and a look takes
		// no lock.
		waiting, err := c.AuditEvent.Query().Where(auditevent.SeqIsNil()).Exist(ctx)
		if err != nil || !waiting {
			return total, err
		}
		n, err := ch.sealBatch(ctx, c)
		// Another server's sealer took the head first: on Galera, through another node,
		// this one's transaction fails certification (1213). After a moment the head it
		// left is there to build on.
		for try := 0; database.Conflict(err) && try < sealRetries; try++ {
			if !database.Sleep(ctx, database.Backoff(try, 10*time.Millisecond, 160*time.Millisecond)) {
				return total, err
			}
			n, err = ch.sealBatch(ctx, c)
		}
		total += n
		if err != nil || n < batch {
			return total, err
		}
	}
}

func (ch *Chain) sealBatch(ctx context.Context, c *ent.Client) (n int, err error) {
	tx, err := c.Tx(ctx)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err := tx.Counter.Create().SetName(head).OnConflictColumns(counter.FieldName).Ignore().Exec(ctx); err != nil {
		return 0, fmt.Errorf("audit head: %w", err)
	}
	q := tx.Counter.Query().Where(counter.Name(head))
	q.Modify(database.LockRows)
	h, err := q.Only(ctx)
	if err != nil {
		return 0, fmt.Errorf("audit head: %w", err)
	}
	// Read after the head is held: on MySQL this plain read's snapshot then includes
	// whatever the sealer before us linked. A plain read takes no gap locks, so writers
	// inserting new events never wait for the sealer.
	events, err := tx.AuditEvent.Query().Where(auditevent.SeqIsNil()).
		Order(ent.Asc(auditevent.FieldID)).Limit(batch).All(ctx)
	if err != nil || len(events) == 0 {
		return 0, tx.Rollback()
	}
	ids := make([]int, len(events))
	var seqs, prevs, hashes caseByID
	seq, prev := h.Value, h.Hash
	for i, e := range events {
		ids[i] = e.ID
		if !ch.validMAC(e) {
			seqs.add(e.ID, 0)
			prevs.add(e.ID, "")
			hashes.add(e.ID, "")
			slog.Error("audit: refused an event whose MAC does not hold; it was not written by mzdesk", "event", e.ID)
			continue
		}
		seq++
		seqs.add(e.ID, seq)
		prevs.add(e.ID, prev)
		prev = ch.link(prev, e.MAC)
		hashes.add(e.ID, prev)
	}
	linked, err := tx.AuditEvent.Update().Where(auditevent.IDIn(ids...), auditevent.SeqIsNil()).
		Modify(func(u *sql.UpdateBuilder) {
			u.Set(auditevent.FieldSeq, seqs.expr()).
				Set(auditevent.FieldPrevHash, prevs.expr()).
				Set(auditevent.FieldHash, hashes.expr())
		}).Save(ctx)
	switch {
	case err != nil:
		return 0, fmt.Errorf("sealing audit events: %w", err)
	case linked != len(events): // another node's sealer, which our lock on the head did not reach
		return 0, fmt.Errorf("sealing audit events: %d of %d were linked by another sealer meanwhile: %w", len(events)-linked, len(events), database.ErrRaced)
	}
	if seq == h.Value { // every one refused
		return len(events), tx.Commit()
	}
	if err := tx.Counter.Update().Where(counter.ID(h.ID)).SetValue(seq).SetHash(prev).Exec(ctx); err != nil {
		return 0, fmt.Errorf("audit head: %w", err)
	}
	// The head as it stands at the end of each China day, for the public page: an
	// outsider who notes it can later tell whether the chain up to it was rewritten.
	if err := tx.Counter.Create().SetName(DayHeadPrefix + chinatime.Today()).SetValue(seq).SetHash(prev).
		OnConflictColumns(counter.FieldName).UpdateValue().UpdateHash().Exec(ctx); err != nil {
		return 0, fmt.Errorf("audit day head: %w", err)
	}
	return len(events), tx.Commit()
}

// caseByID builds `CASE id WHEN ? THEN ? … END`: one column's new value for each row of
// a batch, in one statement that both SQLite and MySQL run.
type caseByID struct {
	sql  strings.Builder
	args []any
}

func (c *caseByID) add(id int, v any) {
	c.sql.WriteString(" WHEN ? THEN ?")
	c.args = append(c.args, id, v)
}

func (c *caseByID) expr() sql.Querier {
	return sql.Expr("CASE "+auditevent.FieldID+c.sql.String()+" END", c.args...)
}

// Run seals every interval until ctx ends, then once more (for at most 5 s), so that an event waits
// moments, not minutes, to be protected by the chain. A failed round is logged and
// retried on the next tick: the events stay unsealed, not lost.
func (ch *Chain) Run(ctx context.Context, c *ent.Client, interval time.Duration, sealed func(int)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	rounds := roundLog{what: "sealing the audit chain"}
	round := func(ctx context.Context) {
		n, err := ch.Seal(ctx, c)
		if n > 0 {
			sealed(n)
		}
		if ctx.Err() == nil {
			rounds.after(err)
		}
	}
	for {
		select {
		case <-tick.C:
			round(ctx)
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second) // a shutdown does not wait on a database that hangs
			round(last)
			cancel()
			return
		}
	}
}

// roundLog logs how the rounds of a background loop (the sealer, the watch) end. On a
// cluster some failures are expected: a round that lost a race for the chain's head to
// another node's sealer (Galera's certification conflict, answered 1213, or a lock wait
// that ran out), or that found its database node down or not yet synced. Nothing is lost
// (the next round tries again), so they are a warning, once until a round succeeds
// again, which is then noted; anything else is a fault for someone to look at, an error
// each time.
type roundLog struct {
	what   string
	failed int // expected failures since the last round that succeeded
}

func (l *roundLog) after(err error) {
	switch {
	case err == nil:
		if l.failed > 0 {
			slog.Info(l.what+" again", "failedRounds", l.failed)
			l.failed = 0
		}
	case database.Conflict(err) || database.Unavailable(err):
		if l.failed++; l.failed == 1 {
			slog.Warn(l.what+": the database is busy or out of reach; trying again each round", "err", err)
		}
	default:
		slog.Error(l.what, "err", err)
	}
}

// DayHead is the chain's head as it stood at the end of one China day.
type DayHead struct {
	Day    string
	Events int
	Hash   string
}

// DayHeads are the heads of the last days days that saw events sealed, newest first:
// public, for anyone to note.
func DayHeads(ctx context.Context, c *ent.Client, days int) ([]DayHead, error) {
	rows, err := c.Counter.Query().Where(counter.NameHasPrefix(DayHeadPrefix)).
		Order(ent.Desc(counter.FieldName)).Limit(days).All(viewer.SystemContext(ctx, viewer.Public))
	if err != nil {
		return nil, err
	}
	out := make([]DayHead, len(rows))
	for i, r := range rows {
		out[i] = DayHead{Day: strings.TrimPrefix(r.Name, DayHeadPrefix), Events: int(r.Value), Hash: r.Hash}
	}
	return out, nil
}
