package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// referenceFile is the CLI reference that README quotes.
const referenceFile = "REFERENCE.md"

// TestReference fails when REFERENCE.md differs from the --help output of
// the built binary, command by command; go generate (or -update) rewrites
// it.
func TestReference(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# pixtool command reference\n\n")
	b.WriteString("<!-- Generated from `pixtool ... --help` by `go generate ./cmd/pixtool`; do not edit. -->\n")
	root := newRootCmd(&app{})
	paths := [][]string{{}}
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			paths = append(paths, []string{c.Name()})
		}
	}
	paths = append(paths, []string{"completion"})
	for _, p := range paths {
		r := mustRun(t, "", 0, append(p, "--help")...)
		title := strings.Join(append([]string{"pixtool"}, p...), " ")
		fmt.Fprintf(&b, "\n## %s\n\n```text\n%s```\n", title, r.stdout)
	}
	if *update {
		if err := os.WriteFile(referenceFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatalf("%v (run go generate ./cmd/pixtool)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s differs from the --help output; run go generate ./cmd/pixtool\n%s", referenceFile, firstDiff(string(got), b.String()))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n  file: %q\n  help: %q", i+1, gl, wl)
		}
	}
	return ""
}

// TestReferenceCoversCommands checks that the reference names every
// command, so that a new command cannot be left out of README.
func TestReferenceCoversCommands(t *testing.T) {
	got, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !strings.Contains(string(got), "\n## "+c.CommandPath()+"\n") {
			t.Errorf("%s has no section for %q", referenceFile, c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(&app{}))
}
