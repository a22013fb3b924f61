package audit

import "mzdesk/ent"

// What someone with the database but not the key can compute: an event's MAC and the
// chain's hashes under a key of their own guess, or the plain SHA-256 of the chain
// before it was keyed.

func (ch *Chain) MACOf(e *ent.AuditEvent) string { return ch.mac(recordOf(e)) }

func (ch *Chain) LinkOf(prev, mac string) string { return ch.link(prev, mac) }

func LegacyHash(e *ent.AuditEvent) string { return legacyHash(e) }
