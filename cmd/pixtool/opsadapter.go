package main

// This file is the only one that calls package ops, so that a change in its
// API is a one-file fix. workers is the goroutine count each call may use.

import (
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

// flipH mirrors v left to right in place.
func flipH[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.FlipH(v, ops.Workers(workers))
}

// flipV mirrors v top to bottom in place.
func flipV[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.FlipV(v, ops.Workers(workers))
}

// rotate180 turns v by a half turn in place.
func rotate180[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.Rotate180(v, ops.Workers(workers))
}

// rotate90 writes src turned a quarter clockwise into dst, which is w x h.
func rotate90[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return ops.Rotate90(dst, src, ops.Workers(workers))
}

// rotate270 writes src turned a quarter counter-clockwise into dst, which
// is w x h.
func rotate270[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return ops.Rotate270(dst, src, ops.Workers(workers))
}

// extractChannel copies channel i of src into the one-channel dst.
func extractChannel[T pixbuf.Sample](dst, src pixbuf.View[T], i int, workers int) error {
	return ops.ExtractChannel(dst, src, i, ops.Workers(workers))
}

// swapChannels exchanges channels i and j of v in place.
func swapChannels[T pixbuf.Sample](v pixbuf.View[T], i, j int, workers int) error {
	return ops.SwapChannels(v, i, j, ops.Workers(workers))
}
