package audit_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/counter"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
	"mzdesk/internal/audit"
	"mzdesk/internal/quantity"
	"mzdesk/internal/viewer"
)

func TestMain(m *testing.M) {
	if err := apptest.Announce("internal/audit"); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestChainCatchesEdits makes, directly in the database, each edit someone with database
// access but not the audit key could make to hide or forge a change, and checks that
// the chain's check names it; each edit is undone and the chain holds again.
func TestChainCatchesEdits(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s, ctx, receipt := startWithReceipt(t, db)
			c, chain := s.App.Client, s.App.Audit
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.App.DB.Exec(q, args...); err != nil {
					t.Fatal(err)
				}
			}
			seal := func() {
				t.Helper()
				if _, err := chain.Seal(context.Background(), c); err != nil {
					t.Fatal(err)
				}
			}
			verify := func() *audit.Check {
				t.Helper()
				check, err := chain.Verify(context.Background(), c)
				if err != nil {
					t.Fatal(err)
				}
				return check
			}
			holds := func(when string) {
				t.Helper()
				if check := verify(); !check.OK || check.Events == 0 || check.Rows == 0 || check.Events != check.Head {
					t.Fatalf("%s: %+v, want the whole chain and every ledger row holding", when, check)
				}
			}
			broken := func(what string, atEvent int, reason string) {
				t.Helper()
				check := verify()
				switch {
				case check.OK:
					t.Errorf("%s: the chain still holds", what)
				case atEvent != 0 && (check.FirstBrokenID == nil || *check.FirstBrokenID != atEvent):
					t.Errorf("%s: broken at %v (%s), want event %d", what, check.FirstBrokenID, check.Reason, atEvent)
				case !strings.Contains(check.Reason, reason):
					t.Errorf("%s: reason %q, want it to say %q", what, check.Reason, reason)
				}
			}
			seal()
			holds("untouched")

			t.Run("a receipt raised by 7,000 kg in the database", func(t *testing.T) {
				exec(`UPDATE receipts SET received_quantity = received_quantity + ? WHERE id = ?`, 7_000*quantity.Scale, receipt.ID)
				broken("raised receipt", 0, fmt.Sprintf("Receipt %d is not as its last audit event left it", receipt.ID))
				exec(`UPDATE receipts SET received_quantity = ? WHERE id = ?`, int64(receipt.ReceivedQuantity), receipt.ID)
				holds("receipt put back")
			})

			events := c.AuditEvent.Query().Where(auditevent.SeqGT(0)).Order(ent.Asc(auditevent.FieldSeq)).AllX(ctx)
			victim := events[len(events)/2]
			head := c.Counter.Query().Where(counter.Name("audit")).OnlyX(ctx)
			rewrite := func(events []*ent.AuditEvent, headHash string) {
				t.Helper()
				for _, e := range events {
					exec("UPDATE audit_events SET `after` = ?, mac = ?, prev_hash = ?, hash = ? WHERE id = ?", e.After, e.MAC, e.PrevHash, e.Hash, e.ID)
				}
				exec(`UPDATE counters SET hash = ? WHERE id = ?`, headHash, head.ID)
			}
			for name, rehash := range map[string]func(prev string, e *ent.AuditEvent) string{
				"with a guessed key": func(prev string, e *ent.AuditEvent) string {
					guess := audit.New([]byte("a key of the editor's own guessing"))
					e.MAC = guess.MACOf(e)
					return guess.LinkOf(prev, e.MAC)
				},
				"with plain SHA-256": func(prev string, e *ent.AuditEvent) string {
					e.MAC = ""
					return audit.LegacyHash(e)
				},
			} {
				t.Run("one event rewritten and the rest of the chain re-hashed "+name, func(t *testing.T) {
					var forged []*ent.AuditEvent
					prev := victim.PrevHash
					for _, e := range events[len(events)/2:] {
						f := *e
						if f.ID == victim.ID {
							f.After = `{"received_quantity":7000000000}`
						}
						f.PrevHash = prev
						f.Hash = rehash(prev, &f)
						prev = f.Hash
						forged = append(forged, &f)
					}
					rewrite(forged, prev)
					broken("re-hashed chain", victim.ID, "")
					rewrite(events[len(events)/2:], head.Hash)
					holds("chain put back")
				})
			}

			t.Run("an event edited", func(t *testing.T) {
				exec("UPDATE audit_events SET `after` = ? WHERE id = ?", `{"receipt_no":"FORGED"}`, victim.ID)
				broken("edited event", victim.ID, "does not match its MAC")
				exec("UPDATE audit_events SET `after` = ? WHERE id = ?", victim.After, victim.ID)
				holds("event put back")
			})

			t.Run("an event removed", func(t *testing.T) {
				exec(`DELETE FROM audit_events WHERE id = ?`, victim.ID)
				broken("removed event", events[len(events)/2+1].ID, "")
			})
		})
	}
}

// TestSealerRefusesForgedEvents inserts events by hand, as someone with the database but
// not the key would to make a forged change look recorded: the sealer leaves them out of
// the chain, and the check names them.
func TestSealerRefusesForgedEvents(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s, ctx, receipt := startWithReceipt(t, db)
			c, chain := s.App.Client, s.App.Audit
			if _, err := chain.Seal(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			before := c.Counter.Query().Where(counter.Name("audit")).OnlyX(ctx)
			for _, mac := range []string{"", strings.Repeat("ab", 32)} {
				res, err := s.App.DB.Exec("INSERT INTO audit_events (`at`, actor, action, entity_type, entity_id, `before`, `after`, state, mac, prev_hash, hash) "+
					`VALUES (?, 'admin', 'UpdateOne', 'Receipt', ?, '', '{"received_quantity":7000000000}', '', ?, '', '')`,
					time.Now().UTC(), receipt.ID, mac)
				if err != nil {
					t.Fatal(err)
				}
				forged, _ := res.LastInsertId()
				if _, err := chain.Seal(context.Background(), c); err != nil {
					t.Fatal(err)
				}
				e := c.AuditEvent.GetX(ctx, int(forged))
				after := c.Counter.Query().Where(counter.Name("audit")).OnlyX(ctx)
				if e.Seq == nil || *e.Seq != 0 || after.Value != before.Value || after.Hash != before.Hash {
					t.Errorf("forged event (MAC %q) sealed at %v; head %d → %d", mac, e.Seq, before.Value, after.Value)
				}
				check, err := chain.Verify(context.Background(), c)
				if err != nil {
					t.Fatal(err)
				}
				if check.OK || check.FirstBrokenID == nil || *check.FirstBrokenID != int(forged) || !strings.Contains(check.Reason, "not written by mzdesk") {
					t.Errorf("forged event %d (MAC %q): check %+v", forged, mac, check)
				}
				if _, err := s.App.DB.Exec(`DELETE FROM audit_events WHERE id = ?`, forged); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// startWithReceipt runs mzdesk on db and records, as the demo's seed work would, a
// receipt for one of the demo's allocations: a ledger row with events that vouch for it.
// It returns the server, the seed work's context and the receipt.
func startWithReceipt(t *testing.T, db apptest.Database) (*apptest.Server, context.Context, *ent.Receipt) {
	t.Helper()
	s := apptest.Start(t, db)
	ctx := viewer.SystemContext(context.Background(), viewer.Seed)
	c := s.App.Client
	a := c.Allocation.Query().Where(allocation.StatusEQ(allocation.StatusDISPATCHED)).FirstX(ctx)
	by := c.User.Query().Where(user.Username("admin")).OnlyIDX(ctx)
	r := c.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo("TEST-0001").SetConfirmedByID(by).
		SetConfirmedAt(time.Now()).SetReceivedQuantity(a.Quantity).SetIdempotencyKey("audit-test").SaveX(ctx)
	c.Allocation.UpdateOne(a).SetStatus(allocation.StatusRECEIVED).ExecX(ctx)
	return s, ctx, r
}
