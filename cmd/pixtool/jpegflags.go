package main

import (
	"errors"
	"fmt"

	"github.com/pixview/pixview/codec"
	"github.com/pixview/pixview/codec/jpeg"

	"github.com/spf13/cobra"
)

// jpegFlags are the JPEG controls of the batch commands: what a lossless
// transform does with partial edge iMCUs and off-grid crops, and the
// cjpeg-like choices of a JPEG written from pixels.
type jpegFlags struct {
	trim, perfect, snap   bool
	progressive, baseline bool
	sampling              string
	restart               int
}

// addJPEGFlags registers the JPEG controls on cmd.
func addJPEGFlags(cmd *cobra.Command, f *jpegFlags) {
	fl := cmd.Flags()
	fl.BoolVar(&f.trim, "trim", false, "JPEG: drop the partial edge blocks a lossless flip or turn cannot move (jpegtran -trim)")
	fl.BoolVar(&f.perfect, "perfect", false, "JPEG: refuse a file whose flip or turn cannot be lossless and exact (jpegtran -perfect)")
	fl.BoolVar(&f.snap, "snap", false, "JPEG: move an off-grid crop origin up and left to the block grid, losslessly (jpegtran -crop)")
	fl.BoolVar(&f.progressive, "progressive", false, "JPEG: write progressive JPEG (losslessly for a JPEG input)")
	fl.BoolVar(&f.baseline, "baseline", false, "JPEG: write sequential (baseline) JPEG (losslessly for a JPEG input)")
	fl.StringVar(&f.sampling, "sampling", "", "JPEG from other formats: chroma `SAMPLING` 444, 422, 420, 440 or 411 (default 420)")
	fl.IntVar(&f.restart, "restart", 0, "JPEG from other formats: a restart marker every `N` MCU rows (cjpeg -restart N)")
}

// check refuses contradictory JPEG controls.
func (f *jpegFlags) check() error {
	switch {
	case f.trim && f.perfect:
		return errors.New("--trim and --perfect exclude each other")
	case f.progressive && f.baseline:
		return errors.New("--progressive and --baseline exclude each other")
	case f.restart < 0:
		return fmt.Errorf("--restart must be at least 0, not %d", f.restart)
	}
	if _, err := f.parsedSampling(); err != nil {
		return err
	}
	return nil
}

// parsedSampling returns --sampling's factors, the zero value (4:2:0)
// when it is not given.
func (f *jpegFlags) parsedSampling() (jpeg.Sampling, error) {
	if f.sampling == "" {
		return jpeg.Sampling{}, nil
	}
	names := map[string]string{"444": "1x1", "422": "2x1", "420": "2x2", "440": "1x2", "411": "4x1"}
	spec, ok := names[f.sampling]
	if !ok {
		return jpeg.Sampling{}, fmt.Errorf("--sampling must be 444, 422, 420, 440 or 411, not %q", f.sampling)
	}
	return jpeg.ParseSampling(spec)
}

// coding is the coding a lossless JPEG-to-JPEG rewrite asks for:
// jpeg.CodingAsImage unless --progressive or --baseline.
func (f *jpegFlags) coding() jpeg.Coding {
	switch {
	case f.progressive:
		return jpeg.CodingProgressive
	case f.baseline:
		return jpeg.CodingSequential
	}
	return jpeg.CodingAsImage
}

// source returns the JPEG encoder's choices for pixels decoded from a file
// with Source src (nil when it was not a JPEG the encoder can repeat): the
// source's own, with --progressive or --baseline applied; else cjpeg's
// defaults with --sampling, --progressive and --restart. Quality is left
// to EncodeOptions.Quality, which replaces the tables when set.
func (f *jpegFlags) source(src *codec.Source) *codec.Source {
	var po jpeg.PixelEncodeOptions
	if src != nil && src.JPEG != nil {
		po = *src.JPEG
	} else {
		po.Sampling, _ = f.parsedSampling() // checked by check
		po.RestartRows = f.restart
	}
	switch {
	case f.progressive:
		po.Progressive = true
	case f.baseline:
		po.Progressive = false
	}
	return &codec.Source{Format: codec.JPEG, JPEG: &po}
}
