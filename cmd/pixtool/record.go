package main

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"sort"
	"sync"
)

// record is what happened to one file of a batch: the line --json prints
// for it as soon as it is done, and what the summary counts.
type record struct {
	// Type is "file", telling a record from the final summary ("summary")
	// in the --json stream.
	Type string `json:"type"`
	// Input is the file's path as given or found; Output is where its
	// result went (empty when nothing was written).
	Input  string `json:"input"`
	Output string `json:"output,omitempty"`
	// Status is one of the status constants.
	Status string `json:"status"`
	// FormatIn is the format of the input's content, FormatOut the format
	// written.
	FormatIn  string `json:"format_in,omitempty"`
	FormatOut string `json:"format_out,omitempty"`
	// Path is how the file was processed: "lossless" (compressed data
	// transformed, as JPEG's coefficients), "raster" (Netpbm's raster
	// bytes moved, in place too: written beside and renamed), "decoded",
	// "copied" (bytes unchanged) or "none" (left as it was).
	Path string `json:"path,omitempty"`
	// BytesIn and BytesOut are the sizes of input and output.
	BytesIn  int64 `json:"bytes_in"`
	BytesOut int64 `json:"bytes_out"`
	// Changes lists what the output lost or holds in another form.
	Changes []change `json:"changes,omitempty"`
	// Error says why the file failed.
	Error string `json:"error,omitempty"`
	// Skip is the kind of a skipped entry (skip.go: "not-image",
	// "sidecar", "raw", ...) and Reason says why it was left out.
	Skip   string `json:"skip,omitempty"`
	Reason string `json:"reason,omitempty"`

	// index is the file's position in the batch, for the failures'
	// order.
	index int
	// err is the error behind Error.
	err error
}

// The statuses of a record.
const (
	statusDone      = "done"      // the output was written
	statusUnchanged = "unchanged" // nothing to do: the file was left as it was
	statusFailed    = "failed"    // see Error
	statusExisting  = "existing"  // left out by --skip-existing: its output exists
	statusSkipped   = "skipped"   // left out by a directory walk: see Skip and Reason
)

// The paths of a record that are pixtool's own; the others are codec's.
const (
	pathRaster = "raster"
	pathCopied = "copied"
	pathNone   = "none"
)

// fail marks the record failed with err and returns it.
func (rec record) fail(err error) record {
	rec.Status, rec.Error, rec.err = statusFailed, errorText(rec.Input, err), err
	rec.BytesOut = 0
	return rec
}

// recorder turns records into the summary and, with --json, into one JSON
// line each as they come, so that a batch of millions of files holds its
// counts and not its records. It is safe for concurrent use.
type recorder struct {
	mu  sync.Mutex
	sum *summary
	// enc writes the --json stream; nil without --json.
	enc *json.Encoder
	// fails are the failures kept for the summary: the first maxFailures
	// by input order.
	fails []record
	// dropped counts failures beyond those kept.
	dropped int
}

// maxFailures bounds the failures the summary lists; the --json stream
// has every one in its record.
const maxFailures = 1000

// newRecorder returns a recorder that counts into sum and, when w is not
// nil, writes each record to w as a JSON line.
func newRecorder(sum *summary, w io.Writer) *recorder {
	rc := &recorder{sum: sum}
	if w != nil {
		rc.enc = json.NewEncoder(w)
	}
	return rc
}

// add counts rec and writes its line.
func (rc *recorder) add(rec record) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	s := rc.sum
	s.BytesIn += rec.BytesIn
	switch rec.Status {
	case statusDone, statusUnchanged:
		s.Done++
		s.BytesOut += rec.BytesOut
	case statusFailed:
		s.Failed++
		rc.keepFailure(rec)
	case statusExisting:
		s.Existing++
	case statusSkipped:
		s.skip(rec.Skip, 1)
	}
	if rc.enc != nil {
		_ = rc.enc.Encode(rec)
	}
}

// keepFailure keeps rec among the first maxFailures failures by index,
// trimming the list when it has grown to twice that.
func (rc *recorder) keepFailure(rec record) {
	rc.fails = append(rc.fails, rec)
	if len(rc.fails) >= 2*maxFailures {
		rc.trim()
	}
}

// trim sorts the kept failures and drops all but the first maxFailures.
func (rc *recorder) trim() {
	sort.SliceStable(rc.fails, func(a, b int) bool { return rc.fails[a].index < rc.fails[b].index })
	if len(rc.fails) > maxFailures {
		rc.dropped += len(rc.fails) - maxFailures
		rc.fails = rc.fails[:maxFailures]
	}
}

// finish puts the kept failures, in input order, into the summary.
func (rc *recorder) finish() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.trim()
	rc.sum.Failures = rc.sum.Failures[:0]
	for _, f := range rc.fails {
		rc.sum.Failures = append(rc.sum.Failures, failure{Path: f.Input, Error: f.Error})
	}
	rc.sum.FailuresOmitted = rc.dropped
}

// errorText is err's message for the file at path, which the CLI names
// itself, once: an error of package os that names the same path again
// ("open x.png: permission denied") loses its copy ("open: permission
// denied").
func errorText(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path && err == error(pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
