package main

// The memory budget (issue #16): a batch never holds more working memory at
// once — decoded pixels, coefficients, encoder buffers — than a budget.
// Each file, before anything of its size is allocated, estimates its
// working memory from its header and takes that much from a weighted
// semaphore; it gives it back when it is done. A file that would not fit
// waits for others to finish; a file larger than the whole budget fails
// alone with an error wrapping pixbuf.ErrTooLarge, and the batch goes on.
//
// Without --max-memory the budget is half of the memory the process can
// still take: the smallest of MemAvailable, the cgroup's memory.max less
// what the cgroup uses, and RLIMIT_AS less the address space already
// mapped (budget_linux.go). Half, because the estimate counts what the
// files hold live, and more than that is in use at the peak: Go's
// collector lets freed memory linger until its next cycle (the soft limit
// set below makes that cycle come early, but it is soft), an output on
// tmpfs or in a dirty page cache takes memory of its own beside the
// input, and every estimate is an estimate.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"strconv"
	"strings"

	"golang.org/x/sync/semaphore"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// memBudget bounds the working memory of a batch's files in flight.
type memBudget struct {
	// total is the budget in bytes; what limits it says where it came from,
	// for messages.
	total int64
	from  string
	sem   *semaphore.Weighted
}

// newMemBudget returns a budget of total bytes.
func newMemBudget(total int64, from string) *memBudget {
	return &memBudget{total: total, from: from, sem: semaphore.NewWeighted(total)}
}

// errNotStarted is wrapped by the error of a file that was still waiting for
// memory when the batch was interrupted: it is skipped, not failed.
var errNotStarted = errors.New("interrupted before it started")

// acquire waits until n bytes fit in the budget and returns the function
// that gives them back. More than the whole budget fails at once, with an
// error wrapping pixbuf.ErrTooLarge; a cancelled ctx while waiting gives
// errNotStarted.
func (b *memBudget) acquire(ctx context.Context, n int64) (func(), error) {
	if n <= 0 {
		return func() {}, nil
	}
	if n > b.total {
		return nil, tagged(pixbuf.ErrTooLarge, "needs about %s of working memory, more than the memory budget of %s (%s)", size(float64(n)), size(float64(b.total)), b.from)
	}
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, fmt.Errorf("%w: %w", errNotStarted, err)
	}
	return func() { b.sem.Release(n) }, nil
}

// budgetFraction is the part of the memory available that the default
// budget takes (see the top of this file).
const budgetFraction = 0.5

// poolShare is the part of the budget the free buffers of the pools may
// hold between files: they are working memory too, that no file has
// reserved.
const poolShare = 8

// batchBudget returns the budget of a batch: --max-memory, or the default
// from what the system allows, or none (math.MaxInt64) when the system says
// nothing.
func batchBudget(f *batchFlags) (total int64, from string) {
	if f.maxMemoryBytes > 0 {
		return f.maxMemoryBytes, "--max-memory"
	}
	avail, from := memoryAvailable()
	if avail <= 0 {
		return math.MaxInt64, "no limit known"
	}
	return int64(float64(avail) * budgetFraction), "half of " + from + "; --max-memory sets it"
}

// applyMemoryLimit sets Go's soft memory limit to the budget plus what the
// process holds besides its files (the binary, the runtime, buffers of a
// fixed size), so that the collector runs before freed pixels push the
// heap past the budget, and returns the function that restores the old
// limit. A budget of no limit changes nothing.
func applyMemoryLimit(total int64) func() {
	const overhead = 64 << 20
	if total >= math.MaxInt64-overhead {
		return func() {}
	}
	old := debug.SetMemoryLimit(total + overhead)
	return func() { debug.SetMemoryLimit(old) }
}

// checkBudget parses --max-memory into maxMemoryBytes.
func (f *batchFlags) checkBudget() error {
	if f.maxMemory == "" {
		return nil
	}
	n, err := parseSize(f.maxMemory)
	if err != nil {
		return fmt.Errorf("invalid --max-memory %q: %v", f.maxMemory, err)
	}
	f.maxMemoryBytes = n
	return nil
}

// parseSize parses a size in bytes: a number with an optional unit K, M,
// G or T (powers of 1024; KiB, MB, GiB and the like are read the same way)
// or B; "0" is refused, as a budget of nothing would fail every file.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			t = t[:len(t)-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("want a size such as 512M or 2G")
	}
	n := v * float64(mult)
	switch {
	case n < 1:
		return 0, errors.New("want a size of at least one byte, such as 512M or 2G")
	case n >= math.MaxInt64:
		return 0, errors.New("too large")
	}
	return int64(n), nil
}

// reserve estimates the working memory of src on route rt from its header
// and waits until it fits in the batch's budget; it returns the function
// that gives it back. The header read leaves src rewound.
func (r *runner) reserve(ctx context.Context, src *source, rt route, t transform, out format) (func(), error) {
	if r.budget == nil || rt == routeNone || rt == routeCopy {
		return func() {}, nil
	}
	size := src.r.Info().Size()
	var c imageInfo
	var err error
	if src.format.mappable() && (rt == routeRaster || rt == routeTransform) {
		c, rt, err = netpbmRoute(src.r, size, rt)
	} else {
		c, err = r.fmts.config(src.r)
	}
	if _, serr := src.r.Seek(0, io.SeekStart); err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	return r.budget.acquire(ctx, workingMemory(c, rt, t, src.format, out, size))
}

// netpbmRoute returns the image of a Netpbm file that its estimate is made
// for, and the path the file really takes (processRaster, unmapped): a
// file of several images goes through the format's transform, each image
// into new memory, and is estimated by its largest image, not its first;
// a plain or PBM file is decoded.
func netpbmRoute(r io.ReadSeeker, size int64, rt route) (imageInfo, route, error) {
	n, c, decoded, err := netpbmImages(r, size)
	switch {
	case err != nil:
		return c, rt, err
	case decoded:
		return c, routeDecode, nil
	case n > 1:
		return c, routeTransform, nil
	}
	return c, rt, nil
}

// workingMemory estimates the peak memory, in bytes, that processing a
// file of header c on route rt holds at once: what the measured peak per
// pixel of each path comes to (the table in budget_test.go's
// TestWorkingMemoryBounds keeps it honest), plus the fixed buffers. It
// errs high.
func workingMemory(c imageInfo, rt route, t transform, in, out format, fileSize int64) int64 {
	px := int64(c.Width) * int64(c.Height)
	bps := int64(1)
	if c.Depth > 8 {
		bps = 2
	}
	ch := int64(max(c.Channels, 1))
	raster := px * ch * bps // the image as samples
	turned := int64(0)      // a second raster for a transform that changes the shape
	if t.orient.SwapsAxes() || t.extract() {
		turned = raster
	}
	const fixed = 1 << 20 // write buffers, headers, tables
	switch rt {
	case routeRaster:
		if t.streams() {
			return bandBytes + fixed // one band at a time
		}
		// The raster read into a pooled buffer, and the turned copy.
		return raster + turned + fixed
	case routeTransform:
		if in.name() == codec.JPEG {
			// DCT coefficients, two bytes each, at most one per sample
			// (4:4:4), read and transformed into a second set; the Huffman
			// statistics and the output are small beside them.
			coef := px * ch * 2
			return 2*coef + fileSize + fixed
		}
		// Another format's own transform holds its input and output.
		return 2*raster + fileSize + fixed
	}
	// Decoding: the decoder's image and what it is converted into (the
	// standard decoders' types are not always pixview's layout), the
	// transformed copy, and an encoder that may hold the image in its own
	// layout (JPEG's YCbCr planes, TIFF's strips) or compressed. The
	// factors are the measured peaks (TestWorkingMemoryBounds) rounded up:
	// about 2.1 rasters for 8-bit PNG and 1.6 for JPEG, 4.2 for 16-bit
	// PNG, 7.9 for 8-bit TIFF and 7.8 to 10.8 for 16-bit TIFF (it moves
	// with the collector's timing between runs).
	k := int64(3)
	switch {
	case (in.name() == "tiff" || out.name() == "tiff") && bps == 2:
		k = 12
	case in.name() == "tiff" || out.name() == "tiff":
		k = 9
	case bps == 2:
		k = 5
	}
	return k*raster + turned + fileSize + fixed
}

// rawWorkingMemory returns the working memory of a raw stream of rf's
// frames through t, one frame at a time: the frame read (flips, half
// turns, channel swaps and crops work in it), a second frame for a
// transform that turns it a quarter, one channel's worth for a channel
// taken out, and the fixed buffers.
func rawWorkingMemory(rf rawFormat, t transform) int64 {
	const fixed = 1 << 20
	frame := int64(rf.width) * int64(rf.height) * int64(rf.channels*rf.bps)
	n := frame + fixed
	if t.orient.SwapsAxes() {
		n += frame
	}
	if t.extract() {
		n += frame / int64(rf.channels)
	}
	return n
}

// startBudget gives the runner its memory budget and its buffer pools,
// which hold a share of the budget, and sets Go's soft memory limit for the
// batch; it returns the function that restores the limit.
func (r *runner) startBudget() func() {
	total, from := batchBudget(r.f)
	pool := total / poolShare
	r.bufs = newBuffers(r.f.jobs+1, pool)
	r.budget = newMemBudget(total-pool, from)
	if total == math.MaxInt64 {
		return func() {}
	}
	return applyMemoryLimit(total)
}

// skip marks the record of a file that was not started.
func (rec record) skip() record {
	rec.Status, rec.Output = statusSkipped, ""
	rec.Skip, rec.Reason = skipInterrupted, "interrupted while it waited for memory"
	return rec
}
