package main

import "sync"

// A batch runs --jobs files on the CPU at once, and as many again may be
// waiting on the disk or the network to take what they wrote: a worker
// gives its CPU slot back as soon as its file's new content is written,
// before the store flushes it (fsync) and commits it, so that the next file
// is read and transformed while the last one's data go to the disk. On a
// disk file system the flush is most of a file's time: the in-place batch of
// 8 PPMs of 12 MP on ext4, pinned to one CPU, went from 1.50x (1.37-1.65) to
// 1.31x (1.02-1.49) the time of cp --reflink=never followed by sync when the
// flushes overlapped (12 alternating rounds, load 1-2); on tmpfs, where a
// flush costs nothing, 1.43x before and 1.40x after. Three times --jobs
// workers took 1.20x in the same rounds: the spread is too wide here to
// choose between them; twice holds less memory.

// cpuSlots is the batch's semaphore of files on the CPU.
type cpuSlots chan struct{}

// take waits for a slot and returns the holder that gives it back.
func (s cpuSlots) take() *cpuSlot {
	s <- struct{}{}
	return &cpuSlot{s: s}
}

// cpuSlot is one file's hold on a slot; release gives it back, once,
// however often it is called.
type cpuSlot struct {
	s    cpuSlots
	once sync.Once
}

func (c *cpuSlot) release() {
	if c != nil {
		c.once.Do(func() { <-c.s })
	}
}
