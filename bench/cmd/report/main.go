// Command report runs pixview's benchmark suite and writes its results:
// RESULTS.md (every benchmark's median time, MB/s, allocations and its
// ratios to the references of its group, the targets of the issues met or
// not, the whole-command comparisons with outside tools) and results.png,
// a chart of the headline numbers. bench.txt keeps the raw `go test -bench`
// output, which benchstat reads.
//
// Usage, from the module root:
//
//	go run ./bench/cmd/report          # full mode: the numbers (4.5 minutes on a quiet 2-core machine)
//	go run ./bench/cmd/report -short   # quick mode: tiny images, one run each (CI)
//
// The whole-command comparisons time pixtool beside cp, ffmpeg, ImageMagick's
// convert, libvips' vips and netpbm's pamflip on files in tmpfs, report the
// median of several runs and the peak RSS of each command (from wait4's
// rusage); a tool that is not installed is reported as absent.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config holds the command line.
type config struct {
	short      bool
	out        string
	count      int
	benchtime  string
	filter     string
	from       string
	noCommands bool
}

func main() {
	var c config
	flag.BoolVar(&c.short, "short", false, "quick mode: small images, each benchmark once, small command inputs")
	flag.StringVar(&c.out, "out", "", "write RESULTS.md, results.png and bench.txt to `DIR` (default: the module's bench directory)")
	flag.IntVar(&c.count, "count", 0, "repetitions of each benchmark, whose median is reported (default 5; 1 with -short)")
	flag.StringVar(&c.benchtime, "benchtime", "", "go test -benchtime for each repetition (default 100ms; 1x with -short)")
	flag.StringVar(&c.filter, "bench", ".", "run only the benchmarks matching `REGEXP`")
	flag.StringVar(&c.from, "from", "", "read benchmark output from `FILE` (such as a bench.txt) instead of running go test")
	flag.BoolVar(&c.noCommands, "no-commands", false, "skip the whole-command comparisons")
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
	if err := run(c); err != nil {
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
	m := describeMachine(root)

	var raw []byte
	if c.from != "" {
		if raw, err = os.ReadFile(c.from); err != nil {
			return err
		}
	} else if raw, err = runSuite(root, c); err != nil {
		return err
	}
	benchDur := time.Since(start)
	samples, cpu, err := parseBench(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if len(samples) == 0 {
		return fmt.Errorf("no benchmark results in the go test output")
	}
	switch {
	case m.cpu == "":
		m.cpu = cpu
	case cpu != "" && cpu != m.cpu:
		m.cpu += " (go test reports: " + cpu + ")"
	}
	res := newResults(medians(samples))

	var cmds []cmdRow
	var tasks map[string]string
	if !c.noCommands {
		if cmds, tasks, err = runCommands(root, c.short); err != nil {
			return err
		}
	}
	in := inputs{res: res, cmds: cmds, size: mainSize(res)}
	rep := report{machine: m, cfg: c, in: in, tasks: tasks, benchDur: benchDur, total: time.Since(start)}
	if err := os.WriteFile(filepath.Join(c.out, "bench.txt"), raw, 0o644); err != nil {
		return err
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

// runSuite runs the benchmarks of package bench and returns their output,
// echoing it to standard error as it comes. A second pass runs the Ops
// FlipH benchmarks and their references under the purego build tag, as the
// group Ops-purego, for issue 3's pure-Go target.
func runSuite(root string, c config) ([]byte, error) {
	args := []string{"test", "-run", "^$", "-bench", c.filter, "-benchmem",
		"-count", strconv.Itoa(c.count), "-benchtime", c.benchtime, "-timeout", "60m"}
	if c.short {
		args = append(args, "-short")
	}
	out, err := goTest(root, append(args, "./bench/"))
	if err != nil {
		return nil, err
	}
	pure := []string{"test", "-tags", "purego", "-run", "^$", "-bench", `^BenchmarkOps$/./^(FlipH|ref)$/^(pixview-w1|floor|copy)$`,
		"-benchmem", "-count", strconv.Itoa(c.count), "-benchtime", c.benchtime, "-timeout", "30m"}
	if c.short {
		pure = append(pure, "-short")
	}
	pout, err := goTest(root, append(pure, "./bench/"))
	if err != nil {
		return nil, err
	}
	pout = bytes.ReplaceAll(pout, []byte("\nBenchmarkOps/"), []byte("\nBenchmarkOps-purego/"))
	return append(out, pout...), nil
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

// runCommands builds pixtool and times the whole commands in a tmpfs
// scratch directory, which it removes afterwards.
func runCommands(root string, short bool) ([]cmdRow, map[string]string, error) {
	dir, err := scratchDir()
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	pixtool := filepath.Join(dir, "pixtool")
	build := exec.Command("go", "build", "-o", pixtool, "./cmd/pixtool")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "report: pixtool does not build, its rows will fail: %v\n%s", err, out)
		pixtool = ""
	}
	wl := fullWorkload()
	if short {
		wl = quickWorkload()
	}
	specs, tasks, err := prepare(dir, wl, pixtool)
	if err != nil {
		return nil, nil, err
	}
	gnuTime := findGNUTime()
	rows := make([]cmdRow, 0, len(specs))
	for _, s := range specs {
		runs := wl.runs
		if s.runs > 0 {
			runs = s.runs
		}
		r := runCmd(s, runs, gnuTime)
		if pixtool == "" && strings.HasPrefix(s.tool, "pixtool") {
			r.status, r.note = statusFailed, "cmd/pixtool did not build"
		}
		fmt.Fprintf(os.Stderr, "report: %-12s %-17s %-7s %8.3fs %7d KiB %s\n", s.task, s.tool, r.status, r.sec, r.rssKB, r.note)
		rows = append(rows, r)
	}
	return rows, tasks, nil
}
