// This file is written by hand, beside the generated code: it needs the transaction's
// unexported driver.

package ent

// Key identifies the database transaction tx stands for. ent makes a new Tx value for
// each mutation that asks for its transaction; all of one transaction's have one Key.
func (tx *Tx) Key() any { return tx.config.driver }
