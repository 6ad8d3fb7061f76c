package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Status values of a whole-command row.
const (
	statusOK     = "ok"
	statusAbsent = "absent" // the tool is not installed: reported, not failed
	statusFailed = "failed"
)

// cmdSpec is one whole command to time: the tool a user would run for a
// task, with its standard streams wired to files.
type cmdSpec struct {
	task, tool string
	argv       []string
	stdin      string       // file to read standard input from, or ""
	stdout     string       // file to write standard output to, or "" for /dev/null
	dir        string       // working directory, or "" for the report's
	reset      func() error // untimed, before each run: remove the last run's output, restore the inputs the command modifies
	bytes      int64        // pixel bytes the command moves, for MB/s
	runs       int          // timed runs (rounds of its task), if not the workload's default
	warmup     bool         // one untimed run (after its reset) before the rounds, as hyperfine --warmup 1
	env        []string     // NAME=VALUE added to the report's environment, such as GOMAXPROCS=1
	cpus       int          // CPUs the command is to have: 0 for the run's -cpus as given, 1 for one of them, 2 for two or more
	pin        string       // a taskset -c list for this command alone, whatever the run's -cpus (jobs-scaling's one job per CPU), or ""
	needs      []string     // other programs the command runs (a script's), each absent making the row absent
	absent     string       // why the row cannot run though its program is installed (an input could not be made), or ""
	broken     string       // why the row fails without running (its program did not build), or ""
}

// cmdRow is the outcome of timing one cmdSpec in several rounds.
type cmdRow struct {
	task, tool string
	cmdline    string
	status     string
	note       string    // why a command failed
	runs       int       // runs timed
	secs       []float64 // wall time of each round, in seconds
	sec        float64   // median wall time in seconds
	rssKB      int64     // the largest peak resident set of the child over the runs, in KiB
	mbps       float64   // bytes / median time, in MB/s
	pinned     string    // the taskset -c list the command ran under, or "" when it was not pinned
}

// findCmd returns the row of the given task and tool.
func findCmd(rows []cmdRow, task, tool string) (cmdRow, bool) {
	for _, r := range rows {
		if r.task == task && r.tool == tool {
			return r, true
		}
	}
	return cmdRow{}, false
}

// over returns the per-round ratios of row a's time to row b's: the rounds
// ran a and b one after the other, so the drift of the machine falls on
// both alike.
func over(a, b cmdRow) (spread, bool) {
	if a.status != statusOK || b.status != statusOK {
		return spread{}, false
	}
	return perRound(a.secs, b.secs)
}

// runner runs whole commands as child processes: through GNU time (its
// path in gnuTime, or "") for their peak RSS, and pinned with taskset to
// the CPUs in cpus (a taskset -c list, or "" for no pinning), every
// command to the same ones, except that a command that asks for one CPU
// gets the first of them and one that asks for two runs unpinned when the
// list has fewer (see pinFor).
type runner struct {
	gnuTime string
	cpus    string
}

// pinFor returns the taskset -c list to run s under, or "" for none: its
// own pin when it has one; else the runner's list for a command that asks
// for nothing; its first CPU for one that asks for one (a single-threaded
// tool and pixtool with GOMAXPROCS=1 then share one core alike); the whole
// list for one that asks for two when it has two or more, else none, since
// two workers on one core would measure nothing of what they are for.
func (r runner) pinFor(s cmdSpec) string {
	if s.pin != "" {
		return s.pin
	}
	if r.cpus == "" || s.cpus == 0 {
		return r.cpus
	}
	cpus, err := parseCPUList(r.cpus)
	if err != nil {
		return r.cpus // taskset will say what is wrong with it
	}
	if s.cpus == 1 {
		return strconv.Itoa(cpus[0])
	}
	if len(cpus) >= s.cpus {
		return r.cpus
	}
	return ""
}

// parseCPUList expands a taskset -c list such as "0-2,5" into its CPUs, in
// order.
func parseCPUList(list string) ([]int, error) {
	var cpus []int
	for part := range strings.SplitSeq(list, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("CPU list %q: %q is not a CPU number", list, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("CPU list %q: %q is not a range", list, part)
			}
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// compare times the commands of one comparison in rounds: each round runs
// every command once, in order (A, B, C, A, B, C, ...), calling its reset
// (untimed) before each run, so that drift falls on every command alike
// and each round gives one ratio between any two of them. A command with
// warmup runs once, untimed, before the first round. A command that
// is not on PATH is absent, one that fails is dropped from later rounds;
// neither stops the others. It returns one row per spec, in order, with
// the time of each round, their median and the largest peak RSS (wait4's
// Maxrss, in KiB on Linux).
func (r runner) compare(specs []cmdSpec, rounds int) []cmdRow {
	rows := make([]cmdRow, len(specs))
	paths := make([]string, len(specs))
	for i, s := range specs {
		rows[i] = cmdRow{task: s.task, tool: s.tool, cmdline: cmdline(s), status: statusOK, pinned: r.pinFor(s)}
		if s.broken != "" {
			rows[i] = failed(rows[i], errors.New(s.broken))
			continue
		}
		if s.absent != "" {
			rows[i].status, rows[i].note = statusAbsent, s.absent
			continue
		}
		p, err := exec.LookPath(s.argv[0])
		if err != nil {
			rows[i].status, rows[i].note = statusAbsent, filepath.Base(s.argv[0])+" is not installed"
			continue
		}
		paths[i] = p
		for _, n := range s.needs {
			if _, err := exec.LookPath(n); err != nil {
				rows[i].status, rows[i].note = statusAbsent, n+" is not installed"
				break
			}
		}
	}
	// run runs spec i once after its reset, and reports whether it
	// worked; a failure fails the row.
	run := func(i int) (sec float64, rss int64, ok bool) {
		row, s := &rows[i], specs[i]
		if row.status != statusOK {
			return 0, 0, false
		}
		if s.reset != nil {
			if err := s.reset(); err != nil {
				*row = failed(*row, err)
				return 0, 0, false
			}
		}
		sec, rss, err := r.runOnce(paths[i], s)
		if err != nil {
			*row = failed(*row, err)
			return 0, 0, false
		}
		return sec, rss, true
	}
	for i, s := range specs {
		if s.warmup {
			run(i)
		}
	}
	for range rounds {
		for i := range specs {
			if sec, rss, ok := run(i); ok {
				rows[i].secs = append(rows[i].secs, sec)
				rows[i].rssKB = max(rows[i].rssKB, rss)
			}
		}
	}
	for i, s := range specs {
		row := &rows[i]
		if row.status != statusOK {
			row.secs = nil
			continue
		}
		row.runs, row.sec = len(row.secs), median(row.secs)
		if row.sec > 0 {
			row.mbps = float64(s.bytes) / row.sec / 1e6
		}
	}
	return rows
}

// runCmd times one command alone, runs times: a comparison of one.
func runCmd(s cmdSpec, runs int, gnuTime string) cmdRow {
	return runner{gnuTime: gnuTime}.compare([]cmdSpec{s}, runs)[0]
}

// failed marks row failed because of err.
func failed(row cmdRow, err error) cmdRow {
	row.status = statusFailed
	row.note = strings.Join(strings.Fields(err.Error()), " ")
	if len(row.note) > 160 {
		row.note = row.note[:160] + "…"
	}
	return row
}

// runOnce runs the command once and returns its wall time in seconds and
// its peak RSS in KiB, through GNU time when r has its path and under
// taskset when r pins the commands.
func (r runner) runOnce(path string, s cmdSpec) (float64, int64, error) {
	// Linux starts a child's peak RSS at its parent's (the mm the child was
	// forked from counts toward it until exec), so wait4's Maxrss for a
	// child of this process is never below this process's own RSS. GNU
	// time, a small C program, forks the command itself and reports the
	// grandchild's Maxrss from its own wait4; use it when it is there.
	// taskset sets the affinity and execs the command in its own process,
	// so the RSS is still the command's.
	var rssFile string
	args := s.argv[1:]
	if pin := r.pinFor(s); pin != "" {
		args = append([]string{"-c", pin, path}, args...)
		path = "taskset"
	}
	if r.gnuTime != "" {
		rssFile = filepath.Join(os.TempDir(), fmt.Sprintf("pixview-rss-%d", os.Getpid()))
		defer os.Remove(rssFile)
		args = append([]string{"-f", "%M", "-o", rssFile, path}, args...)
		path = r.gnuTime
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = s.dir
	if len(s.env) > 0 {
		cmd.Env = append(os.Environ(), s.env...)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if s.stdin != "" {
		f, err := os.Open(s.stdin)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	out := s.stdout
	if out == "" {
		out = os.DevNull
	}
	f, err := os.Create(out)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	cmd.Stdout = f
	start := time.Now()
	err = cmd.Run()
	sec := time.Since(start).Seconds()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return 0, 0, fmt.Errorf("%w: %s", err, msg)
	}
	rss := maxRSS(cmd.ProcessState)
	if rssFile != "" {
		b, err := os.ReadFile(rssFile)
		if err != nil {
			return 0, 0, err
		}
		if rss, err = lastInt(string(b)); err != nil {
			return 0, 0, fmt.Errorf("reading GNU time's output: %w", err)
		}
	}
	return sec, rss, nil
}

// findGNUTime returns the path of GNU time, or "" if it is not installed.
func findGNUTime() string {
	p, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		return ""
	}
	if out, err := exec.Command(p, "-f", "%M", "true").CombinedOutput(); err != nil || !isInt(strings.TrimSpace(string(out))) {
		return "" // not GNU time
	}
	return p
}

// lastInt parses the last line of s as an integer.
func lastInt(s string) (int64, error) {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strconv.ParseInt(strings.TrimSpace(lines[len(lines)-1]), 10, 64)
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// cmdline renders a spec as the shell command it stands for, with the
// temporary directory's paths shortened to their base names.
func cmdline(s cmdSpec) string {
	env := ""
	if len(s.env) > 0 {
		env = strings.Join(s.env, " ") + " "
	}
	if len(s.argv) == 3 && s.argv[0] == "sh" && s.argv[1] == "-c" {
		f := strings.Fields(strings.TrimPrefix(s.argv[2], "exec "))
		for i, a := range f {
			if filepath.IsAbs(a) {
				f[i] = filepath.Base(a)
			}
		}
		return env + strings.Join(f, " ")
	}
	parts := make([]string, len(s.argv))
	for i, a := range s.argv {
		if filepath.IsAbs(a) {
			a = filepath.Base(a)
		}
		parts[i] = a
	}
	c := env + strings.Join(parts, " ")
	if s.stdin != "" {
		c += " < " + filepath.Base(s.stdin)
	}
	if s.stdout != "" {
		c += " > " + filepath.Base(s.stdout)
	}
	return c
}

// removeAll returns a reset function that deletes paths.
func removeAll(paths ...string) func() error {
	return func() error {
		var errs []error
		for _, p := range paths {
			errs = append(errs, os.RemoveAll(p))
		}
		return errors.Join(errs...)
	}
}
