package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// batchFlags are the flags every transforming command shares: how inputs are
// found, where outputs go, how many files run at once, what is reported.
type batchFlags struct {
	recursive bool
	out       string
	inPlace   bool
	force     bool
	skipExist bool
	jobs      int
	quiet     bool
	json      bool
	shard     string
	// shardCount is the number of shards of --shard auto, for schedulers
	// that export the index only (shardauto.go).
	shardCount int
	// runID names the job an in-place run on object storage belongs to,
	// in the mark it leaves (urlstore.go).
	runID     string
	filesFrom string
	null      bool
	raw       string
	pixFmt    string
	to        string
	quality   int
	maxPixels int
	// maxMemory is --max-memory as given, maxMemoryBytes what it says
	// (budget.go); preserveTimes and followSymlinks are how outputs are
	// written (storage.go, outroot.go).
	maxMemory      string
	maxMemoryBytes int64
	preserveTimes  bool
	followSymlinks bool
	// jpeg holds the JPEG controls (jpegflags.go).
	jpeg jpegFlags
	// loss holds the permissions to lose metadata or channels
	// (lossflags.go).
	loss lossFlags
	// delay is slept before each file: a hidden hook that lets tests
	// interrupt a batch in the middle.
	delay time.Duration
}

// addBatchFlags registers the shared flags on cmd. toUsage describes --to,
// which convert requires and the other commands accept.
func addBatchFlags(cmd *cobra.Command, a *app, f *batchFlags, toUsage string) {
	fl := cmd.Flags()
	fl.BoolVarP(&f.recursive, "recursive", "r", false, "descend into subdirectories of directory arguments")
	fl.StringVarP(&f.out, "out", "o", "", "write outputs under `DIR`, mirroring the input tree (with --raw: the output FILE)")
	fl.BoolVar(&f.inPlace, "in-place", false, "replace each input with its output, atomically, in the format of its content")
	fl.BoolVarP(&f.force, "force", "f", false, "overwrite existing output files; with --in-place, replace read-only files too")
	fl.BoolVar(&f.skipExist, "skip-existing", false, "leave out inputs whose output exists, as when a shard is retried")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "transform `N` files at once (0: one per CPU), while up to 2N more flush or upload theirs")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no progress bar and no summary")
	fl.BoolVar(&f.json, "json", false, "print one JSON object per file as it is done, then the summary")
	fl.StringVar(&f.shard, "shard", "", "process only shard `K/N` of the files (0 <= K < N), by a stable hash of each path; auto: the array job's index")
	fl.IntVar(&f.shardCount, "shard-count", 0, "with --shard auto, the number of shards `N` (the size of the array job)")
	fl.StringVar(&f.runID, "run-id", "", "with --in-place on object storage, the `ID` of the job: a retry with the same ID skips the objects already done")
	fl.StringVar(&f.filesFrom, "files-from", "", "read more input paths from `FILE`, one a line (- is standard input)")
	fl.BoolVarP(&f.null, "null", "0", false, "--files-from paths are separated by NUL bytes, not lines")
	fl.StringVar(&f.raw, "raw", "", "stream raw frames of `WxH[xC]` from standard input or the one FILE to standard output")
	fl.StringVar(&f.pixFmt, "pix-fmt", "", "raw frame pixel `FORMAT`: rgb24, rgba, gray or gray16le")
	fl.StringVar(&f.to, "to", "", toUsage)
	fl.IntVar(&f.quality, "quality", 0, "JPEG quality `Q`, 1 to 100 (0: a JPEG input's own tables, else 75); forces the pixel path")
	addJPEGFlags(cmd, &f.jpeg)
	addLossFlags(cmd, &f.loss)
	fl.IntVar(&f.maxPixels, "max-pixels", 0, "refuse images of more than `N` pixels (0: the codec's default limit)")
	fl.StringVar(&f.maxMemory, "max-memory", "", "hold at most `SIZE` (such as 512M or 4G) of working memory for the files in flight (default: half of what the system allows)")
	fl.BoolVar(&f.preserveTimes, "preserve-times", false, "keep the modification and access times of files replaced in place")
	fl.BoolVar(&f.followSymlinks, "follow-symlinks", false, "let --out write through symbolic links found under DIR, even out of it")
	fl.DurationVar(&f.delay, "test-delay", 0, "")
	_ = fl.MarkHidden("test-delay")
	_ = cmd.RegisterFlagCompletionFunc("to", cobra.FixedCompletions(a.fmts.writable(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("pix-fmt", cobra.FixedCompletions([]string{"rgb24", "rgba", "gray", "gray16le"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("out")
}

// check validates the flags that do not depend on inputs, and normalises
// --to. Its errors are usage errors.
func (f *batchFlags) check(fmts formats, t transform, nargs int) error {
	if f.to != "" {
		// An alias or extension names its format: jpg is jpeg, tif tiff.
		if to := fmts.lookup(f.to); to.ok() && to.canWrite() {
			f.to = to.name()
		} else {
			return fmt.Errorf("unknown --to format %q: want one of %s", f.to, strings.Join(fmts.writable(), ", "))
		}
	}
	if err := f.jpeg.check(); err != nil {
		return err
	}
	raw := f.raw != "" || f.pixFmt != ""
	if err := f.loss.check(raw); err != nil {
		return err
	}
	switch {
	case f.jobs < 0:
		return fmt.Errorf("--jobs must not be negative, not %d", f.jobs)
	case f.quality < 0 || f.quality > 100:
		return fmt.Errorf("--quality must be between 0 and 100, not %d", f.quality)
	case f.maxPixels < 0:
		return errors.New("--max-pixels must not be negative")
	case f.skipExist && (f.force || f.inPlace):
		return errors.New("--skip-existing excludes --force and --in-place")
	case f.inPlace && f.out != "":
		return errors.New("--in-place and --out exclude each other")
	case f.inPlace && f.to != "":
		return errors.New("--in-place cannot change the format; use --out DIR with --to")
	case f.inPlace && t.extract():
		return errors.New("--extract writes a new grayscale file; --in-place does not apply")
	case raw && (f.inPlace || f.recursive || f.shard != "" || f.filesFrom != "" || f.to != ""):
		return errors.New("--raw streams frames; --in-place, --recursive, --shard, --files-from and --to do not apply")
	case raw && t.exif:
		return errors.New("orient applies each file's EXIF orientation; --raw frames have none")
	case raw && nargs > 1:
		return fmt.Errorf("--raw reads standard input or one file, not %d", nargs)
	case !raw && nargs == 0 && f.filesFrom == "":
		return errors.New("no input files")
	case f.null && f.filesFrom == "":
		return errors.New("--null needs --files-from")
	case f.shardCount < 0:
		return fmt.Errorf("--shard-count must not be negative, not %d", f.shardCount)
	case f.shardCount > 0 && f.shard != "auto":
		return errors.New("--shard-count goes with --shard auto")
	case f.runID != "" && !f.inPlace:
		return errors.New("--run-id names the job of an --in-place run; it needs --in-place")
	}
	if f.jobs == 0 {
		f.jobs = runtime.GOMAXPROCS(0)
	}
	if f.shard != "auto" {
		if _, err := parseShard(f.shard); err != nil {
			return err
		}
	}
	return f.checkBudget()
}
