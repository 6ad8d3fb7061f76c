package jpeg

import (
	"bytes"
	"image"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/pixview/pixview/pixbuf"
)

// scFiles returns JPEG files of several samplings and sizes, sequential
// and progressive, the largest first, so that a Scratch reused in order
// holds the coefficients of a bigger file when it serves a smaller one.
func scFiles(t *testing.T) [][]byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(71, 72))
	var files [][]byte
	for _, c := range []struct {
		w, h int
		s    [][2]int
		opts EncodeOptions
	}{
		{96, 80, [][2]int{{2, 2}, {1, 1}, {1, 1}}, EncodeOptions{}},
		{64, 48, [][2]int{{1, 1}, {1, 1}, {1, 1}}, EncodeOptions{Coding: CodingProgressive}},
		{40, 33, [][2]int{{2, 1}, {1, 1}, {1, 1}}, EncodeOptions{RestartInterval: 3}},
		{33, 70, [][2]int{{1, 1}}, EncodeOptions{Coding: CodingProgressive}},
		{23, 17, [][2]int{{2, 2}, {1, 1}, {1, 1}}, EncodeOptions{}},
		{16, 16, [][2]int{{4, 1}, {1, 1}, {1, 1}}, EncodeOptions{}},
	} {
		data, err := AppendEncode(nil, trRandImage(rng, c.w, c.h, c.s), &c.opts)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	return files
}

// TestScratchReuse checks the law of Scratch: a sequence of transforms
// through one Scratch (files of different sizes, codings and samplings;
// transforms in place, into new planes, cropped and trimmed) writes what
// each gives without one, byte for byte.
func TestScratchReuse(t *testing.T) {
	t.Parallel()
	files := scFiles(t)
	reqs := []Request{
		{Orientation: pixbuf.FlipHorizontal},
		{Orientation: pixbuf.Rotate90},
		{Orientation: pixbuf.Rotate180, Edge: EdgeTrim},
		{Orientation: pixbuf.Transpose, Crop: image.Rect(0, 0, 8, 8)},
		{Orientation: pixbuf.Rotate270, Encode: EncodeOptions{Coding: CodingProgressive}},
		{Orientation: pixbuf.FlipVertical, Encode: EncodeOptions{Coding: CodingSequential}},
	}
	var s Scratch
	for round := range 4 {
		for i, f := range files {
			for k, req := range reqs {
				want, _, wantErr := AppendTransform(nil, f, &req)
				req.Scratch = &s
				var got bytes.Buffer
				var w io.Writer = &got // lends its memory: the file is read there
				if round%2 == 0 {
					w = struct{ io.Writer }{&got} // does not: the Scratch's buffer serves
				}
				_, err := TransformFile(w, bytes.NewReader(f), &req)
				if (err == nil) != (wantErr == nil) {
					t.Fatalf("round %d file %d request %d: error %v with a Scratch, %v without", round, i, k, err, wantErr)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("round %d file %d request %d: %d bytes with a Scratch differ from the %d without", round, i, k, got.Len(), len(want))
				}
			}
		}
	}
}

// lendWriter lends its free space as bytes.Buffer does, and notes whether
// each Write handed back that space (took nothing to copy).
type lendWriter struct {
	buf     []byte
	noGrow  bool // Grow makes no room
	inPlace []bool
}

func (w *lendWriter) Grow(n int) {
	if !w.noGrow {
		w.buf = slices.Grow(w.buf, n)
	}
}

func (w *lendWriter) AvailableBuffer() []byte { return w.buf[len(w.buf):] }

func (w *lendWriter) Write(p []byte) (int, error) {
	free := w.buf[len(w.buf):cap(w.buf)]
	w.inPlace = append(w.inPlace, len(p) > 0 && len(free) > 0 && &p[0] == &free[0])
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// TestTransformFileLends checks that TransformFile reads the file into
// the free space of a writer that lends it and writes the output from
// there (one Write of that space: nothing copied), with a Scratch or
// without; that a Scratch never keeps that memory (the next transform
// through it leaves the first writer's bytes alone); and that a writer
// that does not grow as asked is written as any other.
func TestTransformFileLends(t *testing.T) {
	t.Parallel()
	files := scFiles(t)
	req := Request{Orientation: pixbuf.FlipHorizontal}
	want, _, err := AppendTransform(nil, files[0], &req)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Scratch{nil, new(Scratch)} {
		req.Scratch = s
		lw := new(lendWriter)
		if _, err := TransformFile(lw, bytes.NewReader(files[0]), &req); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(lw.buf, want) || !slices.Equal(lw.inPlace, []bool{true}) {
			t.Errorf("Scratch %v: %d bytes (want %d), writes in place %v, want one", s != nil, len(lw.buf), len(want), lw.inPlace)
		}
		for _, f := range files[1:] {
			if _, err := TransformFile(io.Discard, bytes.NewReader(f), &req); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(lw.buf, want) {
			t.Errorf("Scratch %v: the lent output changed when the Scratch served the next files", s != nil)
		}
	}
	req.Scratch = new(Scratch)
	lw := &lendWriter{noGrow: true}
	if _, err := TransformFile(lw, bytes.NewReader(files[0]), &req); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(lw.buf, want) || slices.Contains(lw.inPlace, true) {
		t.Errorf("a writer that does not grow: %d bytes (want %d), writes in place %v", len(lw.buf), len(want), lw.inPlace)
	}
}

// TestTransformFileInput checks that TransformFile reads a file whatever
// its reader says of its size: a bytes.Reader (Len), a reader that does
// not say, and one already partly read.
func TestTransformFileInput(t *testing.T) {
	t.Parallel()
	f := scFiles(t)[0]
	req := &Request{Orientation: pixbuf.Rotate90}
	want, _, err := AppendTransform(nil, f, req)
	if err != nil {
		t.Fatal(err)
	}
	moved := bytes.NewReader(append([]byte("junk"), f...))
	moved.Seek(4, 0)
	for name, r := range map[string]interface{ Read([]byte) (int, error) }{
		"sized":    bytes.NewReader(f),
		"unsized":  struct{ *bytes.Buffer }{bytes.NewBuffer(f)},
		"advanced": moved,
	} {
		var got bytes.Buffer
		if _, err := TransformFile(&got, r, req); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: output differs", name)
		}
	}
}

// TestScratchAllocates checks that a Scratch kept from one file to the
// next spares the coefficient planes, the file's buffer and the masks:
// once warm, a transform of a 1024x768 file allocates less than a tenth of
// its coefficient planes. Not parallel: the heap's counters are the
// process's.
func TestScratchAllocates(t *testing.T) {
	rng := rand.New(rand.NewPCG(73, 74))
	m := trRandImage(rng, 1024, 768, [][2]int{{2, 2}, {1, 1}, {1, 1}})
	f, err := AppendEncode(nil, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	planes := uint64(planeSize(m.Components)) * uint64(len(Block{})) * 2
	for _, o := range []pixbuf.Orientation{pixbuf.FlipHorizontal, pixbuf.Rotate90} {
		var s Scratch
		run := func() {
			if _, err := TransformFile(io.Discard, bytes.NewReader(f), &Request{Orientation: o, Scratch: &s}); err != nil {
				t.Fatal(err)
			}
		}
		run() // warm: the Scratch takes its memory
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		const n = 4
		for range n {
			run()
		}
		runtime.ReadMemStats(&after)
		per := (after.TotalAlloc - before.TotalAlloc) / n
		t.Logf("%v: %d bytes allocated per file, coefficient planes %d bytes", o, per, planes)
		if per > planes/10 {
			t.Errorf("%v: %d bytes allocated per file with a warm Scratch; the planes alone are %d", o, per, planes)
		}
	}
}
