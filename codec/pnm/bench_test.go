package pnm

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// These benchmarks tune the package; bench/ holds the suite that compares
// pixview with other tools. Each reports MB/s of raster bytes; compare the
// decoders with the Copy references measured in the same run.

func benchImage(h, w, c int) (pixbuf.View[uint8], []byte) {
	v := pixbuf.New[uint8](h, w, c)
	s, _ := v.Samples()
	for i := range s {
		s[i] = byte(i * 31)
	}
	var b bytes.Buffer
	if err := Write(&b, v, ""); err != nil {
		panic(err)
	}
	return v, b.Bytes()
}

func BenchmarkDecode12MP(b *testing.B) {
	v, data := benchImage(3000, 4000, 3)
	n := int64(v.NBytes())
	raster := data[len(data)-int(n):]
	b.Run("CopyPrealloc", func(b *testing.B) {
		dst := make([]byte, n)
		b.SetBytes(n)
		for b.Loop() {
			copy(dst, raster)
		}
	})
	b.Run("CopyAlloc", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			dst := make([]byte, n)
			copy(dst, raster)
		}
	})
	b.Run("Read", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Read(bytes.NewReader(data), 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ReadOpaque", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Read(opaqueReader{bytes.NewReader(data)}, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(data, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkWrite12MP(b *testing.B) {
	v, _ := benchImage(3000, 4000, 3)
	b.SetBytes(int64(v.NBytes()))
	for b.Loop() {
		if err := Write(io.Discard, v, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMapFlipSync12MP(b *testing.B) {
	dir := "/dev/shm"
	if _, err := os.Stat(dir); err != nil {
		dir = b.TempDir()
	}
	f, err := os.CreateTemp(dir, "pnm-bench-*.ppm")
	if err != nil {
		b.Fatal(err)
	}
	path := f.Name()
	f.Close()
	defer os.Remove(path)
	v, data := benchImage(3000, 4000, 3)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Run("MapClose", func(b *testing.B) {
		for b.Loop() {
			m, err := Map(path, true)
			if err != nil {
				b.Fatal(err)
			}
			m.Close()
		}
	})
	b.Run("MapTouchClose", func(b *testing.B) {
		for b.Loop() {
			m, err := Map(path, true)
			if err != nil {
				b.Fatal(err)
			}
			s, _ := m.View().Samples()
			for i := 0; i < len(s); i += 4096 {
				s[i]++
			}
			m.Close()
		}
	})
	b.Run("CopyFile", func(b *testing.B) {
		for b.Loop() {
			src, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			dst, err := os.Create(path + ".copy")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(dst, src); err != nil {
				b.Fatal(err)
			}
			src.Close()
			dst.Close()
		}
		os.Remove(path + ".copy")
	})
	b.Run("FlipInMemory", func(b *testing.B) {
		v := v.Clone()
		for b.Loop() {
			if err := ops.FlipH(v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("MapFlipSync", func(b *testing.B) {
		for b.Loop() {
			m, err := Map(path, true)
			if err != nil {
				b.Fatal(err)
			}
			if err := ops.FlipH(m.View()); err != nil {
				b.Fatal(err)
			}
			if err := m.Sync(); err != nil {
				b.Fatal(err)
			}
			if err := m.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFrames1080p reads, flips and writes one 1080p rgb24 frame per
// op through FrameReader and FrameWriter, from and to memory.
func BenchmarkFrames1080p(b *testing.B) {
	const w, h, frames = 1920, 1080, 8
	frame := make([]byte, w*h*3)
	for i := range frame {
		frame[i] = byte(i)
	}
	stream := bytes.Repeat(frame, frames)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	fr, err := NewFrameReader(&loopReader{data: stream}, w, h, RGB24)
	if err != nil {
		b.Fatal(err)
	}
	fw := NewFrameWriter(io.Discard)
	for b.Loop() {
		v, err := fr.Next()
		if err != nil {
			b.Fatal(err)
		}
		if err := ops.FlipH(v); err != nil {
			b.Fatal(err)
		}
		if err := fw.Write(v); err != nil {
			b.Fatal(err)
		}
	}
}

// loopReader reads data over and over.
type loopReader struct {
	data []byte
	off  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.off:])
	l.off = (l.off + n) % len(l.data)
	return n, nil
}
