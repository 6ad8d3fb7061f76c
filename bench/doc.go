// Package bench holds pixview's side-by-side benchmarks. It has no API of its
// own: every benchmark lives in a _test.go file named for the group it
// belongs to, and `go run ./bench/cmd/report` runs them, takes medians and
// writes RESULTS.md and results.png.
//
// # Naming
//
// Every benchmark is named Group/Size/Op/Impl, for example
// Ops/12MP/FlipH/pixview-w1. Inside each Group/Size the reference kernels of
// package refkern run on the same bytes under the op "ref": ref/floor (the
// fastest in-place read-modify-write pass this build has on this CPU, with
// the widest vectors it has, over the two halves of the buffer at once: the
// least any in-place op must do), ref/floor-scalar (the older 8-byte scalar
// pass, kept so that old ratios stay comparable), ref/copy (one copy() of
// the same bytes into another buffer, which the runtime does with
// non-temporal stores above 1 MiB on most amd64 CPUs), ref/copy-cached (a
// vector copy with cached stores), the two-goroutine twins ref/floor-w2 and
// ref/copy-w2, and ref/copy-64K (copy in 64 KiB chunks). The report states
// every result as a ratio to ref/floor and ref/copy of its own group and
// size, measured in the same run, because absolute times drift on shared
// machines.
//
// # Groups
//
//   - View: O(1) views (Crop, Row, Col, Channel, FlipH, Transpose, ...)
//     against image.RGBA.SubImage and against copying the same region, at
//     1, 12 and 48 MP.
//   - Copy: pixbuf's named copies (Clone, CopyFrom of flipped and
//     transposed views, Bytes) and the naive At/Set loop against copy().
//   - Imaging: materialising a flip, rotation or crop through a view and
//     CopyFrom against github.com/disintegration/imaging on the same pixels.
//   - Stdlib: Crop against SubImage, CopyFrom against draw.Draw.
//   - Ops: package ops in place, with one and two workers, against the
//     floor, copy(), imaging and a naive per-pixel loop.
//   - Codec: codec.FromImage per source type against the At() path and
//     jpeg.Decode; encoding through the ToImage adapter against *image.NRGBA.
//   - PNM: P6 decode against copy(), Map+FlipH+Sync against a file copy,
//     raw 1080p frame streams read, flipped and written.
//
// With -short (go test -short, or the report's -short) every group runs on
// small images only, to prove the suite runs; the numbers mean nothing then.
package bench
