package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the pipe buffer a raw stream asks for: big enough that a
// 1080p frame crosses in a few system calls rather than a hundred.
const pipeSize = 1 << 20

// growPipe enlarges the kernel buffer of f when f is a pipe. It is best
// effort: a limit on pipe sizes leaves the pipe as it was.
func growPipe(f any) {
	fh, ok := f.(*os.File)
	if !ok {
		return
	}
	fi, err := fh.Stat()
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	_, _ = unix.FcntlInt(fh.Fd(), unix.F_SETPIPE_SZ, pipeSize)
}
