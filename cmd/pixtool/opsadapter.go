package main

// This file is the only one that calls package ops, so that a change in its
// API is a one-file fix. workers is the goroutine count each call may use.

import (
	"github.com/pixview/pixview/ops"
	"github.com/pixview/pixview/pixbuf"
)

func flipH[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.FlipH(v, ops.Workers(workers))
}

func flipV[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.FlipV(v, ops.Workers(workers))
}

func rotate180[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return ops.Rotate180(v, ops.Workers(workers))
}

func rotate90[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return ops.Rotate90(dst, src, ops.Workers(workers))
}

func rotate270[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return ops.Rotate270(dst, src, ops.Workers(workers))
}

func extractChannel[T pixbuf.Sample](dst, src pixbuf.View[T], i int, workers int) error {
	return ops.ExtractChannel(dst, src, i, ops.Workers(workers))
}

func swapChannels[T pixbuf.Sample](v pixbuf.View[T], i, j int, workers int) error {
	return ops.SwapChannels(v, i, j, ops.Workers(workers))
}
