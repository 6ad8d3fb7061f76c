package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestPrunedTree checks the law of newRootCmdFor: a run that builds only
// the command its first argument names prints and exits exactly as the
// same run through the whole tree, for help, usage errors, a file that
// does not exist and a real file; and the pruned tree has that one
// command (--version alone: none), so the saving it exists for is really
// made.
func TestPrunedTree(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "a.ppm")
	if err := os.WriteFile(img, []byte("P6\n2 1\n255\n\x01\x02\x03\x04\x05\x06"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	tails := [][]string{
		{"--help"},
		{},
		{"--no-such-flag"},
		{filepath.Join(dir, "missing.png")},
		{"--json", "--out", out, img},
	}
	runOnce := func(whole bool, args []string) result {
		var stdout, stderr bytes.Buffer
		a := &app{fmts: defaultFormats(), st: localStore{}, stdout: &stdout, stderr: &stderr}
		root := newRootCmdFor(a, args)
		if whole {
			root = newRootCmd(a)
		}
		code := a.runTree(root, args)
		// The time a run took, and the speed from it, are the one thing
		// two runs may differ in.
		secs := regexp.MustCompile(`"seconds":[0-9.e-]+|in [0-9.]+s, [0-9.]+ [A-Za-z]*/s`)
		return result{secs.ReplaceAllString(stdout.String(), "T"), secs.ReplaceAllString(stderr.String(), "T"), code}
	}
	if whole, root := runOnce(true, []string{"--version"}), runOnce(false, []string{"--version"}); whole != root || whole.stdout == "" {
		t.Errorf("pixtool --version through the whole tree:\n%+v\nthrough the root alone:\n%+v", whole, root)
	}
	if n := len(newRootCmdFor(&app{}, []string{"--version"}).Commands()); n != 0 {
		t.Errorf("the tree for --version has %d commands, want 0", n)
	}
	for _, c := range subcommands() {
		if n := len(newRootCmdFor(&app{}, []string{c.name}).Commands()); n != 1 {
			t.Errorf("the tree for %q has %d commands, want 1", c.name, n)
		}
		for _, tail := range tails {
			args := append([]string{c.name}, tail...)
			os.RemoveAll(out)
			whole := runOnce(true, args)
			os.RemoveAll(out)
			pruned := runOnce(false, args)
			if whole != pruned {
				t.Errorf("pixtool %q through the whole tree:\n%+v\nthrough the pruned one:\n%+v", args, whole, pruned)
			}
		}
	}
	// Anything else gets the whole tree: help lists every command, and a
	// misspelt name is answered with suggestions.
	var names []string
	for _, c := range subcommands() {
		names = append(names, c.name)
	}
	slices.Sort(names)
	for _, args := range [][]string{nil, {"--version", "--help"}, {"help"}, {"flp"}, {"__complete", ""}} {
		var got []string
		for _, c := range newRootCmdFor(&app{}, args).Commands() {
			got = append(got, c.Name())
		}
		slices.Sort(got)
		if !slices.Equal(got, names) {
			t.Errorf("tree for %q has commands %v, want %v", args, got, names)
		}
	}
}
