// Package ent is the data layer of mzdesk: the schemas in ./schema, the code entc generates
// from them, and the privacy rules that decide what each viewer may read and write.
package ent

//go:generate go run -mod=mod entc.go
