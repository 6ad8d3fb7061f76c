// Package ops moves pixels: in-place flips and half turns, transposes and
// quarter turns into a destination, and channel extraction, splitting,
// merging, swapping and permutation, on [pixbuf.View] values of any sample
// type and any layout.
//
// Every function has a zero-copy twin among the view methods of pixbuf and
// obeys one law: it leaves its destination equal to what the twin, cloned,
// held before the call. [FlipH](v) leaves v equal to v.FlipH().Clone(),
// [Rotate90](dst, src) leaves dst equal to src.Rotate(90).Clone(),
// [ExtractChannel](dst, src, i) leaves dst equal to src.Channel(i).Clone().
// Use the view when a lazy window is enough; use ops when the pixels must
// really move, as before handing a buffer to an encoder or to C.
//
// Operations run in place where they can and allocate nothing on the
// sequential path. Views whose pixels are each one run of samples (any
// channel count, any element type, negative or transposed strides) take
// kernels that move whole pixels as machine words; contiguous rows of
// such pixels take row kernels: FlipV exchanges rows (on amd64 with SSE2
// moves that prefetch the next pair of rows), FlipH and Rotate180 reverse
// rows several pixels at a time, transposes and quarter turns move pixels
// in cache- and TLB-sized tiles. On amd64 the row
// reversal for every pixel size that divides 48 bytes (8-bit gray, RGB24,
// RGBA, 16-bit RGB, ...), channel extraction from 8-bit pixels of 3 or 4
// channels, channel permutation of those pixels and the transposes and
// quarter turns of 3- and 4-byte pixels (RGB24, RGBA) run in SSSE3
// assembly, and on CPUs with AVX-512 VBMI the row reversal for pixel sizes
// that divide 192 bytes and the channel permutation of 3- and 4-byte pixels
// run 192 bytes a step with byte permutes. The
// kernels are chosen at start-up from the CPU's features; other
// architectures and the purego build tag use the portable Go kernels. Any
// other layout (planar channels, say) takes a generic strided path with the
// same result.
//
// # Aliasing
//
// An in-place op ([FlipH], [FlipV], [Rotate180], [SwapChannels],
// [Permute]) works on any writable view: on a crop it changes that region
// of the parent and not one sample outside it, and on a flipped or
// transposed view it acts on the view's own axes. A view whose samples
// alias each other (a zero stride, say) gives an unspecified result.
//
// [Transpose], [Rotate90] and [Rotate270] write into a separate
// destination, or in place when dst and src are the very same square
// view. Any other overlap of dst and src is refused with [ErrOverlap]
// before a sample is written; overlap is judged by address range, so two
// interleaved channels of one image count as overlapping. The same holds
// between the source and destinations of [ExtractChannel], [Split] and
// [Merge]; the destinations of [Split] may be the interleaved channels of
// one image but must not share samples.
//
// # Errors
//
// Bad arguments are errors, never panics, and an op that fails has written
// nothing. Errors wrap the sentinels of package pixbuf, testable with
// errors.Is: pixbuf.ErrShape for shapes that do not fit together or a
// permutation that is not one, pixbuf.ErrBounds for a channel index out of
// range, pixbuf.ErrReadOnly for a read-only destination, and [ErrOverlap]
// (which also wraps pixbuf.ErrShape) for a destination overlapping its
// source.
//
// # Concurrency
//
// Large images are split into bands of rows run on several goroutines: by
// default above about 1 MiB of samples, one goroutine per 512 KiB up to
// GOMAXPROCS. [Workers] sets the count for one call; Workers(1) keeps the
// call on the calling goroutine. There is no package-level setting. The
// call returns when every band is done. Views passed to one call may be
// used by other goroutines only for reading samples the call does not
// write, as with any shared slice.
package ops
