package ops

import (
	"fmt"
	"testing"
	"time"

	"github.com/pixview/pixview/internal/refkern"
	"github.com/pixview/pixview/pixbuf"
)

// The micro-benchmarks time each op beside the reference kernels on the
// same bytes, alternating them in one loop, and report the op's fastest
// time as a ratio to the fastest read-modify-write floor (x-floor), copy()
// (x-copy) and copy() in 64 KiB chunks (x-copy64k, cached stores), all run
// with the same number of workers. Absolute times on shared
// machines drift; the ratios are what the targets are stated in. The
// full side-by-side suite lives in bench/.

// benchRatio runs op and the references b.N times each, interleaved. The
// floor reads and writes the image's own bytes, and copy() copies them to a
// buffer of the same size.
func benchRatio(b *testing.B, img []byte, workers int, op func()) {
	nbytes := len(img)
	floorBuf, src, dst := img, img, make([]byte, nbytes)
	floor := func() {
		refkern.Parallel(nbytes, workers, func(lo, hi int) { refkern.ReadModifyWrite(floorBuf[lo:hi]) })
	}
	cp := func() {
		refkern.Parallel(nbytes, workers, func(lo, hi int) { refkern.Copy(dst[lo:hi], src[lo:hi]) })
	}
	cp64k := func() {
		refkern.Parallel(nbytes, workers, func(lo, hi int) { refkern.CopyChunked(dst[lo:hi], src[lo:hi], 64<<10) })
	}
	op()
	floor()
	cp()
	cp64k()
	// Each ratio compares the fastest of b.N runs of the op with the
	// fastest of the reference: on a shared machine the fastest run is the
	// one least disturbed by other processes.
	minOp, minFloor, minCopy, minCopy64k := time.Duration(1<<62), time.Duration(1<<62), time.Duration(1<<62), time.Duration(1<<62)
	b.SetBytes(int64(nbytes))
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		floor()
		t1 := time.Now()
		op()
		t2 := time.Now()
		cp()
		t3 := time.Now()
		cp64k()
		t4 := time.Now()
		minFloor = min(minFloor, t1.Sub(t0))
		minOp = min(minOp, t2.Sub(t1))
		minCopy = min(minCopy, t3.Sub(t2))
		minCopy64k = min(minCopy64k, t4.Sub(t3))
	}
	b.ReportMetric(float64(minOp)/float64(minFloor), "x-floor")
	b.ReportMetric(float64(minOp)/float64(minCopy), "x-copy")
	b.ReportMetric(float64(minOp)/float64(minCopy64k), "x-copy64k")
	b.ReportMetric(float64(minOp.Microseconds())/1000, "op-ms")
	b.ReportMetric(float64(minFloor.Microseconds())/1000, "floor-ms")
	b.ReportMetric(float64(minCopy.Microseconds())/1000, "copy-ms")
}

// benchImage returns a 4000 x 3000 x c image of patterned samples.
func benchImage[T pixbuf.Sample](h, w, c int) pixbuf.View[T] {
	v := pixbuf.New[T](h, w, c)
	s, _ := v.Samples()
	for i := range s {
		s[i] = T(i * 7)
	}
	return v
}

var benchPaths = []struct {
	name string
	opt  Option
}{
	{"simd", Option{}},
	{"go", Option{path: pathGo}},
}

// BenchmarkRGB24 runs the ops on 12 MP (4000 x 3000) and 1080p RGB24 with
// one and two workers; the SIMD and Go paths of the flips side by side.
func BenchmarkRGB24(b *testing.B) {
	for _, size := range []struct {
		name string
		h, w int
	}{{"12MP", 3000, 4000}, {"1080p", 1080, 1920}} {
		h, w := size.h, size.w
		v := benchImage[uint8](h, w, 3)
		rot := pixbuf.New[uint8](w, h, 3)
		plane := pixbuf.New[uint8](h, w, 1)
		n, _ := v.Samples()
		for _, workers := range []int{1, 2} {
			wo := Workers(workers)
			for _, p := range benchPaths {
				name := func(op string) string { return fmt.Sprintf("%s/%s/%s/w%d", size.name, op, p.name, workers) }
				b.Run(name("FlipH"), func(b *testing.B) { benchRatio(b, n, workers, func() { FlipH(v, p.opt, wo) }) })
				b.Run(name("Rotate180"), func(b *testing.B) { benchRatio(b, n, workers, func() { Rotate180(v, p.opt, wo) }) })
			}
			name := func(op string) string { return fmt.Sprintf("%s/%s/w%d", size.name, op, workers) }
			b.Run(name("FlipV"), func(b *testing.B) { benchRatio(b, n, workers, func() { FlipV(v, wo) }) })
			b.Run(name("Transpose"), func(b *testing.B) { benchRatio(b, n, workers, func() { Transpose(rot, v, wo) }) })
			b.Run(name("Rotate90"), func(b *testing.B) { benchRatio(b, n, workers, func() { Rotate90(rot, v, wo) }) })
			b.Run(name("Rotate270"), func(b *testing.B) { benchRatio(b, n, workers, func() { Rotate270(rot, v, wo) }) })
			b.Run(name("ExtractChannel"), func(b *testing.B) {
				benchRatio(b, n, workers, func() { ExtractChannel(plane, v, 1, wo) })
			})
			b.Run(name("SwapChannels"), func(b *testing.B) { benchRatio(b, n, workers, func() { SwapChannels(v, 0, 2, wo) }) })
		}
	}
}

// BenchmarkLayouts runs the ops on other 12 MP layouts, one goroutine.
func BenchmarkLayouts(b *testing.B) {
	const h, w = 3000, 4000
	wo := Workers(1)
	gray := benchImage[uint8](h, w, 1)
	rgba := benchImage[uint8](h, w, 4)
	rgb16 := benchImage[uint16](h, w, 3)
	grayT := pixbuf.New[uint8](w, h, 1)
	rgbaT := pixbuf.New[uint8](w, h, 4)
	rgb16T := pixbuf.New[uint16](w, h, 3)
	bytesOf := func(v pixbuf.View[uint8]) []byte { s, _ := v.Samples(); return s }
	b.Run("Gray/FlipH", func(b *testing.B) { benchRatio(b, bytesOf(gray), 1, func() { FlipH(gray, wo) }) })
	b.Run("Gray/Transpose", func(b *testing.B) { benchRatio(b, bytesOf(gray), 1, func() { Transpose(grayT, gray, wo) }) })
	b.Run("RGBA/FlipH", func(b *testing.B) { benchRatio(b, bytesOf(rgba), 1, func() { FlipH(rgba, wo) }) })
	b.Run("RGBA/Transpose", func(b *testing.B) { benchRatio(b, bytesOf(rgba), 1, func() { Transpose(rgbaT, rgba, wo) }) })
	b.Run("RGBA/Transpose/go", func(b *testing.B) {
		benchRatio(b, bytesOf(rgba), 1, func() { Transpose(rgbaT, rgba, wo, Option{path: pathGo}) })
	})
	b.Run("RGBA/Permute", func(b *testing.B) {
		perm := []int{2, 1, 0, 3}
		benchRatio(b, bytesOf(rgba), 1, func() { Permute(rgba, perm, wo) })
	})
	rgb16Bytes := make([]byte, rgb16.NBytes())
	b.Run("RGB48/FlipH", func(b *testing.B) { benchRatio(b, rgb16Bytes, 1, func() { FlipH(rgb16, wo) }) })
	b.Run("RGB48/Transpose", func(b *testing.B) { benchRatio(b, rgb16Bytes, 1, func() { Transpose(rgb16T, rgb16, wo) }) })
}
