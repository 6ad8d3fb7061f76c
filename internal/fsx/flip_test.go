package fsx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pixview/pixview/internal/fsx/fsxtest"
)

// The kill test's files: flipFiles files of flipSize bytes, each with two
// versions the child alternates between.
const (
	flipFiles = 3
	flipSize  = 3 << 20
)

// flipVersion returns version v (0 or 1) of file i: 4 KiB blocks of
// random bytes, each starting with its file, version and block number, so
// that a file torn anywhere matches neither version. It is built with
// copies, not a byte loop, because the child runs it under -race.
func flipVersion(i, v int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), uint64(v)))
	block := make([]byte, 4096)
	for j := 0; j < len(block); j += 8 {
		binary.LittleEndian.PutUint64(block[j:], r.Uint64())
	}
	b := make([]byte, flipSize)
	for j := 0; j < len(b); j += len(block) {
		copy(b[j:], block)
		binary.LittleEndian.PutUint64(b[j:], uint64(i)<<48|uint64(v)<<40|uint64(j/len(block)))
	}
	return b
}

func flipName(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("f%d.ppm", i)) }

// flipLoop is the child of TestKill: it replaces each file by its other
// version, round after round, until killed. It prints a line once it has
// its versions ready.
func flipLoop(dir string, named bool) error {
	var versions [flipFiles][2][]byte
	for i := range flipFiles {
		versions[i] = [2][]byte{flipVersion(i, 0), flipVersion(i, 1)}
	}
	fmt.Println("ready")
	for {
		for i := range flipFiles {
			l, err := LockFile(flipName(dir, i))
			if err != nil {
				return err
			}
			head := make([]byte, 64)
			if _, err := l.File().ReadAt(head, 0); err != nil {
				return err
			}
			next := versions[i][0]
			if bytes.Equal(head, next[:64]) {
				next = versions[i][1]
			}
			if _, err := l.Replace(writeBytes(next), &Options{named: named}); err != nil {
				return err
			}
			l.Close()
		}
	}
}

// TestKill kills a process replacing multi-megabyte files at random
// moments: after each kill every file is one of its two versions, whole,
// and CleanOrphans leaves no temporary file. Half the children use named
// temporary files (the path of systems without O_TMPFILE), half
// O_TMPFILE.
func TestKill(t *testing.T) {
	dir := t.TempDir()
	var versions [flipFiles][2][]byte
	for i := range flipFiles {
		versions[i] = [2][]byte{flipVersion(i, 0), flipVersion(i, 1)}
		if err := os.WriteFile(flipName(dir, i), versions[i][0], 0o640); err != nil {
			t.Fatal(err)
		}
	}
	// A child under -race takes over a second to start here, so 30 kills
	// run where the time is there: CI, or PIXVIEW_LONG=1.
	kills := 8
	if !testing.Short() && (os.Getenv("CI") != "" || os.Getenv("PIXVIEW_LONG") != "") {
		kills = 30
	}
	orphans, changed := 0, 0
	last := make([]int, flipFiles)
	started := 0
	fsxtest.Kills(t, kills, 400*time.Millisecond, func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "FSX_CHILD=flip", "FSX_DIR="+dir)
		if started%2 == 1 {
			cmd.Env = append(cmd.Env, "FSX_NAMED=1")
		}
		started++
		cmd.Stderr = os.Stderr
		return cmd
	}, func(round int) {
		for i := range flipFiles {
			got, err := os.ReadFile(flipName(dir, i))
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			switch {
			case bytes.Equal(got, versions[i][0]):
				if last[i] != 0 {
					changed++
				}
				last[i] = 0
			case bytes.Equal(got, versions[i][1]):
				if last[i] != 1 {
					changed++
				}
				last[i] = 1
			default:
				t.Fatalf("round %d: %s is torn (%d bytes)", round, flipName(dir, i), len(got))
			}
		}
		removed, err := CleanOrphans(dir)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		orphans += len(removed)
		if left := tempsIn(t, dir); len(left) > 0 {
			t.Fatalf("round %d: temporary files left after CleanOrphans: %v", round, left)
		}
	})
	t.Logf("%d kills; %d file versions changed between kills; %d orphans cleaned", kills, changed, orphans)
	if changed == 0 {
		t.Error("no file ever changed: the child did no work before the kills")
	}
}
