package main

// A kill -9 in the middle of a replacement can leave one temporary file
// beside its target (where O_TMPFILE is not available; on Linux it leaves
// nothing). A later batch removes those of the directories it writes to
// before it starts: fsx.CleanOrphans takes each temporary file's lock, which
// a live writer holds from creation to commit, so the files of another
// pixtool still running are left alone.

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pixview/pixview/internal/fsx"
)

// cleanOrphans removes the orphan temporary files in the directories the
// jobs write to, each directory once. A directory that does not exist yet
// has none; a failure to clean is a note, not a failure of the batch.
func (r *runner) cleanOrphans(jobs []job) {
	seen := map[string]bool{}
	removed := 0
	for _, j := range jobs {
		dir := filepath.Dir(j.dest)
		if seen[dir] || !r.local(j.dest) {
			continue
		}
		seen[dir] = true
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		gone, err := fsx.CleanOrphans(dir)
		removed += len(gone)
		if err != nil {
			r.rep.note(fmt.Sprintf("cleaning temporary files: %v", err))
		}
	}
	if removed > 0 && !r.f.quiet {
		r.rep.note(fmt.Sprintf("removed %d temporary files left by an interrupted run", removed))
	}
}
