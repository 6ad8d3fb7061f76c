package main

// This file is the only one that calls package ops, so that a change in its
// API is a one-file fix. workers is the goroutine count each call may use.

import (
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// orient writes src under orientation o into dst, which has the shape of
// src.Orient(o); dst may be src itself when o keeps the shape, and the
// pixels then move in place.
func orient[T pixbuf.Sample](dst, src pixbuf.View[T], o pixbuf.Orientation, workers int) error {
	return ops.Orient(dst, src, o, ops.Workers(workers))
}

// extractChannel copies channel i of src into the one-channel dst.
func extractChannel[T pixbuf.Sample](dst, src pixbuf.View[T], i int, workers int) error {
	return ops.ExtractChannel(dst, src, i, ops.Workers(workers))
}

// permute reorders the channels of v in place in one pass: new channel k
// is old channel perm[k].
func permute[T pixbuf.Sample](v pixbuf.View[T], perm []int, workers int) error {
	return ops.Permute(v, perm, ops.Workers(workers))
}
