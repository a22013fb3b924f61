// Package frontend holds the built SPA so that the single mzdesk binary can serve it.
package frontend

import (
	"embed"
	"io/fs"
)

// files holds the Vite build in dist/ (ignored by git, so absent in a fresh clone) and the
// committed dist-placeholder/. The pattern dist* matches both, so the Go build never needs
// Node, and a local SPA build leaves nothing modified for git.
//
//go:embed all:dist*
var files embed.FS

var dist = pick()

// Dist returns the built SPA (index.html at its root), or a page saying that the SPA has
// not been built when the binary was compiled without `make build`.
func Dist() fs.FS { return dist }

// pick prefers the real build and falls back to the placeholder; it panics at init if
// neither holds an index.html, since the binary could then serve no page at all.
func pick() fs.FS {
	for _, root := range []string{"dist", "dist-placeholder"} {
		sub, err := fs.Sub(files, root)
		if err != nil {
			panic("frontend: " + err.Error())
		}
		if _, err := fs.Stat(sub, "index.html"); err == nil {
			return sub
		}
	}
	panic("frontend: neither dist/index.html nor dist-placeholder/index.html is embedded")
}

// shells holds the templates of the pages the server paints before the SPA's scripts
// arrive on a slow link (internal/app's shell.go fills them in).
//
//go:embed shell/*.tmpl
var shells embed.FS

// Shells returns the first-paint templates, login.tmpl and landing.tmpl.
func Shells() fs.FS {
	sub, err := fs.Sub(shells, "shell")
	if err != nil {
		panic("frontend: " + err.Error())
	}
	return sub
}
