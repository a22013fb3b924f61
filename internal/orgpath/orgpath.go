// Package orgpath reads the materialized paths of org units ("430700/430702/430702001/"):
// the codes from the city down, each followed by a slash.
package orgpath

import "strings"

// County is the county-level code of a path ("430700/430702/…" → "430702"), or the
// city's code for a path that stops at the city.
func County(path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(parts) > 1 {
		return parts[1]
	}
	return parts[0]
}
