package fsx

import (
	"io/fs"
	"os"
)

// Identity is what a file is at one moment: which file (device and inode)
// and the state an edit must not miss (size, modification time), with the
// attributes a replacement copies (mode, owner, group) and its number of
// names. Take one with [Stat] or [StatFile]; compare with
// [Identity.SameFile] and [Identity.Unchanged].
//
// On Windows Dev is the volume serial number, Ino the file index, and UID
// and GID are -1.
type Identity struct {
	Dev, Ino uint64
	Size     int64
	ModTime  int64 // modification time, nanoseconds since 1970 (UTC)
	// ATime is the access time, nanoseconds since 1970 (UTC), 0 where
	// the system does not say. It is not part of what Unchanged compares:
	// reading a file moves it.
	ATime    int64
	Mode     fs.FileMode
	UID, GID int
	Nlink    uint64
}

// Stat returns the identity of the file at path, following symbolic links.
// On Unix it does not open the file, so it works on a file that cannot be
// read, and does not block on a FIFO.
func Stat(path string) (Identity, error) {
	return stat(path)
}

// StatFile returns the identity of an open file.
func StatFile(f *os.File) (Identity, error) {
	return statFile(f)
}

// SameFile reports whether id and o name the same file (device and inode),
// whatever happened to its content.
func (id Identity) SameFile(o Identity) bool {
	return id.Dev == o.Dev && id.Ino == o.Ino
}

// Unchanged reports whether id and o are the same file with the same size
// and modification time: the test a commit's precondition applies. A
// change of mode or owner is not a change of content and is not counted.
//
// Its limit is the file system's clock: two writes of the same size within
// one tick of the kernel's timestamp clock (a few milliseconds on Linux)
// leave the same modification time, so a same-size rewrite that close to
// the read goes unseen.
func (id Identity) Unchanged(o Identity) bool {
	return id.SameFile(o) && id.Size == o.Size && id.ModTime == o.ModTime
}
