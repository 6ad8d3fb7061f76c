package codec

import "github.com/pixview/pixview/codec/internal/stdimg"

// parallelMinPixels is the image size below which a conversion runs on the
// calling goroutine (stdimg.Rows decides).
const parallelMinPixels = stdimg.MinParallelPixels

// Option tunes a conversion between views and image.Image ([FromImage],
// [FromImage16]). The zero value changes nothing.
type Option struct {
	workers int
}

// Workers returns an option that bounds the goroutines a conversion fans
// out to: n <= 0 means GOMAXPROCS, 1 the calling goroutine only. A
// program converting N images at once gives each max(1, GOMAXPROCS/N).
func Workers(n int) Option { return Option{workers: n} }

// workersOf returns the worker bound the options set, 0 for GOMAXPROCS.
func workersOf(opts []Option) int {
	n := 0
	for _, o := range opts {
		n = o.workers
	}
	return n
}

// parallelRows calls fn on bands [y0, y1) that cover the rows [0, h) of an
// image w pixels wide, on up to workers goroutines (GOMAXPROCS when
// workers <= 0) for large images and on the calling goroutine for small
// ones. fn must only write rows of its own band.
func parallelRows(workers, h, w int, fn func(y0, y1 int)) { stdimg.Rows(workers, h, w, fn) }
