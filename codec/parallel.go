package codec

import (
	"runtime"
	"sync"
)

// parallelMinPixels is the image size below which a conversion runs on the
// calling goroutine: under it, starting goroutines costs more than it saves.
const parallelMinPixels = 1 << 18

// parallelRows calls fn on bands [y0, y1) that cover the rows [0, h) of an
// image w pixels wide, on up to GOMAXPROCS goroutines for large images and
// on the calling goroutine for small ones. fn must only write rows of its
// own band.
func parallelRows(h, w int, fn func(y0, y1 int)) {
	n := min(runtime.GOMAXPROCS(0), h/16)
	if n < 2 || h*w < parallelMinPixels {
		fn(0, h)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		y0, y1 := h*i/n, h*(i+1)/n
		wg.Go(func() { fn(y0, y1) })
	}
	wg.Wait()
}
