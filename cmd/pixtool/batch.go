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

	"github.com/pixview/pixview/internal/fsx"
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
	// cpu is the file's CPU slot (cpuslots.go), given back once its new
	// content is written.
	cpu *cpuSlot
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
	budget  *memBudget  // working memory of the files in flight (budget.go)
	spares  *fsx.Spares // replaced files recycled by an in-place batch (inplace_lock.go)
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
	sh, err := f.resolveShard(a.env)
	if err != nil {
		return err
	}
	start := time.Now()
	f.out = localName(f.out)
	if f.filesFrom != "" {
		f.filesFrom = localName(f.filesFrom)
		list, err := readFilesFrom(ctx, a, f.filesFrom, f.null)
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("--files-from %s: %s", f.filesFrom, errorText(f.filesFrom, err))}
		}
		args = append(args, list...)
	}
	urls := false
	for i, arg := range args {
		args[i] = localName(arg)
		urls = urls || isBlobURL(arg)
	}
	wo := walkOptions{recursive: f.recursive, isImage: a.fmts.isImageName, sameFile: f.inPlace, sniff: sniffer(ctx, a.st, a.fmts)}
	if f.out != "" {
		if id, err := nameID(f.out); err == nil && isBlobURL(f.out) {
			wo.skipDir = strings.TrimSuffix(id, "/") + "/"
		} else if err == nil {
			wo.skipDir = id
		}
	}

	r := &runner{a: a, name: name, f: f, t: t, st: a.st, fmts: a.fmts.withJPEG(&f.jpeg, f.quality).withStrip(f.loss.metadata())}
	defer r.startBudget()()
	defer r.startSpares()()
	sum := &summary{Command: name, Failures: []failure{}}
	if sh.n > 1 {
		sum.Shard = sh.String()
	}
	var stream io.Writer
	if f.json {
		stream = a.stdout
	}
	r.rc = newRecorder(sum, stream)
	wo.skip = func(s skipped) { r.recordSkipped(s, sh) }
	if urls {
		ctx = r.markInPlace(ctx, sum)
		r.runStream(ctx, args, wo, sh, sum)
	} else {
		r.runExpanded(ctx, args, wo, sh, sum)
	}
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

// runExpanded runs a batch of local files: every argument is expanded
// first, so the batch knows its total, and inputs that named no file and
// files that cannot be planned fail before the batch starts, first in the
// failures.
func (r *runner) runExpanded(ctx context.Context, args []string, wo walkOptions, sh shard, sum *summary) {
	f := r.f
	ins, inErrs := expand(ctx, r.st, args, wo)
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
	taken := exactClaims{}
	for _, in := range ins {
		if !sh.contains(in.key) {
			continue
		}
		j, err := r.plan(ctx, in, taken)
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
	r.rep = newReporter(r.a, r.name, total, !f.quiet && r.a.tty && total > 1)
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
	sent := 0
	r.cleanOrphans(jobs)
	r.execute(ctx, min(f.jobs, max(1, len(jobs))), func(send func(job) bool) {
		for _, j := range jobs {
			if !send(j) {
				break
			}
			sent++
		}
		if ctx.Err() != nil {
			r.rep.note(fmt.Sprintf("interrupted: finishing the files in flight, skipping %d", len(jobs)-sent))
		}
	})
	sum.skip(skipInterrupted, len(jobs)-sent)
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
func (r *runner) plan(ctx context.Context, in input, taken claims) (job, error) {
	f := r.f
	srcFormat, srcErr := r.fmts.byPath(in.path)
	named := srcErr == nil // the extension names a format
	if !named && f.to == "" && !f.inPlace {
		srcFormat, srcErr = r.sniffFormat(ctx, in.path)
	}
	j := job{in: in}
	if f.inPlace {
		// The output is the input, in the format of its content, which
		// process reads; its name says nothing here.
		j.dest, j.replace = in.path, true
		srcID, err := nameID(in.path)
		if err != nil {
			return job{}, err
		}
		if other, ok := taken.first(srcID); ok {
			return job{}, fmt.Errorf("output %s is also the output of %s", in.path, other)
		}
		taken.add(srcID, in.path)
		return j, nil
	}
	format := r.fmts.lookup(f.to)
	if f.to == "" {
		if srcErr != nil {
			return job{}, fmt.Errorf("cannot tell the output format from the name or the content; use --to: %w", srcErr)
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
	dir := nameDir(in.path)
	if f.out != "" {
		dir = nameJoin(f.out, filepath.Dir(in.rel))
	}
	base := filepath.Base(in.rel)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if !named {
		// An extension no format has stays part of the name, so that
		// scan.1 and scan.2 do not both become scan.png.
		stem = base
	}
	if r.t.extract() {
		stem += "." + r.t.channel
	}
	if !named || srcFormat.name() != format.name() {
		ext = format.ext()
	}
	j.dest = nameJoin(dir, stem+ext)
	srcID, err1 := nameID(in.path)
	destID, err2 := nameID(j.dest)
	if err1 != nil || err2 != nil {
		return job{}, errors.Join(err1, err2)
	}
	if other, ok := taken.first(destID); ok {
		return job{}, fmt.Errorf("output %s is also the output of %s", j.dest, other)
	}
	j.replace = srcID == destID
	switch {
	case j.replace && !f.force:
		return job{}, errors.New("refusing to overwrite the input; use --in-place, --out DIR or --to")
	case !j.replace && !f.force && !isBlobURL(j.dest):
		// An object's existence is asked by the worker (skipExisting),
		// in parallel, and its create is conditional anyway.
		if _, err := r.st.Stat(ctx, j.dest); err == nil {
			return j, fmt.Errorf("output %s %w; use --force to overwrite it", j.dest, errExists)
		}
	}
	taken.add(destID, in.path)
	return j, nil
}

// execute runs the jobs feed sends, n at a time on the CPU, each file's record going
// to the recorder as it completes. send returns false once ctx is
// cancelled: no new file is started then, and the files in flight finish,
// so none is left half written.
func (r *runner) execute(ctx context.Context, n int, feed func(send func(job) bool)) {
	ch := make(chan job)
	slots := make(cpuSlots, n)
	var wg sync.WaitGroup
	// n on the CPU and up to twice as many flushing what they wrote
	// (cpuslots.go).
	for range waiting * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				// A file is taken only with a slot, so that none waits
				// for one once received (nor starts after an interrupt).
				cpu := slots.take()
				j, ok := <-ch
				if !ok {
					cpu.release()
					return
				}
				j.cpu = cpu
				if r.f.delay > 0 {
					time.Sleep(r.f.delay)
				}
				rec := r.processJob(ctx, j)
				j.cpu.release()
				rec.index = j.index
				if rec.err != nil {
					r.rep.fail(j.in.path, rec.err)
				}
				r.rc.add(rec)
				r.rep.step()
			}
		}()
	}
	feed(func(j job) bool {
		if ctx.Err() != nil {
			return false
		}
		select {
		case ch <- j:
			return true
		case <-ctx.Done():
			return false
		}
	})
	close(ch)
	wg.Wait()
}
