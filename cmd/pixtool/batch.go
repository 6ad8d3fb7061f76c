package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// job is one file of a batch with its planned output.
type job struct {
	index  int // position in the batch, for a stable failure order
	in     input
	dest   string // output path
	format string // output format
	// replace is set when dest is the input itself.
	replace bool
}

// runner runs one command over a batch of files.
type runner struct {
	a       *app
	name    string
	f       *batchFlags
	t       transform
	workers int // goroutines each ops call may use
	bufs    buffers
	rep     *reporter
}

// runBatch is the RunE of every transforming command: it validates the
// flags, expands the inputs, runs the files through a worker pool and prints
// the summary. It returns an exitError with the exit code.
func runBatch(cmd *cobra.Command, a *app, name string, f *batchFlags, t transform, args []string) error {
	if err := f.check(t, len(args)); err != nil {
		return err
	}
	ctx := cmd.Context()
	if f.raw != "" || f.pixFmt != "" {
		return runRaw(ctx, a, name, f, t, args)
	}
	start := time.Now()
	if f.filesFrom != "" {
		list, err := readFilesFrom(a, f.filesFrom, f.null)
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("--files-from %s: %v", f.filesFrom, err)}
		}
		args = append(args, list...)
	}
	wo := walkOptions{recursive: f.recursive}
	if f.out != "" {
		if abs, err := filepath.Abs(f.out); err == nil {
			wo.skipDir = abs
		}
	}
	ins, inErrs := expand(args, wo)
	sh, _ := parseShard(f.shard)

	r := &runner{a: a, name: name, f: f, t: t, bufs: newBuffers(f.jobs + 1)}
	sum := &summary{Command: name, Failures: []failure{}}
	var jobs []job
	var fails []failure
	for _, e := range inErrs {
		if sh.contains(filepath.ToSlash(filepath.Clean(e.path))) {
			fails = append(fails, failure{Path: e.path, Error: e.err.Error()})
		}
	}
	taken := map[string]string{}
	for _, in := range ins {
		if !sh.contains(in.key) {
			continue
		}
		j, err := r.plan(in, taken)
		if errors.Is(err, errExists) && f.skipExist {
			sum.Existing++
			continue
		}
		if err != nil {
			fails = append(fails, failure{Path: in.path, Error: err.Error()})
			continue
		}
		j.index = len(jobs)
		jobs = append(jobs, j)
	}
	sum.Files = len(jobs) + len(fails) + sum.Existing
	r.workers = max(1, runtime.GOMAXPROCS(0)/max(1, min(f.jobs, len(jobs))))
	total := len(jobs) + len(fails)
	r.rep = newReporter(a, name, total, !f.quiet && a.tty && total > 1)
	for _, fl := range fails {
		r.rep.fail(fl.Path, errors.New(fl.Error))
	}
	r.execute(ctx, jobs, sum)
	sum.Failed += len(fails)
	sum.Failures = append(append([]failure{}, fails...), sum.Failures...)
	sum.Seconds = time.Since(start).Seconds()
	code, interrupted := interruptCode(ctx)
	sum.Interrupted = interrupted
	r.rep.finish()
	sum.print(a, f)
	switch {
	case interrupted:
		return &exitError{code: code}
	case sum.Failed > 0:
		return &exitError{code: exitFailure}
	}
	return nil
}

// errExists is the error for an output that exists already.
var errExists = errors.New("exists")

// readFilesFrom reads the --files-from list from a file or standard input.
func readFilesFrom(a *app, name string, nul bool) ([]string, error) {
	if name == "-" {
		return readList(a.stdin, nul)
	}
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return readList(fh, nul)
}

// plan decides where in's output goes and checks that writing it is
// allowed: an existing file is overwritten only with --force, the input only
// with --in-place or --force, and no two inputs may share an output. taken
// maps outputs already planned to their inputs.
func (r *runner) plan(in input, taken map[string]string) (job, error) {
	f := r.f
	srcFormat, srcErr := formatFromPath(in.path)
	format := f.to
	if format == "" {
		if srcErr != nil {
			return job{}, fmt.Errorf("cannot tell the output format from the name; use --to: %w", srcErr)
		}
		format = srcFormat
	}
	if r.t.kind == opExtract && format == "ppm" {
		format = "pgm"
	}
	if !canWrite(format) && f.to == "" && !f.inPlace {
		// A format pixview only reads (WebP) goes out as PNG, which holds
		// every channel count and depth losslessly, under a .png name.
		format = "png"
	}
	if !canWrite(format) {
		return job{}, fmt.Errorf("pixtool cannot write %s files; use --to", format)
	}
	dir := filepath.Dir(in.path)
	if f.out != "" {
		dir = filepath.Join(f.out, filepath.Dir(in.rel))
	}
	base := filepath.Base(in.rel)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if r.t.kind == opExtract {
		stem += "." + r.t.channel
	}
	if srcErr != nil || srcFormat != format {
		ext = formatExts[format]
	}
	dest := filepath.Join(dir, stem+ext)
	j := job{in: in, dest: dest, format: format}
	srcAbs, err1 := filepath.Abs(in.path)
	destAbs, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return job{}, errors.Join(err1, err2)
	}
	if other, ok := taken[destAbs]; ok {
		return job{}, fmt.Errorf("output %s is also the output of %s", dest, other)
	}
	j.replace = srcAbs == destAbs
	switch {
	case j.replace && !f.inPlace && !f.force:
		return job{}, errors.New("refusing to overwrite the input; use --in-place, --out DIR or --to")
	case !j.replace && f.inPlace:
		return job{}, fmt.Errorf("--in-place would write a new file %s", dest)
	case !j.replace && !f.force:
		if _, err := os.Lstat(dest); err == nil {
			return job{}, fmt.Errorf("output %s %w; use --force to overwrite it", dest, errExists)
		}
	}
	taken[destAbs] = in.path
	return j, nil
}

// execute runs jobs on f.jobs workers. Once ctx is cancelled no new file
// is started; the files in flight finish, so none is left half written.
func (r *runner) execute(ctx context.Context, jobs []job, sum *summary) {
	ch := make(chan job)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	var fails []struct {
		index int
		failure
	}
	for range min(r.f.jobs, max(1, len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				if r.f.delay > 0 {
					time.Sleep(r.f.delay)
				}
				nin, nout, err := r.process(j)
				mu.Lock()
				sum.BytesIn += nin
				if err != nil {
					sum.Failed++
					fails = append(fails, struct {
						index int
						failure
					}{j.index, failure{Path: j.in.path, Error: err.Error()}})
				} else {
					sum.Done++
					sum.BytesOut += nout
				}
				mu.Unlock()
				if err != nil {
					r.rep.fail(j.in.path, err)
				}
				r.rep.step()
			}
		}()
	}
	sent := 0
dispatch:
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		select {
		case ch <- j:
			sent++
		case <-ctx.Done():
			break dispatch
		}
	}
	close(ch)
	if ctx.Err() != nil {
		r.rep.note(fmt.Sprintf("interrupted: finishing the files in flight, skipping %d", len(jobs)-sent))
	}
	wg.Wait()
	sum.Skipped = len(jobs) - sent
	sort.Slice(fails, func(a, b int) bool { return fails[a].index < fails[b].index })
	for _, f := range fails {
		sum.Failures = append(sum.Failures, f.failure)
	}
}
