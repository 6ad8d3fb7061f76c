// Command report runs pixview's benchmark suite and writes its results:
// RESULTS.md (every benchmark's median time, MB/s, allocations and its
// ratios to the references of its group, the targets of the issues met or
// not, the whole-command comparisons with outside tools) and results.png,
// a chart of the headline numbers. bench.txt keeps the raw `go test -bench`
// output, which benchstat reads.
//
// Usage, from the module root:
//
//	go run ./bench/cmd/report -cpus 1          # full mode: the numbers README quotes
//	go run ./bench/cmd/report -short           # quick mode: tiny images, one run each (CI)
//	go run ./bench/cmd/report -commands-only   # the whole commands alone
//
// The Go benchmarks run in rounds: the test binary runs each group (each
// top-level benchmark) -count times, each time running every benchmark of
// the group once, so that the i-th repetitions of an op and of its
// references come from one pass seconds long, and the report gives each
// target's ratio as the median of the per-round ratios with their range.
//
// The whole-command comparisons time pixtool beside cp, jpegtran, exiftran,
// djpeg, cjpeg, ffmpeg, ImageMagick's convert, libvips' vips and netpbm's
// pamflip on files in tmpfs (and one batch on a disk), and pixtool over a
// local S3 server beside pixtool over local files. The commands of one task
// run in rounds (A, B, C, A, B, C, ...), their inputs restored before each
// run, optionally pinned to the same CPUs (-cpus); the report gives each
// comparison as the median of the per-round ratios to the task's first
// command, its reference, with their range, beside the peak RSS of each
// command (from wait4's rusage). A tool that is not installed is reported
// as absent.
//
// With -compare, the report times only the given commands that way and
// prints the comparison (bench/abcmd.sh uses it to compare two builds):
//
//	go run ./bench/cmd/report -rounds 10 -setup 'cp /dev/shm/a.ppm /dev/shm/b.ppm' \
//		-compare 'pixtool=pixtool flip --horizontal --in-place /dev/shm/b.ppm' \
//		-compare 'cp=cp /dev/shm/a.ppm /dev/shm/c.ppm'
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// config holds the command line.
type config struct {
	short        bool
	out          string
	count        int
	benchtime    string
	filter       string
	from         string
	noCommands   bool
	commandsOnly bool     // run no Go benchmark: only the whole commands (and -from's results, if given)
	cpus         string   // taskset -c list every command is pinned to, or ""
	rounds       int      // rounds of every whole-command comparison, 0 for the workload's
	compare      []string // NAME=COMMAND: time only these, in alternation
	setup        string   // shell command run untimed before every run of -compare
	note         string   // a sentence for RESULTS.md, such as what else loaded the machine
}

// multiFlag collects the values of a flag given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var c config
	flag.BoolVar(&c.short, "short", false, "quick mode: small images, each benchmark once, small command inputs")
	flag.StringVar(&c.out, "out", "", "write RESULTS.md, results.png and bench.txt to `DIR` (default: the module's bench directory)")
	flag.IntVar(&c.count, "count", 0, "rounds of each group of benchmarks: each runs every benchmark of the group once; medians and per-round ratios are reported (default 5; 1 with -short)")
	flag.StringVar(&c.benchtime, "benchtime", "", "go test -benchtime for each repetition (default 100ms; 1x with -short)")
	flag.StringVar(&c.filter, "bench", ".", "run only the benchmarks matching `REGEXP`")
	flag.StringVar(&c.from, "from", "", "read benchmark output from `FILE` (such as a bench.txt) instead of running go test")
	flag.BoolVar(&c.noCommands, "no-commands", false, "skip the whole-command comparisons")
	flag.BoolVar(&c.commandsOnly, "commands-only", false, "run only the whole-command comparisons, no Go benchmark (with -from, take those from a saved bench.txt)")
	flag.StringVar(&c.cpus, "cpus", "", "pin every whole command to the CPUs in `LIST` (taskset -c LIST)")
	flag.IntVar(&c.rounds, "rounds", 0, "rounds of each whole-command comparison (default: the workload's, 5 or 3; 10 with -compare)")
	flag.Var((*multiFlag)(&c.compare), "compare", "time only the whole command `NAME=COMMAND` (sh -c), in alternation with the other -compare ones, and print the comparison")
	flag.StringVar(&c.setup, "setup", "", "with -compare, run the shell command `CMD` untimed before every run (to restore inputs)")
	flag.StringVar(&c.note, "note", "", "add the sentence `TEXT` to RESULTS.md's table of the run (what else loaded the machine, say)")
	flag.Parse()
	if c.count == 0 {
		c.count = 5
		if c.short {
			c.count = 1
		}
	}
	if c.benchtime == "" {
		c.benchtime = "100ms"
		if c.short {
			c.benchtime = "1x"
		}
	}
	if c.noCommands && c.commandsOnly {
		fmt.Fprintln(os.Stderr, "report: -no-commands and -commands-only leave nothing to run")
		os.Exit(2)
	}
	var err error
	if len(c.compare) > 0 {
		err = compareMode(c, os.Stdout)
	} else {
		err = run(c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// run does the whole job: benchmarks, commands, targets, files.
func run(c config) error {
	start := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if c.out == "" {
		c.out = filepath.Join(root, "bench")
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	if c.cpus != "" {
		if _, err := exec.LookPath("taskset"); err != nil {
			return fmt.Errorf("-cpus needs taskset: %w", err)
		}
	}
	m := describeMachine(root)

	var raw []byte
	switch {
	case c.from != "":
		if raw, err = os.ReadFile(c.from); err != nil {
			return err
		}
	case c.commandsOnly: // no Go benchmarks: the targets on them say so
	default:
		if raw, err = runSuite(root, c); err != nil {
			return err
		}
	}
	benchDur := time.Since(start)
	samples, cpu, err := parseBench(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if len(samples) == 0 && !(c.commandsOnly && c.from == "") {
		return fmt.Errorf("no benchmark results in the go test output")
	}
	switch {
	case m.cpu == "":
		m.cpu = cpu
	case cpu != "" && cpu != m.cpu:
		m.cpu += " (go test reports: " + cpu + ")"
	}
	res := newResults(medians(samples))

	var cr cmdRun
	if !c.noCommands {
		if cr, err = runCommands(root, c); err != nil {
			return err
		}
	}
	in := inputs{res: res, cmds: cr.rows, size: mainSize(res)}
	rep := report{machine: m, cfg: c, in: in, tasks: cr.tasks, scratch: cr.scratch, benchDur: benchDur, total: time.Since(start)}
	if len(raw) > 0 { // a -commands-only run leaves the last bench.txt alone
		if err := os.WriteFile(filepath.Join(c.out, "bench.txt"), raw, 0o644); err != nil {
			return err
		}
	}
	var md bytes.Buffer
	rep.markdown(&md)
	if err := os.WriteFile(filepath.Join(c.out, "RESULTS.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	if err := rep.chart(filepath.Join(c.out, "results.png")); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "report: wrote %s, results.png and bench.txt in %s\n",
		filepath.Join(c.out, "RESULTS.md"), time.Since(start).Round(time.Second))
	return nil
}

// mainSize returns the size the targets are stated at: 12MP when the run
// measured it, else the first size of the Ops group (the quick mode's).
func mainSize(res *results) string {
	first := ""
	for _, r := range res.rows {
		if r.size == "12MP" {
			return r.size
		}
		if first == "" && (r.group == "Ops" || r.group == "Copy") {
			first = r.size
		}
	}
	return first
}

// moduleRoot returns the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the report inside the pixview module")
	}
	return filepath.Dir(mod), nil
}

// runSuite builds the test binary of package bench, and a second one under
// the purego build tag, and runs them in c.count rounds. Each top-level
// benchmark (one group: BenchmarkOps, BenchmarkCopy, ...) runs its rounds
// one after the other, each round a fresh process that runs every benchmark
// of the group once, its references included, so that an op and the
// references it is measured against alternate within seconds of each
// other, and the i-th result of every benchmark comes from round i. (Rounds
// of the whole suite put minutes between an op and its floor; on the
// project's loaded VM their per-round ratios then ranged over 10x.) With
// -bench other than ".", each round runs the whole filter. Last, the
// purego binary runs the Ops FlipH benchmarks and their references, as
// the group Ops-purego, for issue 3's pure-Go target. It returns the output
// of every run, in go test's format, echoing it to standard error.
func runSuite(root string, c config) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "pixview-report-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin, pureBin := filepath.Join(tmp, "bench.test"), filepath.Join(tmp, "bench-purego.test")
	if _, err := goTest(root, []string{"test", "-c", "-o", bin, "./bench/"}); err != nil {
		return nil, err
	}
	if _, err := goTest(root, []string{"test", "-c", "-tags", "purego", "-o", pureBin, "./bench/"}); err != nil {
		return nil, err
	}
	args := func(filter, timeout string) []string {
		a := []string{"-test.run", "^$", "-test.bench", filter, "-test.benchmem",
			"-test.count", "1", "-test.benchtime", c.benchtime, "-test.timeout", timeout}
		if c.short {
			a = append(a, "-test.short")
		}
		return a
	}
	dir := filepath.Join(root, "bench") // where go test would run the binary
	units := []string{c.filter}
	if c.filter == "." {
		if units, err = listBenchmarks(dir, bin); err != nil {
			return nil, err
		}
	}
	var all []byte
	for _, unit := range units {
		for round := 1; round <= c.count; round++ {
			fmt.Fprintf(os.Stderr, "report: %s, round %d of %d\n", unit, round, c.count)
			out, err := runTee(dir, bin, args(unit, "60m"))
			if err != nil {
				return nil, err
			}
			all = append(all, out...)
		}
	}
	for round := 1; round <= c.count; round++ {
		fmt.Fprintf(os.Stderr, "report: Ops-purego, round %d of %d\n", round, c.count)
		pout, err := runTee(dir, pureBin, args(`^BenchmarkOps$/./^(FlipH|ref)$/^(pixview-w1|floor|copy)$`, "30m"))
		if err != nil {
			return nil, err
		}
		all = append(all, bytes.ReplaceAll(pout, []byte("\nBenchmarkOps/"), []byte("\nBenchmarkOps-purego/"))...)
	}
	return all, nil
}

// listBenchmarks returns a -test.bench pattern for each top-level
// benchmark of the test binary at path, in the order the binary lists them.
func listBenchmarks(dir, path string) ([]string, error) {
	cmd := exec.Command(path, "-test.list", "^Benchmark")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -test.list: %w", filepath.Base(path), err)
	}
	var units []string
	for line := range strings.Lines(string(out)) {
		if name := strings.TrimSpace(line); strings.HasPrefix(name, "Benchmark") {
			units = append(units, "^"+regexp.QuoteMeta(name)+"$")
		}
	}
	if len(units) == 0 {
		return nil, fmt.Errorf("%s lists no benchmarks", filepath.Base(path))
	}
	return units, nil
}

// runTee runs the program at path with args in dir and returns its
// standard output, teeing it to standard error.
func runTee(dir, path string, args []string) ([]byte, error) {
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w", filepath.Base(path), strings.Join(args, " "), err)
	}
	return out.Bytes(), nil
}

// goTest runs go with args in dir, teeing standard output to standard
// error so a long run shows progress.
func goTest(dir string, args []string) ([]byte, error) {
	fmt.Fprintln(os.Stderr, "report: go", strings.Join(args, " "))
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return out.Bytes(), nil
}

// cmdRun is the outcome of the whole-command comparisons: a row per
// command, a sentence per task, and where the files were ("/dev/shm/...,
// tmpfs").
type cmdRun struct {
	rows    []cmdRow
	tasks   map[string]string
	scratch string
}

// runCommands builds pixtool and times the whole commands in a tmpfs
// scratch directory, which it removes afterwards: the commands of each task
// in alternation, as many rounds as the task's specs ask (or c.rounds).
func runCommands(root string, c config) (cmdRun, error) {
	dir, err := scratchDir()
	if err != nil {
		return cmdRun{}, err
	}
	defer os.RemoveAll(dir)
	bins := binaries{
		pixtool:      buildPixtool(root, filepath.Join(dir, "pixtool")),
		pixtoolCloud: buildPixtool(root, filepath.Join(dir, "pixtool-cloud"), "-tags", "cloud"),
	}
	wl := fullWorkload()
	if c.short {
		wl = quickWorkload()
	}
	wl.jobCPUs = jobCPUs(c.cpus)
	fmt.Fprintf(os.Stderr, "report: writing the commands' inputs in %s (%s)\n", dir, or(fsType(dir), "file system not known"))
	pl, err := prepare(dir, wl, bins)
	if err != nil {
		return cmdRun{}, err
	}
	defer pl.close()
	r := runner{gnuTime: findGNUTime(), cpus: c.cpus}
	var rows []cmdRow
	for _, group := range byTask(pl.specs) {
		rounds := c.rounds
		if rounds == 0 {
			for _, s := range group {
				rounds = max(rounds, cmp.Or(s.runs, wl.runs))
			}
		}
		fmt.Fprintf(os.Stderr, "report: %s, %d rounds of %d commands\n", group[0].task, rounds, len(group))
		for _, row := range r.compare(group, rounds) {
			fmt.Fprintf(os.Stderr, "report: %-12s %-17s %-7s %8.3fs %7d KiB %s\n", row.task, row.tool, row.status, row.sec, row.rssKB, row.note)
			rows = append(rows, row)
		}
	}
	return cmdRun{rows: rows, tasks: pl.tasks, scratch: fmt.Sprintf("%s, %s", filepath.Dir(dir), or(fsType(dir), "file system not known"))}, nil
}

// pixtoolBuild is the environment pixtool is built in, README's Install
// line.
const pixtoolBuild = "CGO_ENABLED=0"

// buildPixtool builds cmd/pixtool into out with the extra go build flags
// and returns out, or "" (having said why) when it does not build. It
// builds as README's Install does, with CGO_ENABLED=0: pflag imports net,
// whose cgo resolver would otherwise link libc dynamically, and the
// dynamic loader's start cost a third of pixtool's CPU time to print its
// version (pixtoolBuild says so in RESULTS.md).
func buildPixtool(root, out string, flags ...string) string {
	args := append(append([]string{"build"}, flags...), "-o", out, "./cmd/pixtool")
	build := exec.Command("go", args...)
	build.Dir = root
	build.Env = append(os.Environ(), pixtoolBuild)
	if msg, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "report: go %s: %v; its rows will fail\n%s", strings.Join(args, " "), err, msg)
		return ""
	}
	return out
}

// byTask splits specs into the runs of consecutive specs of one task.
func byTask(specs []cmdSpec) [][]cmdSpec {
	var groups [][]cmdSpec
	for i, s := range specs {
		if i == 0 || s.task != specs[i-1].task {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], s)
	}
	return groups
}

// compareMode times the -compare commands of c in alternation, in a tmpfs
// scratch directory, and writes the comparison to w.
func compareMode(c config, w io.Writer) error {
	if c.cpus != "" {
		if _, err := exec.LookPath("taskset"); err != nil {
			return fmt.Errorf("-cpus needs taskset: %w", err)
		}
	}
	dir, err := scratchDir()
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	specs, err := compareSpecs(c.compare, c.setup, dir)
	if err != nil {
		return err
	}
	rounds := c.rounds
	if rounds == 0 {
		rounds = 10
	}
	rows := runner{gnuTime: findGNUTime(), cpus: c.cpus}.compare(specs, rounds)
	fmt.Fprintf(w, "%d rounds in alternation, in %s", rounds, dir)
	if c.cpus != "" {
		fmt.Fprintf(w, ", pinned to CPUs %s", c.cpus)
	}
	if c.setup != "" {
		fmt.Fprintf(w, ", `%s` untimed before each run", c.setup)
	}
	fmt.Fprintf(w, "\n\n")
	commandTable(w, rows)
	return nil
}

// compareSpecs turns NAME=COMMAND values into specs of one task, each run
// by sh -c in dir after setup (if any).
func compareSpecs(values []string, setup, dir string) ([]cmdSpec, error) {
	var reset func() error
	if setup != "" {
		reset = func() error {
			cmd := exec.Command("sh", "-c", setup)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("setup: %w: %s", err, strings.TrimSpace(string(out)))
			}
			return nil
		}
	}
	var specs []cmdSpec
	for _, v := range values {
		name, command, ok := strings.Cut(v, "=")
		if !ok || name == "" || strings.TrimSpace(command) == "" {
			return nil, fmt.Errorf("-compare %q: want NAME=COMMAND", v)
		}
		specs = append(specs, cmdSpec{task: "compare", tool: name, argv: shellArgv(command), dir: dir, reset: reset})
	}
	return specs, nil
}

// shellArgv returns the argv that runs command through sh. A command
// without pipes, lists or background jobs is exec'd by the shell, so that
// the peak RSS and the time are the command's, not the shell's.
func shellArgv(command string) []string {
	if !strings.ContainsAny(command, "|;&\n") && !strings.HasPrefix(strings.TrimSpace(command), "exec ") {
		command = "exec " + command
	}
	return []string{"sh", "-c", command}
}
