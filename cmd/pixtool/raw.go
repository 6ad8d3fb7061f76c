package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// rawFormat is the geometry of a raw frame stream.
type rawFormat struct {
	width, height int
	pixFmt        string
	channels, bps int
}

// parseRaw parses --raw WxH[xC] and --pix-fmt. Channels 1, 3 and 4 mean
// gray, rgb24 and rgba; without either, frames are rgb24.
func parseRaw(raw, pixFmt string) (rawFormat, error) {
	var rf rawFormat
	if raw == "" {
		return rf, errors.New("--pix-fmt needs --raw WIDTHxHEIGHT")
	}
	parts := strings.Split(strings.ToLower(raw), "x")
	if len(parts) < 2 || len(parts) > 3 {
		return rf, fmt.Errorf("invalid --raw %q: want WIDTHxHEIGHT or WIDTHxHEIGHTxCHANNELS, such as 1920x1080", raw)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 || v > 1<<16 {
			return rf, fmt.Errorf("invalid --raw %q: %q is not a size from 1 to 65536", raw, p)
		}
		n[i] = v
	}
	rf.width, rf.height = n[0], n[1]
	byChannels := map[int]string{1: "gray", 3: "rgb24", 4: "rgba"}
	switch {
	case pixFmt == "" && n[2] == 0:
		rf.pixFmt = "rgb24"
	case pixFmt == "":
		if rf.pixFmt = byChannels[n[2]]; rf.pixFmt == "" {
			return rf, fmt.Errorf("invalid --raw %q: %d channels; want 1, 3 or 4, or give --pix-fmt", raw, n[2])
		}
	default:
		rf.pixFmt = pixFmt
	}
	pf, ok := pixFormats[rf.pixFmt]
	if !ok {
		return rf, fmt.Errorf("unknown --pix-fmt %q: want rgb24, rgba, gray or gray16le", pixFmt)
	}
	if n[2] != 0 && n[2] != pf.channels {
		return rf, fmt.Errorf("--raw %q has %d channels but --pix-fmt %s has %d", raw, n[2], rf.pixFmt, pf.channels)
	}
	rf.channels, rf.bps = pf.channels, pf.bps
	return rf, nil
}

// runRaw streams frames from standard input, or the one file named, through
// the transform to standard output or --out FILE, in one reused buffer (two
// for transforms that change the shape). Whole frames are written before a
// trailing partial frame is reported; a signal stops the stream at once,
// even one waiting for input, and no frame is written after it; a frame
// that fails part way into a file is cut off again (rawio.go). A frame
// that does not fit in the memory budget fails before anything is read.
func runRaw(ctx context.Context, a *app, name string, f *batchFlags, t transform, args []string) error {
	rf, err := parseRaw(f.raw, f.pixFmt)
	if err != nil {
		return err
	}
	if _, _, _, err := t.outShape(rf.height, rf.width, rf.channels); err != nil {
		return fmt.Errorf("--raw %dx%d %s: %v", rf.width, rf.height, rf.pixFmt, err)
	}
	// The frame's size comes from the flags: what it needs is known before
	// anything is opened or allocated.
	total, from := batchBudget(f)
	if _, err := newMemBudget(total, from).acquire(ctx, rawWorkingMemory(rf, t)); err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("--raw %dx%d %s: a frame %v", rf.width, rf.height, rf.pixFmt, err)}
	}
	start := time.Now()
	in := a.stdin
	if len(args) == 1 && args[0] != "-" {
		fh, err := a.st.Open(ctx, args[0])
		if err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		defer fh.Close()
		in = fh
	}
	out := a.stdout
	if f.out != "" && f.out != "-" {
		flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if f.force {
			flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		fh, err := os.OpenFile(f.out, flag, 0o644)
		if errors.Is(err, os.ErrExist) {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("output %s exists; use --force to overwrite it", f.out)}
		}
		if err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		defer fh.Close()
		out = fh
	}
	growPipe(in)
	growPipe(out)

	fr, err := newFrameReader(in, rf.width, rf.height, rf.pixFmt)
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	src := startFrames(fr)
	defer src.stop()
	sink := newFrameSink(out)
	var scratch []uint8
	get := func(n int) []uint8 {
		if cap(scratch) < n {
			scratch = make([]uint8, n)
		}
		return scratch[:n]
	}
	sum := &summary{Command: name, Failures: []failure{}}
	// One stream: its one frame at a time may use every core.
	workers := runtime.GOMAXPROCS(0)
	var runErr error
	for {
		frame, err := src.next(ctx)
		if err == io.EOF || ctx.Err() != nil {
			break
		}
		if err != nil {
			runErr = err
			break
		}
		sum.BytesIn += int64(frame.NBytes())
		v, err := apply(t, frame, rf.bps, workers, get)
		if err != nil {
			runErr = err
			break
		}
		if ctx.Err() != nil {
			break // no frame after the signal
		}
		if err := sink.write(v); err != nil {
			runErr = fmt.Errorf("writing frame %d: %w", sum.Frames+1, err)
			break
		}
		sum.Frames++
		sum.BytesOut += int64(v.NBytes())
	}
	if c, ok := out.(interface{ Sync() error }); ok && f.out != "" && runErr == nil {
		if err := c.Sync(); err != nil {
			runErr = err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	code, interrupted := interruptCode(ctx)
	sum.Interrupted = interrupted
	if interrupted && errors.Is(runErr, io.ErrUnexpectedEOF) {
		// Ctrl-C in a pipeline stops the producer mid-frame too: that
		// partial frame is the interrupt, not a fault of the input.
		runErr = nil
	}
	if runErr != nil {
		sum.Failed = 1
		sum.Failures = append(sum.Failures, failure{Path: rawName(args), Error: runErr.Error()})
		fmt.Fprintf(a.stderr, "pixtool: %s: %v\n", rawName(args), runErr)
	}
	sum.print(a, f)
	switch {
	case interrupted:
		return &exitError{code: code}
	case runErr != nil:
		return &exitError{code: exitFailure}
	}
	return nil
}

// rawName names the input of a stream in messages.
func rawName(args []string) string {
	if len(args) == 1 && args[0] != "-" {
		return args[0]
	}
	return "standard input"
}
