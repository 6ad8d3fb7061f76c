package ops

import (
	"runtime"
	"sync"
)

// Option adjusts one call of an ops function. It is a small value; the zero
// Option changes nothing. Options are applied in order, a later one
// overriding an earlier one.
type Option struct {
	workers int
	path    kernelPath
}

// Workers returns an Option that sets the number of goroutines a call may
// use to n: 1 runs the call on the calling goroutine alone. With n <= 0, or
// without the option, the count is automatic: one goroutine below about
// 1 MiB of samples, and above it one per 512 KiB band up to GOMAXPROCS. An
// explicit n is honoured even above GOMAXPROCS, but never exceeds the
// number of row bands the call can be split into.
func Workers(n int) Option {
	return Option{workers: max(n, 0)}
}

// kernelPath selects the family of kernels a call uses. Only tests set it:
// they run every op through each path and compare the results.
type kernelPath uint8

const (
	pathAuto    kernelPath = iota // the fastest available: SIMD, else fast Go, else generic
	pathGeneric                   // the generic strided reference kernels only
	pathGo                        // fast pure-Go kernels, no assembly
)

// config is the merged effect of a call's options.
type config struct {
	workers int
	path    kernelPath
}

// configOf merges opts, a later option overriding an earlier one.
func configOf(opts []Option) config {
	var c config
	for _, o := range opts {
		if o.workers != 0 {
			c.workers = o.workers
		}
		if o.path != pathAuto {
			c.path = o.path
		}
	}
	return c
}

const (
	// minParallelBytes is the size below which the automatic worker count
	// is one: starting goroutines costs more than it saves on small images.
	minParallelBytes = 1 << 20
	// bandBytes is the least work, in bytes, worth one more automatic worker.
	bandBytes = 512 << 10
)

// workersFor returns how many goroutines to use for a call touching
// nbytes bytes of samples, split into at most units independent bands.
func (c config) workersFor(nbytes, units int) int {
	n := c.workers
	if n == 0 {
		if nbytes < minParallelBytes {
			return 1
		}
		n = min(runtime.GOMAXPROCS(0), nbytes/bandBytes)
	}
	return max(1, min(n, units))
}

// parallel runs f over workers contiguous bands of [0, units) and waits
// for all of them. The first band runs on the calling goroutine.
func parallel(workers, units int, f func(lo, hi int)) {
	var wg sync.WaitGroup
	for i := 1; i < workers; i++ {
		lo, hi := units*i/workers, units*(i+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	f(0, units/workers)
	wg.Wait()
}
