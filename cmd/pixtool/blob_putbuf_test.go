//go:build cloud

package main

import (
	"bytes"
	"context"
	"errors"
	stdjpeg "image/jpeg"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"

	"github.com/pixview/pixview/codec/jpeg"
	"github.com/pixview/pixview/pixbuf"
)

// TestSpillWriterKeeps checks the upload buffer against a plain
// bytes.Buffer: writes of every size, through Write and through the lent
// free space (Grow, AvailableBuffer, then a Write of that space), keep the
// same bytes; a Write of the lent space leaves it where it is; buffers
// given back serve the next writer, growing outputs do not pile up
// buffers, and the store's close lets them go.
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
	var growing putBufs
	for i := range 8 { // one writer at a time, each output larger than the last
		sw := &spillWriter{bufs: &growing}
		sw.Write(make([]byte, (i+1)<<20))
		sw.release()
		if len(growing.free) != 1 {
			t.Fatalf("one writer at a time, growing outputs: %d buffers kept after %d", len(growing.free), i+1)
		}
	}
	growing.close()
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

// lingeringDoer answers every request at once with its status, having
// read one byte of the body (readable then: early counts those that were
// not), and keeps the body to read it later, as net/http's transport may
// after the response has come.
type lingeringDoer struct {
	status int
	bodies []io.Reader
	early  int
}

func (d *lingeringDoer) Do(req *http.Request) (*http.Response, error) {
	if n, _ := req.Body.Read(make([]byte, 1)); n != 1 {
		d.early++
	}
	d.bodies = append(d.bodies, req.Body)
	return &http.Response{StatusCode: d.status, Status: http.StatusText(d.status), Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

// TestS3PutBodyNotReadAfter checks what reusing and unmapping the upload
// buffers rests on: once a direct upload returns (here refused at once,
// 412, without a byte of its body read; and on a server error, after the
// SDK's retries), a read of any request body it sent gets nothing of the
// buffer. The SDK closes its wrapper of the body as each attempt returns;
// were that to change, a late read would see the next upload's bytes or
// fault on unmapped memory.
func TestS3PutBodyNotReadAfter(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusInternalServerError} {
		d := &lingeringDoer{status: status}
		client := s3.New(s3.Options{
			Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), UsePathStyle: true, HTTPClient: d,
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: "a", SecretAccessKey: "b"}, nil
			}),
			RetryMaxAttempts: 2,
		})
		p := &s3Put{s: &blobStore{}, client: client, bucket: "b", key: "k.ppm"}
		ctx, cancel := context.WithCancel(context.Background())
		_, err := p.create(ctx, cancel, "s3://b/k.ppm", &blob.WriterOptions{IfNotExist: true}, serviceAttrs{}, nil, func(w io.Writer) error {
			_, err := w.Write(bytes.Repeat([]byte{7}, 3<<20))
			return err
		})
		cancel()
		if err == nil {
			t.Fatalf("status %d: the upload succeeded", status)
		}
		if status == http.StatusPreconditionFailed && !errors.Is(err, errExists) {
			t.Errorf("412: %v, want errExists", err)
		}
		if len(d.bodies) == 0 || d.early > 0 {
			t.Fatalf("status %d: %d requests sent, %d with a body that could not be read while sent", status, len(d.bodies), d.early)
		}
		t.Logf("status %d: %d attempts", status, len(d.bodies))
		for i, b := range d.bodies {
			if n, _ := b.Read(make([]byte, 64)); n != 0 {
				t.Errorf("status %d, attempt %d: %d bytes of the body read after the upload returned", status, i, n)
			}
		}
		p.s.bufs.close()
	}
}
