package ops

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestConfigOf(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want config
	}{
		{"none", nil, config{}},
		{"zero option", []Option{{}}, config{}},
		{"workers", []Option{Workers(3)}, config{workers: 3}},
		{"auto", []Option{Workers(0)}, config{}},
		{"negative is auto", []Option{Workers(-2)}, config{}},
		{"later wins", []Option{Workers(3), Workers(1)}, config{workers: 1}},
		{"auto does not override", []Option{Workers(2), Workers(0)}, config{workers: 2}},
		{"fields merge", []Option{{path: pathGeneric}, Workers(2)}, config{workers: 2, path: pathGeneric}},
	}
	for _, tt := range tests {
		if got := configOf(tt.opts); got != tt.want {
			t.Errorf("%s: configOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestWorkersFor(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name          string
		workers       int
		nbytes, units int
		want          int
	}{
		{"auto small", 0, minParallelBytes - 1, 1000, 1},
		{"auto large", 0, 64 << 20, 1000, procs},
		{"auto just above threshold", 0, minParallelBytes, 1000, min(procs, minParallelBytes/bandBytes)},
		{"auto few units", 0, 64 << 20, 1, 1},
		{"explicit sequential", 1, 64 << 20, 1000, 1},
		{"explicit on small", 3, 10, 1000, 3},
		{"explicit above GOMAXPROCS", procs + 2, 10, 1000, procs + 2},
		{"explicit bounded by units", 8, 64 << 20, 5, 5},
		{"no units", 4, 64 << 20, 0, 1},
	}
	for _, tt := range tests {
		c := config{workers: tt.workers}
		if got := c.workersFor(tt.nbytes, tt.units); got != tt.want {
			t.Errorf("%s: workersFor(%d, %d) with %d = %d, want %d", tt.name, tt.nbytes, tt.units, tt.workers, got, tt.want)
		}
	}
}

// TestParallelCoversEachUnitOnce checks that the bands of parallel cover
// [0, units) exactly once, whatever the split.
func TestParallelCoversEachUnitOnce(t *testing.T) {
	for _, units := range []int{1, 2, 3, 7, 100} {
		for workers := 1; workers <= min(units, 5); workers++ {
			seen := make([]int32, units)
			var bands atomic.Int32
			parallel(workers, units, func(lo, hi int) {
				bands.Add(1)
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("units %d workers %d: unit %d done %d times", units, workers, i, s)
				}
			}
			if int(bands.Load()) != workers {
				t.Fatalf("units %d workers %d: %d bands", units, workers, bands.Load())
			}
		}
	}
}
