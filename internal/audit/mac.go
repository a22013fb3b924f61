package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strconv"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/dispute"
	"mzdesk/ent/donation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/receipt"
)

// ledger names, for each kind of row the public trail and the certificates rest on, its
// table and the columns whose values the audit vouches for. Columns kept for speed or
// bookkeeping (timestamps, running totals) are left out: they are not what anyone signed.
// Adding a column here changes the state of every row of the kind, so it comes with a
// note in the release: rows written before it then read as changed.
var ledger = map[string]struct {
	table   string
	columns []string
}{
	ent.TypeDonation: {donation.Table, []string{donation.FieldReceiptNo, donation.FieldDonorID,
		donation.FieldDonatedOn, donation.FieldPurpose, donation.FieldPublicToken}},
	ent.TypeDonationLine: {donationline.Table, []string{donationline.FieldDonationID, donationline.FieldItemID,
		donationline.FieldQuantity, donationline.FieldEnteredQuantity, donationline.FieldEnteredUnit}},
	ent.TypeAllocation: {allocation.Table, []string{allocation.FieldLineID, allocation.FieldQuantity,
		allocation.FieldStatus, allocation.FieldVillageID, allocation.FieldInstitutionID,
		allocation.FieldEnterpriseID, allocation.FieldDispatchedAt}},
	ent.TypeReceipt: {receipt.Table, []string{receipt.FieldAllocationID, receipt.FieldReceiptNo,
		receipt.FieldConfirmedByID, receipt.FieldConfirmedAt, receipt.FieldReceivedQuantity,
		receipt.FieldRejectedQuantity, receipt.FieldRejectReason, receipt.FieldNote, receipt.FieldPhotoKey}},
	ent.TypeDispute: {dispute.Table, []string{dispute.FieldAllocationID, dispute.FieldOpenedAt,
		dispute.FieldReason, dispute.FieldStatus, dispute.FieldResolution, dispute.FieldResolvedAt,
		dispute.FieldResolvedByID, dispute.FieldReplacementID}},
}

// ledgerTypes are the keys of ledger in a fixed order, for the watch's sweeps.
var ledgerTypes = func() []string {
	var out []string
	for t := range ledger {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}()

// keyed writes length-prefixed parts into an HMAC under the chain's key: no two
// different lists of parts give the same text by shifting characters between them.
func (ch *Chain) keyed(purpose string, parts ...string) string {
	m := hmac.New(sha256.New, ch.key)
	writeParts(m, append([]string{purpose}, parts...))
	return hex.EncodeToString(m.Sum(nil))
}

func writeParts(h hash.Hash, parts []string) {
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p)) + ":" + p + ";"))
	}
}

// mac is an event's MAC: over everything it says, its state included.
func (ch *Chain) mac(r *record) string {
	actor := ""
	if r.actorID != nil {
		actor = strconv.Itoa(*r.actorID)
	}
	return ch.keyed("event", r.at.UTC().Format(time.RFC3339Nano), actor, r.actor, r.action,
		r.entityType, strconv.Itoa(r.entityID), r.before, r.after, r.state)
}

// link is the chain's hash of an event: its MAC and the hash of the event before it.
func (ch *Chain) link(prev, mac string) string { return ch.keyed("link", prev, mac) }

// recordOf reads a stored event back as the record it was written from.
func recordOf(e *ent.AuditEvent) *record {
	return &record{at: e.At, actorID: e.ActorID, actor: e.Actor, action: e.Action,
		entityType: e.EntityType, entityID: e.EntityID, before: e.Before, after: e.After, state: e.State}
}

// validMAC reports whether e is as mzdesk wrote it.
func (ch *Chain) validMAC(e *ent.AuditEvent) bool {
	return e.MAC != "" && hmac.Equal([]byte(e.MAC), []byte(ch.mac(recordOf(e))))
}

// legacyHash is how events sealed before the chain was keyed were hashed: plain SHA-256
// over the same parts. Such events can only open a chain; the first keyed event's MAC
// covers the last of them, so they cannot be rewritten either.
func legacyHash(e *ent.AuditEvent) string {
	actor := ""
	if e.ActorID != nil {
		actor = strconv.Itoa(*e.ActorID)
	}
	sum := sha256.New()
	writeParts(sum, []string{e.PrevHash, e.At.UTC().Format(time.RFC3339Nano), actor, e.Actor, e.Action,
		e.EntityType, strconv.Itoa(e.EntityID), e.Before, e.After})
	return hex.EncodeToString(sum.Sum(nil))
}

// stateMAC is the MAC of one ledger row's vouched-for columns; nil values for a row that
// is gone.
func (ch *Chain) stateMAC(typ string, id int, values []string) string {
	if values == nil {
		return ch.keyed("state", typ, strconv.Itoa(id), "(gone)")
	}
	return ch.keyed("state", append([]string{typ, strconv.Itoa(id)}, values...)...)
}

// width is how many vouched-for columns the widest kind of ledger row has.
var width = func() int {
	n := 0
	for _, spec := range ledger {
		n = max(n, len(spec.columns))
	}
	return n
}()

// project selects a kind of ledger row as the state MAC reads it: the kind, the id, and
// each vouched-for column as text, padded to width, so that rows of every kind come
// back from one UNION, in the same text whoever reads them.
func project(typ string) string {
	spec := ledger[typ]
	cols := make([]string, width)
	for i := range cols {
		cols[i] = "NULL"
		if i < len(spec.columns) {
			cols[i] = "CAST(" + spec.columns[i] + " AS CHAR)"
		}
	}
	return fmt.Sprintf("SELECT '%s', id, %s FROM %s", typ, strings.Join(cols, ", "), spec.table)
}

// states reads the rows named by ids (kind → ids), through c (the change's transaction,
// or the watch's plain client), and returns each row's state MAC by kind and id: one
// statement for up to 500 rows of any kinds. It reads with SQL of its own: what is
// vouched for is what the database holds, below any rule of privacy or any reading of
// ent's.
func (ch *Chain) states(ctx context.Context, c *ent.Client, ids map[string][]int) (map[string]map[int]string, error) {
	out := map[string]map[int]string{}
	var parts []string
	var args []any
	flush := func() error {
		if len(parts) == 0 {
			return nil
		}
		err := ch.scanStates(ctx, c, strings.Join(parts, " UNION ALL "), args, out)
		parts, args = nil, nil
		return err
	}
	for _, typ := range ledgerTypes {
		for rest := ids[typ]; len(rest) > 0; {
			n := min(len(rest), 500-len(args))
			parts = append(parts, project(typ)+" WHERE id IN ("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")")
			for _, id := range rest[:n] {
				args = append(args, id)
			}
			rest = rest[n:]
			if len(args) == 500 {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, flush()
}

// scanStates runs query, which selects project's columns, and adds each row's state to
// out.
func (ch *Chain) scanStates(ctx context.Context, c *ent.Client, query string, args []any, out map[string]map[int]string) error {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("audit: reading the ledger's rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		cells := make([]any, 2+width)
		ptrs := make([]any, len(cells))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("audit: reading the ledger's rows: %w", err)
		}
		typ := text(cells[0])
		spec, ok := ledger[typ]
		if !ok {
			return fmt.Errorf("audit: read a row of unknown kind %q", typ)
		}
		id, err := strconv.Atoi(text(cells[1]))
		if err != nil {
			return fmt.Errorf("audit: %s id %q: %w", typ, text(cells[1]), err)
		}
		values := make([]string, len(spec.columns))
		for i := range values {
			values[i] = text(cells[2+i])
		}
		if out[typ] == nil {
			out[typ] = map[int]string{}
		}
		out[typ][id] = ch.stateMAC(typ, id, values)
	}
	return rows.Err()
}

// text is a cell that project cast to text (or the id) as the state MAC covers it.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return "\x00null"
	case []byte:
		return string(v)
	default:
		return fmt.Sprint(v)
	}
}
