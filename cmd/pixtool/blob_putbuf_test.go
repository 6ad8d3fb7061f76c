//go:build cloud

package main

import (
	"bytes"
	"errors"
	stdjpeg "image/jpeg"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// TestSpillWriterKeeps checks the upload buffer against a plain
// bytes.Buffer: writes of every size, through Write and through the lent
// free space (Grow, AvailableBuffer, then a Write of that space), keep the
// same bytes; a Write of the lent space leaves it where it is; buffers
// given back serve the next writer, and the store's close lets them go.
func TestSpillWriterKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	bytesOf := rand.NewChaCha8([32]byte{17})
	var bufs putBufs
	for round := range 4 {
		sw := &spillWriter{bufs: &bufs}
		var want bytes.Buffer
		for range 24 {
			n := rng.IntN(2 << 20 >> (rng.IntN(12)))
			p := make([]byte, n)
			bytesOf.Read(p)
			want.Write(p)
			if rng.IntN(2) == 0 {
				sw.Write(p)
				continue
			}
			sw.Grow(n)
			free := sw.AvailableBuffer()
			if cap(free) < n {
				t.Fatalf("round %d: Grow(%d) left room for %d", round, n, cap(free))
			}
			free = append(free, p...)
			before := len(sw.buf)
			sw.Write(free)
			if n > 0 && &sw.buf[before] != &free[0] {
				t.Fatalf("round %d: the lent space moved", round)
			}
			if len(sw.buf) > s3PutMax {
				t.Fatalf("round %d: %d bytes kept, past s3PutMax", round, len(sw.buf))
			}
			if len(sw.buf)+4<<20 > s3PutMax {
				break // the spill past s3PutMax is TestS3InPlaceKeepsStorageClassAndTags's
			}
		}
		if !bytes.Equal(sw.buf, want.Bytes()[:len(sw.buf)]) || len(sw.buf) != want.Len() {
			t.Fatalf("round %d: %d bytes kept, want the %d written", round, len(sw.buf), want.Len())
		}
		base := &sw.mem.b[0]
		sw.release()
		next := bufs.get(1)
		if &next.b[0] != base {
			t.Errorf("round %d: the buffer given back does not serve the next writer", round)
		}
		bufs.put(next)
	}
	bufs.close()
	if len(bufs.free) != 0 {
		t.Errorf("close kept %d buffers", len(bufs.free))
	}
	bufs.put(bufs.get(2 << 20)) // after close: let go at once
	if len(bufs.free) != 0 {
		t.Errorf("a buffer given back after close was kept")
	}
}

// TestLosslessIntoUploadBuffer checks that the lossless JPEG path makes
// its output in the upload buffer: TransformFile into a spillWriter gives
// the bytes it gives into any writer, by one Write of the buffer's own
// lent space.
func TestLosslessIntoUploadBuffer(t *testing.T) {
	var photo bytes.Buffer
	if err := stdjpeg.Encode(&photo, pattern(640, 480, 3, 8).image(), &stdjpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	req := &jpeg.Request{Orientation: pixbuf.FlipHorizontal, Scratch: new(jpeg.Scratch)}
	var want bytes.Buffer
	if _, err := jpeg.TransformFile(struct{ io.Writer }{&want}, bytes.NewReader(photo.Bytes()), req); err != nil {
		t.Fatal(err)
	}
	var bufs putBufs
	defer bufs.close()
	for round := range 3 {
		sw := &spillWriter{bufs: &bufs}
		rec := &writeRecorder{sw: sw}
		if _, err := jpeg.TransformFile(rec, bytes.NewReader(photo.Bytes()), req); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sw.buf, want.Bytes()) {
			t.Errorf("round %d: %d bytes in the upload buffer, want %d", round, len(sw.buf), want.Len())
		}
		if rec.writes != 1 || rec.copied {
			t.Errorf("round %d: %d writes, of other memory %v: want one of the lent space", round, rec.writes, rec.copied)
		}
		sw.release()
	}
}

// writeRecorder passes a spillWriter's methods on and notes whether a
// Write was of anything but the lent space.
type writeRecorder struct {
	sw     *spillWriter
	writes int
	copied bool
}

func (r *writeRecorder) Grow(n int)              { r.sw.Grow(n) }
func (r *writeRecorder) AvailableBuffer() []byte { return r.sw.AvailableBuffer() }
func (r *writeRecorder) Write(p []byte) (int, error) {
	r.writes++
	free := r.sw.buf[len(r.sw.buf):cap(r.sw.buf)]
	r.copied = r.copied || len(p) == 0 || len(free) == 0 || &p[0] != &free[0]
	return r.sw.Write(p)
}

// TestBodyReaderDone checks the upload body: it reads and seeks as a
// bytes.Reader does, and once done every read fails with errBodyDone
// without touching the buffer, also a read racing with done (run with
// -race: the buffer is written after done while readers may still call).
func TestBodyReaderDone(t *testing.T) {
	data := []byte("0123456789abcdef")
	r := &bodyReader{b: data}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("ReadAll = %q, %v", got, err)
	}
	if pos, err := r.Seek(-4, io.SeekEnd); err != nil || pos != 12 {
		t.Fatalf("Seek(-4, end) = %d, %v", pos, err)
	}
	if got, _ = io.ReadAll(r); string(got) != "cdef" {
		t.Fatalf("after the seek: %q", got)
	}
	if _, err := r.Seek(-1, io.SeekStart); err == nil {
		t.Error("a seek before the start succeeded")
	}

	buf := bytes.Repeat([]byte{1}, 1<<20)
	r = &bodyReader{b: buf}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := make([]byte, 4096)
			for {
				if _, err := r.Read(p); err != nil {
					if !errors.Is(err, errBodyDone) && err != io.EOF {
						t.Errorf("read: %v", err)
					}
					return
				}
				r.Seek(0, io.SeekStart)
			}
		}()
	}
	r.done()
	clear(buf) // the next upload's: no reader may see it
	wg.Wait()
	if n, err := r.Read(make([]byte, 8)); n != 0 || !errors.Is(err, errBodyDone) {
		t.Errorf("read after done = %d, %v; want errBodyDone", n, err)
	}
}
