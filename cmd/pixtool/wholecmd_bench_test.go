package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/pixbuf"
)

// BenchmarkCommand runs whole pixtool commands in-process on a 4032x3024
// q90 4:2:0 JPEG, for profiling what pixtool adds around the library:
//
//	go test -run '^$' -bench Command -benchtime 10x -cpuprofile cpu.out ./cmd/pixtool
//
// PIXTOOL_BENCH_JPEG names a file to use instead of the generated one (a
// photo made with cjpeg, say); convert-jpeg encodes its pixels, from
// PIXTOOL_BENCH_PPM when given (the report's photo.ppm, say), else from a
// PPM made of the JPEG first. Process start and package initialisation
// are not in it: time the binary against the outside tools for those
// (bench/abcmd.sh).
func BenchmarkCommand(b *testing.B) {
	dir := b.TempDir()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "pixtool-bench")
		if err == nil {
			dir = d
			b.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	src := os.Getenv("PIXTOOL_BENCH_JPEG")
	if src == "" {
		src = filepath.Join(dir, "in.jpg")
		benchPhotoJPEG(b, src, 4032, 3024)
	}
	out := filepath.Join(dir, "out")
	ppm := os.Getenv("PIXTOOL_BENCH_PPM")
	if ppm == "" {
		args := []string{"convert", "--to", "ppm", "--quiet", "--out", dir, src}
		if code := run(defaultFormats(), args, nil, io.Discard, io.Discard, false); code != 0 {
			b.Fatalf("pixtool %v: exit %d", args, code)
		}
		ppm = filepath.Join(dir, "in.ppm")
	}
	for _, c := range []struct {
		name string
		args []string
		in   string
	}{
		{"flip", []string{"flip", "--horizontal", "--quiet", "--force"}, src},
		{"rotate-90", []string{"rotate", "90", "--quiet", "--force"}, src},
		{"convert-ppm", []string{"convert", "--to", "ppm", "--quiet", "--force"}, src},
		{"convert-jpeg", []string{"convert", "--to", "jpeg", "--quality", "90", "--sampling", "420", "--quiet", "--force"}, ppm},
		{"thumbnail-eighth", []string{"thumbnail", "--size", "504"}, src},
	} {
		b.Run(c.name, func(b *testing.B) {
			src := c.in
			args := append(append([]string(nil), c.args...), "--out", out, src)
			if fi, err := os.Stat(src); err == nil {
				b.SetBytes(fi.Size())
			}
			b.ReportAllocs()
			for b.Loop() {
				if code := run(defaultFormats(), args, nil, io.Discard, io.Discard, false); code != 0 {
					b.Fatalf("pixtool %v: exit %d", args, code)
				}
			}
		})
	}
}

// benchPhotoJPEG writes a w x h photo-like JPEG (smooth gradients and
// some noise, q90 4:2:0) to path with pixview's encoder, which writes what
// cjpeg -optimize writes for the same pixels.
func benchPhotoJPEG(b *testing.B, path string, w, h int) {
	b.Helper()
	v := pixbuf.New[uint8](h, w, 3)
	x := uint64(0x9E3779B97F4A7C15)
	for y := range h {
		row, _ := v.RowSlice(y)
		for i := range row {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			px, c := i/3, i%3
			row[i] = uint8((px*(c+1)*255/w+y*(3-c)*255/h)/3) + uint8(x>>60)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := codec.Encode(f, v, "jpeg", &codec.EncodeOptions{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
