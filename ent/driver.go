// This file is written by hand, beside the generated code: it needs the client's
// unexported driver.

package ent

import "entgo.io/ent/dialect"

// Key identifies the database transaction tx stands for. ent makes a new Tx value for
// each mutation that asks for its transaction; all of one transaction's have one Key.
func (tx *Tx) Key() any { return tx.config.driver }

// Driver is the connection, or the transaction, that c sends its statements through:
// for the rare statement ent cannot build, such as a counter's increment that returns
// its new value in the same round trip.
func (c *Client) Driver() dialect.Driver { return c.driver }
