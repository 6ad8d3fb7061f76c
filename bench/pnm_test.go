package bench

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pixview/pixview/codec/pnm"
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkPNM measures Netpbm and raw frames, where the file's bytes are
// the pixel grid. At 12 MP: P6 decode from memory (Read copies the raster,
// Parse shares it, image.Decode goes through the registered decoder) and P6
// encode against copy() of the raster; Map + FlipH + Sync of a PPM in tmpfs
// against copying the file with Go's io.Copy (copy_file_range, as cp does)
// and against reading, flipping and writing it back. At 1080p: one raw
// rgb24 frame read, flipped and written per op, from and to memory.
func BenchmarkPNM(b *testing.B) {
	if testing.Short() {
		b.Run(sizeSmall.name, func(b *testing.B) { benchPNMFile(b, sizeSmall); benchStream(b, sizeSmall) })
		return
	}
	b.Run(size12MP.name, func(b *testing.B) { benchPNMFile(b, size12MP) })
	b.Run(size1080p.name, func(b *testing.B) { benchStream(b, size1080p) })
}

// ppm returns v encoded as a binary P6 file.
func ppm(v pixbuf.View[uint8]) []byte {
	var buf bytes.Buffer
	if err := pnm.Write(&buf, v, "P6"); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// tmpfsDir returns a temporary directory in /dev/shm when there is one, so
// that file benchmarks measure memory, not a disk; else b.TempDir().
func tmpfsDir(tb testing.TB) string {
	if d, err := os.MkdirTemp("/dev/shm", "pixview-bench-"); err == nil {
		tb.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return tb.TempDir()
}

func benchPNMFile(b *testing.B, s size) {
	v := rgb(s)
	n := v.NBytes()
	data := ppm(v)
	bench(b, "DecodeP6/Read", n, func(b *testing.B) {
		for b.Loop() {
			if _, err := pnm.Read(bytes.NewReader(data), 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "DecodeP6/Parse", n, func(b *testing.B) {
		for b.Loop() {
			if _, err := pnm.Parse(data, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "DecodeP6/image.Decode", n, func(b *testing.B) {
		for b.Loop() {
			if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "EncodeP6/Write", n, func(b *testing.B) {
		for b.Loop() {
			if err := pnm.Write(io.Discard, v, "P6"); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "EncodeP6/Write-flipped", n, func(b *testing.B) {
		for b.Loop() {
			if err := pnm.Write(io.Discard, v.FlipH(), "P6"); err != nil {
				b.Fatal(err)
			}
		}
	})

	dir := tmpfsDir(b)
	src, dst := filepath.Join(dir, "src.ppm"), filepath.Join(dir, "dst.ppm")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		b.Fatal(err)
	}
	bench(b, "MapFlipH/pixview", n, func(b *testing.B) {
		for b.Loop() {
			if err := mapFlipH(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "ReadFlipWrite/pixview", n, func(b *testing.B) {
		for b.Loop() {
			if err := readFlipWrite(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	bench(b, "FileCopy/go", n, func(b *testing.B) {
		for b.Loop() {
			if err := copyFile(dst, src); err != nil {
				b.Fatal(err)
			}
		}
	})
	refs(b, n)
}

// mapFlipH mirrors the PPM at path left to right in the file itself.
func mapFlipH(path string) error {
	m, err := pnm.Map(path, true)
	if err != nil {
		return err
	}
	if err := ops.FlipH(m.View()); err != nil {
		m.Close()
		return err
	}
	if err := m.Sync(); err != nil {
		m.Close()
		return err
	}
	return m.Close()
}

// readFlipWrite mirrors the PPM at path without mmap: read it whole, flip
// the raster in the buffer, write the buffer back.
func readFlipWrite(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	img, err := pnm.Parse(data, 0)
	if err != nil {
		return err
	}
	if err := ops.FlipH(img.View8); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// copyFile copies src to dst as cp does: open, create, io.Copy (which uses
// copy_file_range on Linux).
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// loopReader reads its data over and over, an endless stream of frames.
type loopReader struct {
	data []byte
	off  int
}

func (r *loopReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

func benchStream(b *testing.B, s size) {
	const frames = 4
	frame := 3 * s.pixels()
	data := noise(frames*frame, 31)
	for _, workers := range []int{1, 2} {
		bench(b, fmt.Sprintf("Stream/pixview-w%d", workers), frame, func(b *testing.B) {
			fr, err := pnm.NewFrameReader(&loopReader{data: data}, s.w, s.h, pnm.RGB24)
			if err != nil {
				b.Fatal(err)
			}
			fw := pnm.NewFrameWriter(io.Discard)
			for b.Loop() {
				if err := flipFrame(fr, fw, workers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	refs(b, frame)
}

// flipFrame reads one frame, mirrors it in place and writes it.
func flipFrame(fr *pnm.FrameReader, fw *pnm.FrameWriter, workers int) error {
	v, err := fr.Next()
	if err != nil {
		return err
	}
	if err := ops.FlipH(v, ops.Workers(workers)); err != nil {
		return err
	}
	return fw.Write(v)
}

// TestPNMKernels checks the PNM group's kernels: Read and Parse give back
// the pixels written, mapFlipH and readFlipWrite flip the file, and the
// stream writes every frame flipped.
func TestPNMKernels(t *testing.T) {
	v := rgb(size{"t", 31, 17})
	data := ppm(v)
	for name, dec := range map[string]func() (*pnm.Image, error){
		"Read":  func() (*pnm.Image, error) { return pnm.Read(bytes.NewReader(data), 0) },
		"Parse": func() (*pnm.Image, error) { return pnm.Parse(bytes.Clone(data), 0) },
	} {
		img, err := dec()
		if err != nil || !img.View8.Equal(v) {
			t.Errorf("%s: pixels differ (err %v)", name, err)
		}
	}
	dir := t.TempDir()
	for name, flip := range map[string]func(string) error{"mapFlipH": mapFlipH, "readFlipWrite": readFlipWrite} {
		path := filepath.Join(dir, name+".ppm")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := flip(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := pnm.Parse(got, 0)
		if err != nil || !img.View8.Equal(v.FlipH()) {
			t.Errorf("%s: the file is not flipped (err %v)", name, err)
		}
	}
	src, dst := filepath.Join(dir, "mapFlipH.ppm"), filepath.Join(dir, "copy.ppm")
	if err := copyFile(dst, src); err != nil {
		t.Fatal(err)
	}
	if a, b := mustRead(t, src), mustRead(t, dst); !bytes.Equal(a, b) {
		t.Error("copyFile changed the bytes")
	}

	frame := 3 * 31 * 17
	in := noise(3*frame, 5)
	var out bytes.Buffer
	fr, err := pnm.NewFrameReader(&loopReader{data: in}, 31, 17, pnm.RGB24)
	if err != nil {
		t.Fatal(err)
	}
	fw := pnm.NewFrameWriter(&out)
	for range 4 {
		if err := flipFrame(fr, fw, 2); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		orig, err := pixbuf.Wrap(in[(i%3)*frame:(i%3+1)*frame], 17, 31, 3)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pixbuf.Wrap(out.Bytes()[i*frame:(i+1)*frame], 17, 31, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(orig.FlipH()) {
			t.Errorf("frame %d is not the input flipped", i)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
