package audit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/counter"
	"mzdesk/internal/viewer"
)

// Check is what the watch has found so far.
type Check struct {
	OK bool
	// Events is how many sealed events have been checked, from the first on; Head, how
	// many the chain held at the last look; Unsealed, how many were written too recently
	// to be linked yet (they are, within moments, by the sealer).
	Events, Head, Unsealed int
	// Rows is how many times a row of the ledger was checked against its last event.
	Rows int
	// FirstBrokenID is the first event found not to hold (or the last event of a row
	// changed behind the audit's back), and Reason says what was found.
	FirstBrokenID *int
	Reason        string
	CheckedAt     time.Time
}

// link is a place in the chain: an event's seq and hash, and whether the chain is keyed
// from there on.
type link struct {
	seq   int64
	hash  string
	keyed bool
}

// Watch checks the chain and the ledger a slice at a time: each Step walks the events
// sealed since the last step, re-walks a window of older ones (so that an edit to an
// event already checked is found on a later lap), and compares a page of each kind of
// ledger row with the state its last event vouches for. Once it finds something broken
// it keeps reporting that until the server restarts.
type Watch struct {
	chain *Chain
	c     *ent.Client
	// limits of one step: new events (0: all), older events (0: none), rows of each kind
	// (0: all).
	forward, lap, rows int

	mu    sync.Mutex
	check Check
	tip   link           // the last event checked
	back  link           // where the lap over older events stands
	after map[string]int // per kind of ledger row, the last id checked
}

// Watch returns a watch over the chain stored through c that checks, in each Step, at
// most 20,000 new events, 2,000 older ones and 500 rows of each kind: at a step every
// ten seconds, a city's year of events and rows is re-checked within the day.
func (ch *Chain) Watch(c *ent.Client) *Watch {
	return &Watch{chain: ch, c: c, forward: 20_000, lap: 2_000, rows: 500,
		check: Check{OK: true}, after: map[string]int{}}
}

// Verify checks the whole chain and every ledger row at once: for tests and for a
// one-off look; servers run a Watch instead.
func (ch *Chain) Verify(ctx context.Context, c *ent.Client) (*Check, error) {
	w := &Watch{chain: ch, c: c, check: Check{OK: true}, after: map[string]int{}}
	if err := w.Step(ctx); err != nil {
		return nil, err
	}
	res := w.Status()
	return &res, nil
}

// Status is what the watch has found so far.
func (w *Watch) Status() Check {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.check
}

// Run steps every interval until ctx ends.
func (w *Watch) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	steps := roundLog{what: "checking the audit chain"}
	for {
		if err := w.Step(ctx); ctx.Err() == nil {
			steps.after(err)
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
}

// Step checks the next slice. An error means the database could not be read; what it
// read that does not hold goes into Status.
func (w *Watch) Step(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx, viewer.Seal)
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.check.OK {
		return nil
	}
	h, err := w.c.Counter.Query().Where(counter.Name(head)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		h = &ent.Counter{} // nothing sealed yet
	case err != nil:
		return err
	}
	w.check.Head = int(h.Value)
	if refused, err := w.c.AuditEvent.Query().Where(auditevent.Seq(0)).First(ctx); err == nil {
		return w.broken(refused.ID, "it was not written by mzdesk: its MAC does not hold, and the sealer refused it")
	} else if !ent.IsNotFound(err) {
		return err
	}
	if h.Value < w.tip.seq {
		return w.broken(0, "the chain's head went back: events were removed from its end")
	}
	tip, bad, err := w.walk(ctx, w.tip, h.Value, w.forward)
	if err != nil || bad != nil {
		return w.fail(bad, err)
	}
	w.tip = tip
	w.check.Events = int(tip.seq)
	if tip.seq == h.Value && tip.hash != h.Hash {
		return w.broken(0, "the chain's head does not match its last event: events were removed from its end, or the head rewritten")
	}
	if w.lap > 0 {
		if w.back.seq >= w.tip.seq {
			w.back = link{} // a new lap
		}
		back, bad, err := w.walk(ctx, w.back, w.tip.seq, w.lap)
		if err != nil || bad != nil {
			return w.fail(bad, err)
		}
		w.back = back
	}
	for _, typ := range ledgerTypes {
		if err := w.checkRows(ctx, typ); err != nil || !w.check.OK {
			return err
		}
	}
	n, err := w.c.AuditEvent.Query().Where(auditevent.SeqIsNil()).Count(ctx)
	if err != nil {
		return err
	}
	w.check.Unsealed, w.check.CheckedAt = n, time.Now()
	return nil
}

// finding is an event that does not hold, and why.
type finding struct {
	id     int
	reason string
}

func (w *Watch) fail(bad *finding, err error) error {
	if err != nil {
		return err
	}
	return w.broken(bad.id, bad.reason)
}

func (w *Watch) broken(id int, reason string) error {
	w.check.OK, w.check.Reason, w.check.CheckedAt = false, reason, time.Now()
	if id != 0 {
		w.check.FirstBrokenID = &id
	}
	slog.Error("the audit chain does not hold", "event", id, "reason", reason)
	return nil
}

// walk checks the sealed events after from, up to place to and at most limit of them
// (0: no limit), and returns the last place it checked, or the first event that does not
// hold.
func (w *Watch) walk(ctx context.Context, from link, to int64, limit int) (link, *finding, error) {
	for walked := 0; from.seq < to && (limit == 0 || walked < limit); {
		page := 1000
		if limit != 0 {
			page = min(page, limit-walked)
		}
		events, err := w.c.AuditEvent.Query().
			Where(auditevent.SeqGT(from.seq), auditevent.SeqLTE(to)).
			Order(ent.Asc(auditevent.FieldSeq)).Limit(page).All(ctx)
		if err != nil {
			return from, nil, err
		}
		if len(events) == 0 {
			return from, &finding{0, fmt.Sprintf("events %d to %d of the chain are missing", from.seq+1, to)}, nil
		}
		for _, e := range events {
			if bad := w.chain.follows(from, e); bad != "" {
				return from, &finding{e.ID, bad}, nil
			}
			from = link{seq: *e.Seq, hash: e.Hash, keyed: from.keyed || e.MAC != ""}
		}
		walked += len(events)
	}
	return from, nil, nil
}

// follows says what is wrong with e as the event after prev, or "".
func (ch *Chain) follows(prev link, e *ent.AuditEvent) string {
	switch {
	case *e.Seq != prev.seq+1:
		return "the events before it are missing"
	case e.PrevHash != prev.hash:
		return "its link to the event before does not match: an event was removed, inserted or edited"
	case e.MAC == "" && prev.keyed:
		return "it has no MAC, though the chain was keyed before it: it was inserted"
	case e.MAC == "" && legacyHash(e) != e.Hash:
		return "its content does not match its hash: the event was edited"
	case e.MAC != "" && !ch.validMAC(e):
		return "its content does not match its MAC: the event was edited"
	case e.MAC != "" && e.Hash != ch.link(prev.hash, e.MAC):
		return "its hash does not hold: the chain was re-hashed without the key"
	}
	return ""
}

// checkRows compares the next page of one kind of ledger row with its last event.
func (w *Watch) checkRows(ctx context.Context, typ string) error {
	for {
		page := 500
		if w.rows != 0 {
			page = w.rows
		}
		read := map[string]map[int]string{}
		if err := w.chain.scanStates(ctx, w.c, project(typ)+" WHERE id > ? ORDER BY id LIMIT ?", []any{w.after[typ], page}, read); err != nil {
			return err
		}
		states := read[typ]
		ids := make([]int, 0, len(states))
		last := w.after[typ]
		for id := range states {
			ids = append(ids, id)
			last = max(last, id)
		}
		if err := w.compare(ctx, typ, ids, states); err != nil || !w.check.OK {
			return err
		}
		w.check.Rows += len(ids)
		if len(ids) < page {
			w.after[typ] = 0 // the next step begins a new lap
			return nil
		}
		w.after[typ] = last
		if w.rows != 0 {
			return nil
		}
	}
}

// compare checks each row's state against its last event's. A change that commits
// between the two reads shows as a difference; such rows are read again, and only a
// difference that stays, with the same last event, is reported.
func (w *Watch) compare(ctx context.Context, typ string, ids []int, states map[int]string) error {
	if len(ids) == 0 {
		return nil
	}
	last, err := w.lastEvents(ctx, typ, ids)
	if err != nil {
		return err
	}
	var suspects []int
	for _, id := range ids {
		e := last[id]
		if e == nil || (e.State != "" && e.State != states[id]) {
			suspects = append(suspects, id)
		}
	}
	if len(suspects) == 0 {
		return nil
	}
	read, err := w.chain.states(ctx, w.c, map[string][]int{typ: suspects})
	if err != nil {
		return err
	}
	again := read[typ]
	lastAgain, err := w.lastEvents(ctx, typ, suspects)
	if err != nil {
		return err
	}
	for _, id := range suspects {
		e, e2 := last[id], lastAgain[id]
		switch {
		case e2 == nil:
			return w.broken(0, fmt.Sprintf("%s %d has no audit event: it was written outside mzdesk", typ, id))
		case e != nil && e.ID == e2.ID && e2.State != again[id]:
			return w.broken(e2.ID, fmt.Sprintf("%s %d is not as its last audit event left it: it was changed outside mzdesk", typ, id))
		}
	}
	return nil
}

// lastEvents finds, for each row, its latest event that mzdesk wrote (a forged event
// vouches for nothing). Rows last changed before the chain was keyed have an event
// without a state, which vouches for nothing either.
func (w *Watch) lastEvents(ctx context.Context, typ string, ids []int) (map[int]*ent.AuditEvent, error) {
	events, err := w.c.AuditEvent.Query().
		Where(auditevent.EntityType(typ), auditevent.EntityIDIn(ids...)).
		Order(ent.Desc(auditevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int]*ent.AuditEvent{}
	for _, e := range events {
		legacy := e.MAC == "" && e.Seq != nil && *e.Seq > 0
		if out[e.EntityID] == nil && (legacy || w.chain.validMAC(e)) {
			out[e.EntityID] = e
		}
	}
	return out, nil
}
