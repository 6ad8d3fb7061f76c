package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// job is one file of a batch with its planned output.
type job struct {
	index int // position in the batch, for a stable failure order
	in    input
	dest  string // output path
	// format is the output format asked for; a file replaced in place is
	// written in the format of its content instead.
	format format
	// replace is set when dest is the input itself.
	replace bool
}

// runner runs one command over a batch of files.
type runner struct {
	a       *app
	name    string
	f       *batchFlags
	t       transform
	st      store   // where the files are
	fmts    formats // what formats are known
	workers int     // goroutines each ops and codec call may use
	bufs    buffers
	rep     *reporter
	rc      *recorder
}

// runBatch is the RunE of every transforming command: it validates the
// flags, expands the inputs, runs the files through a worker pool and prints
// the summary. It returns an exitError with the exit code.
func runBatch(cmd *cobra.Command, a *app, name string, f *batchFlags, t transform, args []string) error {
	if err := f.check(a.fmts, t, len(args)); err != nil {
		return err
	}
	ctx := cmd.Context()
	if f.raw != "" || f.pixFmt != "" {
		return runRaw(ctx, a, name, f, t, args)
	}
	start := time.Now()
	if f.filesFrom != "" {
		list, err := readFilesFrom(ctx, a, f.filesFrom, f.null)
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("--files-from %s: %s", f.filesFrom, errorText(f.filesFrom, err))}
		}
		args = append(args, list...)
	}
	wo := walkOptions{recursive: f.recursive, isImage: a.fmts.isImageName, sameFile: f.inPlace}
	if f.out != "" {
		if abs, err := filepath.Abs(f.out); err == nil {
			wo.skipDir = abs
		}
	}
	ins, inErrs := expand(ctx, a.st, args, wo)
	sh, _ := parseShard(f.shard)

	r := &runner{a: a, name: name, f: f, t: t, st: a.st, fmts: a.fmts.withJPEG(&f.jpeg, f.quality), bufs: newBuffers(f.jobs + 1)}
	sum := &summary{Command: name, Failures: []failure{}}
	var stream io.Writer
	if f.json {
		stream = a.stdout
	}
	r.rc = newRecorder(sum, stream)
	// Inputs that named no file and files that cannot be planned fail
	// before the batch starts; they come first in the failures.
	var early []record
	var notes []inputError
	for _, e := range inErrs {
		if !sh.contains(filepath.ToSlash(filepath.Clean(e.path))) {
			continue
		}
		if e.dup {
			notes = append(notes, e)
			continue
		}
		early = append(early, record{Type: "file", Input: e.path}.fail(e.err))
	}
	var jobs []job
	var existing []record
	taken := map[string]string{}
	for _, in := range ins {
		if !sh.contains(in.key) {
			continue
		}
		j, err := r.plan(in, taken)
		if errors.Is(err, errExists) && f.skipExist {
			existing = append(existing, record{Type: "file", Input: in.path, Output: j.dest, Status: statusExisting})
			continue
		}
		if err != nil {
			early = append(early, record{Type: "file", Input: in.path}.fail(err))
			continue
		}
		jobs = append(jobs, j)
	}
	for i := range early {
		early[i].index = i
	}
	for i := range jobs {
		jobs[i].index = len(early) + i
	}
	sum.Files = len(jobs) + len(early) + len(existing)
	r.workers = workersPerFile(f.jobs, len(jobs))
	total := len(jobs) + len(early)
	r.rep = newReporter(a, name, total, !f.quiet && a.tty && total > 1)
	for _, e := range notes {
		r.rep.fail(e.path, e.err)
	}
	for _, rec := range early {
		r.rep.fail(rec.Input, rec.err)
		r.rc.add(rec)
	}
	for _, rec := range existing {
		r.rc.add(rec)
	}
	r.execute(ctx, jobs, sum)
	r.rc.finish()
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

// workersPerFile returns the goroutines each file's ops and codec calls may
// use when jobs files run at once, of n: max(1, GOMAXPROCS/jobs), so that
// the process never runs more busy goroutines than there are cores.
func workersPerFile(jobs, n int) int {
	return max(1, runtime.GOMAXPROCS(0)/max(1, min(jobs, n)))
}

// readFilesFrom reads the --files-from list from a file or standard input.
func readFilesFrom(ctx context.Context, a *app, name string, nul bool) ([]string, error) {
	if name == "-" {
		return readList(a.stdin, nul)
	}
	fh, err := a.st.Open(ctx, name)
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
	srcFormat, srcErr := r.fmts.byPath(in.path)
	j := job{in: in}
	if f.inPlace {
		// The output is the input, in the format of its content, which
		// process reads; its name says nothing here.
		j.dest, j.replace = in.path, true
		srcAbs, err := filepath.Abs(in.path)
		if err != nil {
			return job{}, err
		}
		if other, ok := taken[srcAbs]; ok {
			return job{}, fmt.Errorf("output %s is also the output of %s", in.path, other)
		}
		taken[srcAbs] = in.path
		return j, nil
	}
	format := r.fmts.lookup(f.to)
	if f.to == "" {
		if srcErr != nil {
			return job{}, fmt.Errorf("cannot tell the output format from the name; use --to: %w", srcErr)
		}
		format = srcFormat
	}
	if r.t.extract() {
		// One channel: a format that cannot keep it gives way to one of
		// its family that can (a PPM's channel is written as a PGM).
		format = r.fmts.forChannels(format, 1)
	}
	if !format.canWrite() && f.to == "" {
		// A format pixview only reads (WebP) goes out as PNG, which holds
		// every channel count and depth losslessly, under a .png name.
		format = r.fmts.lookup("png")
	}
	if !format.ok() || !format.canWrite() {
		return job{}, fmt.Errorf("pixtool cannot write %s files; use --to", format.name())
	}
	j.format = format
	dir := filepath.Dir(in.path)
	if f.out != "" {
		dir = filepath.Join(f.out, filepath.Dir(in.rel))
	}
	base := filepath.Base(in.rel)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if r.t.extract() {
		stem += "." + r.t.channel
	}
	if srcErr != nil || srcFormat.name() != format.name() {
		ext = format.ext()
	}
	j.dest = filepath.Join(dir, stem+ext)
	srcAbs, err1 := filepath.Abs(in.path)
	destAbs, err2 := filepath.Abs(j.dest)
	if err1 != nil || err2 != nil {
		return job{}, errors.Join(err1, err2)
	}
	if other, ok := taken[destAbs]; ok {
		return job{}, fmt.Errorf("output %s is also the output of %s", j.dest, other)
	}
	j.replace = srcAbs == destAbs
	switch {
	case j.replace && !f.force:
		return job{}, errors.New("refusing to overwrite the input; use --in-place, --out DIR or --to")
	case !j.replace && !f.force:
		if _, err := r.st.Stat(context.Background(), j.dest); err == nil {
			return j, fmt.Errorf("output %s %w; use --force to overwrite it", j.dest, errExists)
		}
	}
	taken[destAbs] = in.path
	return j, nil
}

// execute runs jobs on f.jobs workers, each file's record going to the
// recorder as it completes. Once ctx is cancelled no new file is started;
// the files in flight finish, so none is left half written.
func (r *runner) execute(ctx context.Context, jobs []job, sum *summary) {
	ch := make(chan job)
	var wg sync.WaitGroup
	for range min(r.f.jobs, max(1, len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				if r.f.delay > 0 {
					time.Sleep(r.f.delay)
				}
				rec := r.process(ctx, j)
				rec.index = j.index
				if rec.err != nil {
					r.rep.fail(j.in.path, rec.err)
				}
				r.rc.add(rec)
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
}
