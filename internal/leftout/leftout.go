// Package leftout describes the recipients a whole-pack split left without anything (120
// barrels over 128 villages leaves 8 waiting). It is its own small package because the ent
// schema stores them on the donation line as JSON and the generated code must import the type.
package leftout

import "time"

// Entry is one recipient (a village, institution or enterprise id) that a split of the line
// gave nothing, and when: the charity office's list of whom to serve next, oldest first.
type Entry struct {
	RecipientID int       `json:"recipientID"`
	Since       time.Time `json:"since"`
}

// Merge adds the recipients in add that are not already waiting, keeping the older date of
// those that are, and drops those in served (they have since been given something).
func Merge(list []Entry, add []Entry, served map[int]bool) []Entry {
	out := make([]Entry, 0, len(list)+len(add))
	seen := map[int]bool{}
	for _, e := range list {
		if !served[e.RecipientID] && !seen[e.RecipientID] {
			seen[e.RecipientID] = true
			out = append(out, e)
		}
	}
	for _, e := range add {
		if !served[e.RecipientID] && !seen[e.RecipientID] {
			seen[e.RecipientID] = true
			out = append(out, e)
		}
	}
	return out
}

// Contains reports whether any entry of list is one of ids.
func Contains(list []Entry, ids map[int]bool) bool {
	for _, e := range list {
		if ids[e.RecipientID] {
			return true
		}
	}
	return false
}
