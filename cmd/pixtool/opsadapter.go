package main

// This file is the only one that calls package ops, so that a change in its
// API is a one-file fix. Until ops lands, the operations are built from
// pixbuf views and CopyFrom, which is correct but not fast.

import (
	"github.com/pixview/pixview/pixbuf"
)

func flipH[T pixbuf.Sample](v pixbuf.View[T], workers int) error { return v.CopyFrom(v.FlipH()) }

func flipV[T pixbuf.Sample](v pixbuf.View[T], workers int) error { return v.CopyFrom(v.FlipV()) }

func rotate180[T pixbuf.Sample](v pixbuf.View[T], workers int) error {
	return v.CopyFrom(v.Rotate(180))
}

func rotate90[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return dst.CopyFrom(src.Rotate(90))
}

func rotate270[T pixbuf.Sample](dst, src pixbuf.View[T], workers int) error {
	return dst.CopyFrom(src.Rotate(270))
}

func extractChannel[T pixbuf.Sample](dst, src pixbuf.View[T], i int, workers int) error {
	return dst.CopyFrom(src.Channel(i))
}

func swapChannels[T pixbuf.Sample](v pixbuf.View[T], i, j int, workers int) error {
	if i == j {
		return nil
	}
	tmp := v.Channel(i).Clone()
	if err := v.Channel(i).CopyFrom(v.Channel(j)); err != nil {
		return err
	}
	return v.Channel(j).CopyFrom(tmp)
}
