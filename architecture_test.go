package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestArchitectureMapIsTrue keeps docs/architecture.md, the newcomer's map, true to the
// tree: every path it names exists, every package under internal/ has its line, and the
// "Where to start for a task" table leads each task to files that are there.
func TestArchitectureMapIsTrue(t *testing.T) {
	b, err := os.ReadFile("docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	code := regexp.MustCompile("`([^`\\s]+)`")
	for _, m := range code.FindAllStringSubmatch(doc, -1) {
		p := strings.TrimSuffix(m[1], "/")
		if !strings.HasPrefix(p, "internal/") && !strings.HasPrefix(p, "ent/") && !strings.HasPrefix(p, "graph/") &&
			!strings.HasPrefix(p, "frontend/") && !strings.HasPrefix(p, "docs/") || strings.ContainsAny(p, "*<{…?") {
			continue
		}
		if p == "frontend/dist" { // what make build writes
			continue
		}
		if dir, name := filepath.Split(p); strings.HasPrefix(p, "internal/") && strings.Contains(name, ".") &&
			filepath.Ext(name) != ".go" {
			p = dir + name[:strings.Index(name, ".")] // a package's identifier: internal/viewer.Viewer
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("docs/architecture.md names %s, which is not in the tree", m[1])
		}
	}

	dirs, err := os.ReadDir("internal")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && !strings.Contains(doc, "| `internal/"+d.Name()+"` |") {
			t.Errorf("internal/%s has no line in docs/architecture.md's table of packages", d.Name())
		}
	}

	_, tasks, ok := strings.Cut(doc, "## Where to start for a task")
	if !ok {
		t.Fatal("docs/architecture.md has no \"Where to start for a task\" section")
	}
	tasks, _, _ = strings.Cut(tasks, "\n## ")
	rows := 0
	for _, line := range strings.Split(tasks, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[1]), "task") || strings.HasPrefix(cells[1], "---") {
			continue
		}
		rows++
		found := false
		for _, m := range code.FindAllStringSubmatch(cells[2], -1) {
			if filepath.Ext(m[1]) != "" {
				if _, err := os.Stat(m[1]); err == nil {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("the task %q leads to no file in the tree", strings.TrimSpace(cells[1]))
		}
	}
	if rows < 10 {
		t.Errorf("%d tasks in \"Where to start for a task\", want at least ten", rows)
	}
}
