package main

import (
	"fmt"
	"os"
	"os/exec"
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

// TestCompareAlternates checks that the commands of a comparison run in
// rounds, A, B, A, B, ..., each after its reset, after the untimed
// warm-up of those that ask for one, and that a command that fails drops
// out without stopping the others.
func TestCompareAlternates(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	var order []string
	reset := func(name string) func() error {
		return func() error { order = append(order, "reset "+name); return nil }
	}
	specs := []cmdSpec{
		{task: "t", tool: "A", argv: shellArgv("echo A >> " + log), reset: reset("A")},
		{task: "t", tool: "B", argv: shellArgv("echo B >> " + log), reset: reset("B")},
		{task: "t", tool: "fails", argv: []string{"false"}},
		{task: "t", tool: "absent", argv: []string{"pixview-no-such-tool-xyz"}},
	}
	specs[1].warmup = true
	rows := runner{gnuTime: findGNUTime()}.compare(specs, 3)
	if b, _ := os.ReadFile(log); string(b) != "B\nA\nB\nA\nB\nA\nB\n" {
		t.Errorf("commands ran in the order %q, want B's warm-up, then A, B in turns", b)
	}
	if want := "reset B,reset A,reset B,reset A,reset B,reset A,reset B"; strings.Join(order, ",") != want {
		t.Errorf("resets ran %v", order)
	}
	for i, want := range []string{statusOK, statusOK, statusFailed, statusAbsent} {
		if rows[i].status != want {
			t.Errorf("%s: status %q, want %q", rows[i].tool, rows[i].status, want)
		}
	}
	if len(rows[0].secs) != 3 || rows[0].runs != 3 || len(rows[1].secs) != 3 || rows[2].secs != nil {
		t.Errorf("rounds: A %v (%d runs), B %v (the warm-up untimed), fails %v", rows[0].secs, rows[0].runs, rows[1].secs, rows[2].secs)
	}
	if s, ok := over(rows[1], rows[0]); !ok || s.n != 3 || s.lo > s.med || s.med > s.hi {
		t.Errorf("B over A: %+v, %v", s, ok)
	}
	if _, ok := over(rows[2], rows[0]); ok {
		t.Error("a failed command has a ratio")
	}
}

// TestComparePins checks that -cpus runs every command under taskset with
// the CPU list it names.
func TestComparePins(t *testing.T) {
	if _, err := exec.LookPath("taskset"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("taskset is not installed")
		}
		t.Skip("taskset is not installed")
	}
	out := filepath.Join(t.TempDir(), "out")
	s := cmdSpec{task: "t", tool: "grep", argv: []string{"grep", "Cpus_allowed_list", "/proc/self/status"}, stdout: out}
	for _, gt := range []string{"", findGNUTime()} {
		r := runner{gnuTime: gt, cpus: "0"}.compare([]cmdSpec{s}, 1)[0]
		if r.status != statusOK {
			t.Fatalf("pinned grep: %+v", r)
		}
		if b, _ := os.ReadFile(out); strings.Join(strings.Fields(string(b)), " ") != "Cpus_allowed_list: 0" {
			t.Errorf("GNU time %q: the pinned command saw %q", gt, b)
		}
	}
}

func TestCompareSpecs(t *testing.T) {
	dir := t.TempDir()
	specs, err := compareSpecs([]string{"old=cat a=b", "new=x | y"}, "touch ran", dir)
	if err != nil {
		t.Fatal(err)
	}
	if specs[0].tool != "old" || strings.Join(specs[0].argv, " ") != "sh -c exec cat a=b" || specs[0].dir != dir {
		t.Errorf("spec 0 = %+v", specs[0])
	}
	if got := strings.Join(specs[1].argv, " "); got != "sh -c x | y" {
		t.Errorf("a pipeline became %q; it must not be exec'd", got)
	}
	if cmdline(specs[0]) != "cat a=b" {
		t.Errorf("cmdline = %q", cmdline(specs[0]))
	}
	if err := specs[0].reset(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err != nil {
		t.Errorf("setup did not run in the scratch directory: %v", err)
	}
	for _, bad := range []string{"noequals", "=cmd", "name= "} {
		if _, err := compareSpecs([]string{bad}, "", dir); err == nil {
			t.Errorf("-compare %q accepted", bad)
		}
	}
}

func TestCompareModeWritesTable(t *testing.T) {
	var b strings.Builder
	c := config{compare: []string{"true=true", "sleep=sleep 0.01"}, rounds: 2}
	if err := compareMode(c, &b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"2 rounds in alternation", "| true | `true` | 2 |", "| sleep | `sleep 0.01` | 2 |", "× first, range"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"32768K": 32 << 20, "32M\n": 32 << 20, "532676608": 532676608} {
		if n, ok := parseSize(in); !ok || n != want {
			t.Errorf("parseSize(%q) = %d, %v", in, n, ok)
		}
	}
	if _, ok := parseSize("big"); ok {
		t.Error("parseSize accepted garbage")
	}
	m := machine{l3: 32 << 20, l3From: "sysfs"}
	if !strings.Contains(m.l3Fit(), "does not fit") {
		t.Errorf("36 MB in 32 MiB: %s", m.l3Fit())
	}
	m.l3 = 96 << 20
	if !strings.Contains(m.l3Fit(), "fits in it") {
		t.Errorf("36 MB in 96 MiB: %s", m.l3Fit())
	}
}

func TestParseCPUList(t *testing.T) {
	for list, want := range map[string]string{"1": "[1]", "0-2,5": "[0 1 2 5]", "3,1": "[3 1]", " 2 - 3 ": ""} {
		got, err := parseCPUList(list)
		if want == "" {
			if err == nil {
				t.Errorf("parseCPUList(%q) = %v, want an error", list, got)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("parseCPUList(%q) = %v, %v; want %s", list, got, err, want)
		}
	}
	for _, bad := range []string{"", "a", "3-1", "-1", "1,"} {
		if got, err := parseCPUList(bad); err == nil {
			t.Errorf("parseCPUList(%q) = %v, want an error", bad, got)
		}
	}
}

// TestPinFor checks which CPUs each kind of command gets: the run's list
// as given, its first CPU for a one-core comparison, and for a command
// with two workers the list only when it has two CPUs.
func TestPinFor(t *testing.T) {
	for _, c := range []struct {
		cpus string
		need int
		want string
	}{
		{"", 0, ""}, {"", 1, ""}, {"", 2, ""},
		{"1", 0, "1"}, {"1", 1, "1"}, {"1", 2, ""},
		{"2-3", 0, "2-3"}, {"2-3", 1, "2"}, {"2-3", 2, "2-3"},
		{"5,0", 1, "5"}, {"0,1,2", 2, "0,1,2"},
	} {
		if got := (runner{cpus: c.cpus}).pinFor(cmdSpec{cpus: c.need}); got != c.want {
			t.Errorf("-cpus %q, a command that needs %d: pinned to %q, want %q", c.cpus, c.need, got, c.want)
		}
	}
}

// TestCompareAbsentAndEnv checks that a row whose script needs a missing
// program, or whose input could not be made, is absent with the reason,
// and that a spec's environment reaches the command and its rendering.
func TestCompareAbsentAndEnv(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	specs := []cmdSpec{
		{task: "t", tool: "env", argv: []string{"sh", "-c", `printf %s "$PIXVIEW_TEST"`}, stdout: out, env: []string{"PIXVIEW_TEST=seen"}},
		{task: "t", tool: "needs", argv: []string{"true"}, needs: []string{"pixview-no-such-tool-xyz"}},
		{task: "t", tool: "no input", argv: []string{"true"}, absent: "exiftool is not installed: no input"},
		{task: "t", tool: "missing", argv: []string{"/no/such/dir/pixview-tool"}},
	}
	rows := runner{gnuTime: findGNUTime()}.compare(specs, 1)
	if rows[0].status != statusOK {
		t.Fatalf("env: %+v", rows[0])
	}
	if b, _ := os.ReadFile(out); string(b) != "seen" {
		t.Errorf("the command saw PIXVIEW_TEST=%q", b)
	}
	if !strings.HasPrefix(rows[0].cmdline, "PIXVIEW_TEST=seen printf") {
		t.Errorf("cmdline %q does not show the environment", rows[0].cmdline)
	}
	for i, note := range []string{"", "pixview-no-such-tool-xyz is not installed", "exiftool is not installed: no input", "pixview-tool is not installed"} {
		if i == 0 {
			continue
		}
		if rows[i].status != statusAbsent || rows[i].note != note {
			t.Errorf("%s: %s %q, want absent %q", rows[i].tool, rows[i].status, rows[i].note, note)
		}
	}
}
