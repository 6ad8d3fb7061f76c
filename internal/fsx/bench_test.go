package fsx

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReplace compares a Replace of a 36 MB file (a 12 MP RGB
// image) with the unsafe way (truncate and rewrite in place) and with the
// unsafe way plus the one fsync durability needs, on tmpfs (/dev/shm,
// when present) and on the file system of the test's temporary
// directory. State results as ratios between rows of one run.
func BenchmarkReplace(b *testing.B) {
	data := make([]byte, 12<<20*3)
	for i := range data {
		data[i] = byte(i * 7)
	}
	dirs := map[string]string{"disk": b.TempDir()}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "fsxbench")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(d) })
			dirs["tmpfs"] = d
		}
	}
	for _, fsName := range []string{"tmpfs", "disk"} {
		dir, ok := dirs[fsName]
		if !ok {
			continue
		}
		path := filepath.Join(dir, "a.ppm")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fsName+"/rewrite", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fsName+"/rewrite+fsync", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
				if err != nil {
					b.Fatal(err)
				}
				f.Write(data)
				if err := f.Sync(); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
		b.Run(fsName+"/Replace", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Replace(path, writeBytes(data), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
