package main

// A raw stream stops at once on a signal and never leaves a partial frame
// (issue #16). Frames are read on a goroutine of their own, so that a
// stream waiting on an idle pipe sees SIGINT, SIGTERM or SIGHUP at once
// instead of after the next frame arrives, and no frame is written once
// the signal is in. A frame that fails part way into a regular file is
// cut off again, so the file ends with the last whole frame.

import (
	"context"
	"io"
	"os"

	"github.com/pixview/pixview/pixbuf"
)

// frameSource reads frames from a frameReader on its own goroutine, one
// at a time on request: the frame handed out is the reader's reused
// buffer, which it does not touch again until the next request.
type frameSource struct {
	req chan struct{}
	res chan frameResult
}

// frameResult is one frame read, or the error that ended the stream.
type frameResult struct {
	v   pixbuf.View[uint8]
	err error
}

// startFrames starts reading fr. Call stop when done: the goroutine ends
// then, or, if it is blocked reading an input that never ends, with the
// process.
func startFrames(fr *frameReader) *frameSource {
	s := &frameSource{req: make(chan struct{}), res: make(chan frameResult, 1)}
	go func() {
		for range s.req {
			v, err := fr.next()
			s.res <- frameResult{v, err} // buffered: never blocks
		}
	}()
	return s
}

// next returns the next frame, io.EOF at the clean end of the input, or
// ctx's error as soon as ctx is cancelled, whatever the read is waiting
// for.
func (s *frameSource) next(ctx context.Context) (pixbuf.View[uint8], error) {
	if err := ctx.Err(); err != nil {
		return pixbuf.View[uint8]{}, err
	}
	select {
	case s.req <- struct{}{}:
	case <-ctx.Done():
		return pixbuf.View[uint8]{}, ctx.Err()
	}
	select {
	case r := <-s.res:
		return r.v, r.err
	case <-ctx.Done():
		return pixbuf.View[uint8]{}, ctx.Err()
	}
}

// stop ends the reading goroutine after its current read.
func (s *frameSource) stop() { close(s.req) }

// frameSink writes whole frames to out. When out is a regular file that
// it can seek in and that is not in append mode, a frame that fails part
// way (a full disk, a file size limit) is cut off again, so the file ends
// with the last whole frame; a pipe or a terminal cannot take bytes back.
type frameSink struct {
	fw   *frameWriter
	file *os.File // nil unless out can be cut back
	end  int64    // where the last whole frame ends in file
}

// newFrameSink returns a sink writing to out.
func newFrameSink(out io.Writer) *frameSink {
	s := &frameSink{fw: newFrameWriter(out)}
	f, ok := out.(*os.File)
	if !ok {
		return s
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || appendMode(f) {
		return s
	}
	if pos, err := f.Seek(0, io.SeekCurrent); err == nil {
		s.file, s.end = f, pos
	}
	return s
}

// write writes v as one frame, or, when that fails, none of it.
func (s *frameSink) write(v pixbuf.View[uint8]) error {
	err := s.fw.write(v)
	if s.file == nil {
		return err
	}
	if err != nil {
		// Cut the partial frame off and go back to its start; if that
		// fails too the first error is the one to report.
		if s.file.Truncate(s.end) == nil {
			_, _ = s.file.Seek(s.end, io.SeekStart)
		}
		return err
	}
	s.end += int64(v.NBytes())
	return nil
}
