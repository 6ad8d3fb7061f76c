package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// lossFlags are the batch commands' explicit permissions to lose
// something. pixtool keeps everything a file holds by default; what a
// target format cannot hold is refused with an error naming the flag that
// allows the loss, and with the flag it is done and recorded per file.
type lossFlags struct {
	// strip drops the metadata that identifies a picture, its place and
	// its author (EXIF with GPS, XMP, IPTC, comments, text), keeping what
	// the pixels need to be shown right (ICC, colour chunks, resolution).
	strip bool
	// stripICC drops the ICC profile.
	stripICC bool
	// dropAlpha drops an alpha channel.
	dropAlpha bool
	// gray turns colour into gray (luma, ITU-R BT.601 weights).
	gray bool
}

// addLossFlags registers the permissions to lose on cmd.
func addLossFlags(cmd *cobra.Command, f *lossFlags) {
	fl := cmd.Flags()
	fl.BoolVar(&f.strip, "strip", false, "drop EXIF (with GPS), XMP, IPTC, comments, text; keep ICC, colour, resolution; orientation applied")
	fl.BoolVar(&f.stripICC, "strip-icc", false, "drop the ICC colour profile (with --strip: all metadata)")
	fl.BoolVar(&f.dropAlpha, "drop-alpha", false, "drop the alpha channel (needed for transparency into JPEG, BMP, PPM, PGM)")
	fl.BoolVar(&f.gray, "gray", false, "turn colour into gray, BT.601 luma as ppmtopgm (needed for colour into PGM)")
}

// check refuses the permissions that cannot apply: raw frames carry no
// metadata, and their pixel format is fixed by --pix-fmt.
func (f *lossFlags) check(raw bool) error {
	if raw && (f.strip || f.stripICC || f.dropAlpha || f.gray) {
		return errors.New("--raw frames carry no metadata and keep their --pix-fmt; --strip, --strip-icc, --drop-alpha and --gray do not apply")
	}
	return nil
}

// metadata returns the metadata filter the flags ask for.
func (f *lossFlags) metadata() metaFilter {
	return metaFilter{all: f.strip, icc: f.stripICC}
}

// channels reports whether the flags change the channels of an image with
// alpha (when alpha) and colour (when colour): such a file cannot take a
// path that keeps its pixels as they are stored.
func (f *lossFlags) channels(alpha, colour bool) bool {
	return f.dropAlpha && alpha || f.gray && colour
}
