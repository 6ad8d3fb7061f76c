package fsx_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/pixview/pixview/internal/fsx"
)

// Replace writes a whole new file in place of the old one: a crash at any
// moment leaves one or the other.
func ExampleReplace() {
	dir, _ := os.MkdirTemp("", "fsx")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "notes.txt")
	os.WriteFile(path, []byte("old\n"), 0o640)

	res, err := fsx.Replace(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new\n")
		return err
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	fmt.Printf("%s%v created=%v warnings=%d\n", b, fi.Mode(), res.Created, len(res.Warnings))
	// Output:
	// new
	// -rw-r----- created=false warnings=0
}

// An edit in place: lock the file, read it through the lock, and commit
// the result under the same lock. A second editor waits and then reads
// this one's result; a writer that does not lock and changes the file
// meanwhile makes the commit fail with ErrChanged instead of being lost.
func ExampleLockFile() {
	dir, _ := os.MkdirTemp("", "fsx")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.pgm")
	os.WriteFile(path, []byte("P5 2 1 255\n\x01\x02"), 0o644)

	l, err := fsx.LockFile(path)
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	old, err := io.ReadAll(l.File())
	if err != nil {
		log.Fatal(err)
	}
	// Flip the two pixels.
	flipped := bytes.Clone(old)
	n := len(flipped)
	flipped[n-2], flipped[n-1] = old[n-1], old[n-2]
	if _, err := l.Replace(func(w io.Writer) error {
		_, err := w.Write(flipped)
		return err
	}, nil); err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fmt.Printf("%q\n", b[len(b)-2:])
	// Output:
	// "\x02\x01"
}

// CleanOrphans removes what killed writers left, never a live writer's
// temporary file.
func ExampleCleanOrphans() {
	dir, _ := os.MkdirTemp("", "fsx")
	defer os.RemoveAll(dir)
	// What a kill -9 between naming and renaming would leave.
	os.WriteFile(filepath.Join(dir, ".a.ppm.pixview-tmp-00000000deadbeef"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.ppm"), []byte("whole"), 0o644)

	removed, err := fsx.CleanOrphans(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range removed {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// .a.ppm.pixview-tmp-00000000deadbeef
}
