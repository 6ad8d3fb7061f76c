package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCmdStatuses(t *testing.T) {
	gt := findGNUTime()
	if r := runCmd(cmdSpec{task: "t", tool: "none", argv: []string{"pixview-no-such-tool-xyz"}}, 3, gt); r.status != statusAbsent {
		t.Errorf("a missing tool has status %q, want absent", r.status)
	}
	if r := runCmd(cmdSpec{task: "t", tool: "false", argv: []string{"false"}}, 3, gt); r.status != statusFailed {
		t.Errorf("false has status %q, want failed", r.status)
	}
	r := runCmd(cmdSpec{task: "t", tool: "true", argv: []string{"true"}, bytes: 1e6}, 3, gt)
	if r.status != statusOK || r.runs != 3 || r.sec <= 0 || r.mbps <= 0 {
		t.Errorf("true gave %+v", r)
	}
}

func TestRunCmdWiresStreamsAndResets(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if err := os.WriteFile(in, []byte("pixels"), 0o644); err != nil {
		t.Fatal(err)
	}
	resets := 0
	s := cmdSpec{task: "t", tool: "cat", argv: []string{"cat"}, stdin: in, stdout: out,
		reset: func() error { resets++; return nil }}
	if r := runCmd(s, 2, findGNUTime()); r.status != statusOK {
		t.Fatalf("cat: %+v", r)
	}
	if b, _ := os.ReadFile(out); string(b) != "pixels" {
		t.Errorf("output %q, want the input", b)
	}
	if resets != 2 {
		t.Errorf("reset ran %d times, want once per run", resets)
	}
	if got := cmdline(s); got != "cat < in > out" {
		t.Errorf("cmdline = %q", got)
	}
}

func TestPeakRSS(t *testing.T) {
	gt := findGNUTime()
	if gt == "" {
		t.Skip("GNU time is not installed")
	}
	small := runCmd(cmdSpec{task: "t", tool: "true", argv: []string{"true"}}, 1, gt)
	if small.rssKB <= 0 || small.rssKB > 8<<10 {
		t.Errorf("peak RSS of true = %d KiB, want a few", small.rssKB)
	}
	// A shell holding a 40 MB string has a peak RSS above 40 MB.
	big := runCmd(cmdSpec{task: "t", tool: "sh", argv: []string{"sh", "-c",
		`x=$(head -c 40000000 /dev/zero | tr '\0' a); echo ${#x}`}}, 1, gt)
	if big.status != statusOK || big.rssKB < 39000 {
		t.Errorf("peak RSS of a 40 MB shell = %d KiB (%s %s)", big.rssKB, big.status, big.note)
	}
}

func TestLastInt(t *testing.T) {
	if v, err := lastInt("Command exited with non-zero status 1\n1234\n"); err != nil || v != 1234 {
		t.Errorf("lastInt = %v, %v", v, err)
	}
	if _, err := lastInt("x"); err == nil {
		t.Error("lastInt of garbage did not fail")
	}
	if !strings.Contains(failed(cmdRow{}, os.ErrNotExist).note, "not exist") {
		t.Error("failed lost the error")
	}
}
