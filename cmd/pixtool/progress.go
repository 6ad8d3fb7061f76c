package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// reporter writes per-file errors and notes to standard error and, when
// standard error is a terminal, draws a progress bar under them. It is safe
// for concurrent use.
type reporter struct {
	mu  sync.Mutex
	a   *app
	bar *progressbar.ProgressBar // nil when no bar is drawn
}

// newReporter returns a reporter for a batch of total files; with bar set,
// it draws a progress bar of files done, rate and time left. A total of -1
// (a listing still under way) draws a running count until total is told.
func newReporter(a *app, name string, total int, bar bool) *reporter {
	r := &reporter{a: a}
	if bar {
		r.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		_ = r.bar.RenderBlank()
	}
	return r
}

// fail reports that the file at path failed.
func (r *reporter) fail(path string, err error) {
	r.note(path + ": " + errorText(path, err))
}

// note prints one line above the bar.
func (r *reporter) note(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		_ = r.bar.Clear()
	}
	fmt.Fprintf(r.a.stderr, "pixtool: %s\n", msg)
	if r.bar != nil {
		_ = r.bar.RenderBlank()
	}
}

// step advances the bar by one file.
func (r *reporter) step() {
	if r.bar == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.bar.Add(1)
}

// total tells the bar the number of files, once a streamed batch knows it.
func (r *reporter) total(n int) {
	if r.bar == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bar.ChangeMax(n)
}

// finish removes the bar.
func (r *reporter) finish() {
	if r.bar == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.bar.Finish()
	_ = r.bar.Clear()
}
