package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFilesAreGenerated: the committed kernels are this program's output,
// so a hand edit to one (or a change here not run through go generate)
// fails.
func TestFilesAreGenerated(t *testing.T) {
	for name, want := range files() {
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			g, w := strings.Split(string(got), "\n"), strings.Split(want, "\n")
			for i := range min(len(g), len(w)) {
				if g[i] != w[i] {
					t.Fatalf("%s line %d is %q, the generator writes %q: run go generate ./ops", name, i+1, g[i], w[i])
				}
			}
			t.Fatalf("%s has %d lines, the generator writes %d: run go generate ./ops", name, len(g), len(w))
		}
	}
}
