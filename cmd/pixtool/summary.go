package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// summary is what a batch or a stream did, printed at its end: as a line
// on standard error, or with --json as the last JSON object of the stream,
// after the files' records.
type summary struct {
	Type    string `json:"type"` // "summary"
	Command string `json:"command"`
	Shard   string `json:"shard,omitempty"`  // "K/N" of a sharded batch, so that a driver can merge the shards' summaries
	RunID   string `json:"run_id,omitempty"` // the job of an in-place run on object storage (--run-id)
	Files   int    `json:"files"`            // files selected (after --shard), including failed ones
	Frames  int    `json:"frames,omitempty"` // frames streamed in --raw mode
	Done    int    `json:"done"`             // files written
	Failed  int    `json:"failed"`           // files that failed
	Skipped int    `json:"skipped"`          // entries a walk left out, and files not started because of an interrupt
	// SkippedKinds counts the skipped entries by kind (skip.go):
	// "not-image", "sidecar", "raw", "interrupted"...
	SkippedKinds map[string]int `json:"skipped_kinds,omitempty"`
	Existing     int            `json:"existing"`    // files left out by --skip-existing
	BytesIn      int64          `json:"bytes_in"`    // size of the inputs read
	BytesOut     int64          `json:"bytes_out"`   // size of the outputs written
	Seconds      float64        `json:"seconds"`     // wall time
	Interrupted  bool           `json:"interrupted"` // a signal stopped the run
	Failures     []failure      `json:"failures"`    // what failed and why, in input order: the first 1000
	// FailuresOmitted counts the failures beyond those listed.
	FailuresOmitted int `json:"failures_omitted,omitempty"`
}

// failure is one file that failed.
type failure struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// print writes the summary as --json and --quiet ask: with --json to
// standard output (standard error in --raw mode, where standard output
// carries frames), else as one line on standard error unless --quiet.
func (s *summary) print(a *app, f *batchFlags) {
	raw := f.raw != "" || f.pixFmt != ""
	if f.json {
		w := a.stdout
		if raw {
			w = a.stderr
		}
		s.Type = "summary"
		b, _ := json.Marshal(s)
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	if !f.quiet {
		s.writeText(a.stderr, raw)
	}
}

// writeText writes the one-line summary.
func (s *summary) writeText(w io.Writer, raw bool) {
	rate := ""
	if s.Seconds > 0 {
		rate = fmt.Sprintf(", %s/s", size(float64(s.BytesIn)/s.Seconds))
	}
	state := ""
	if s.Interrupted {
		state = " (interrupted)"
	}
	if raw {
		fmt.Fprintf(w, "pixtool %s: %s, %s in, %s out in %.2fs%s%s\n",
			s.Command, plural(s.Frames, "frame"), size(float64(s.BytesIn)), size(float64(s.BytesOut)), s.Seconds, rate, state)
		return
	}
	existing := ""
	if s.Existing > 0 {
		existing = fmt.Sprintf(", %d already there", s.Existing)
	}
	name := s.Command
	if s.Shard != "" {
		name += " (shard " + s.Shard + ")"
	}
	fmt.Fprintf(w, "pixtool %s: %s: %d done, %d failed, %d skipped%s%s; %s in, %s out in %.2fs%s%s\n",
		name, plural(s.Files, "file"), s.Done, s.Failed, s.Skipped, s.skipKinds(), existing, size(float64(s.BytesIn)), size(float64(s.BytesOut)), s.Seconds, rate, state)
}

// skip counts n skipped entries of kind.
func (s *summary) skip(kind string, n int) {
	if n == 0 {
		return
	}
	if s.SkippedKinds == nil {
		s.SkippedKinds = map[string]int{}
	}
	s.Skipped += n
	s.SkippedKinds[kind] += n
}

// skipKinds returns the skipped entries by kind for the summary line,
// " (3 not images, 1 sidecar)", or "" when none was skipped.
func (s *summary) skipKinds() string {
	var parts []string
	for _, l := range skipLabels {
		switch n := s.SkippedKinds[l.kind]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+l.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, l.many))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// size formats a byte count with a decimal unit.
func size(n float64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	i := 0
	for n >= 1000 && i < len(units)-1 {
		n /= 1000
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	return fmt.Sprintf("%.1f %s", n, units[i])
}

// plural returns "1 file" or "n files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
