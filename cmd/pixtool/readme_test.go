package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickStartTwice runs the quick start commands of this directory's
// README.md twice each, from the repository root, as a newcomer who runs
// them again would: both runs must succeed. Paths under /tmp/ go to a
// temporary directory of the test.
func TestQuickStartTwice(t *testing.T) {
	f, err := os.Open("README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tmp := t.TempDir()
	var cmds [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "go run ./cmd/pixtool ")
		if !ok {
			continue
		}
		args := strings.Fields(line)
		for i, a := range args {
			if rest, ok := strings.CutPrefix(a, "/tmp/"); ok {
				args[i] = filepath.Join(tmp, rest)
			}
		}
		cmds = append(cmds, args)
	}
	if len(cmds) < 2 {
		t.Fatalf("README.md shows %d commands to run", len(cmds))
	}
	for _, args := range cmds {
		for run := 1; run <= 2; run++ {
			r := pixtool(t, "../..", nil, args...)
			if r.code != 0 {
				t.Errorf("run %d of pixtool %s: exit %d\n%s", run, strings.Join(args, " "), r.code, r.stderr)
			}
		}
	}
}
