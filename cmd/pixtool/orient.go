package main

import (
	"github.com/spf13/cobra"

	"github.com/pixview/pixview/pixbuf"
)

// newTransposeCmd builds "pixtool transpose".
func newTransposeCmd(a *app) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "transpose FILE|DIR...",
		Short: "Mirror images along the main diagonal",
		Long: `Mirror images along their main diagonal, from the top-left corner to the
bottom-right one: row y becomes column y, so width and height swap. It is
a quarter turn clockwise followed by a left-to-right mirror (EXIF
orientation 5). The pixels are written into a reused buffer of the new
shape.`,
		Example: `  pixtool transpose --out transposed/ photos/
  pixtool transpose --in-place scans/*.ppm`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd, a, "transpose", &f, transform{orient: pixbuf.Transpose}, args)
		},
	}
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}

// newTransverseCmd builds "pixtool transverse".
func newTransverseCmd(a *app) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "transverse FILE|DIR...",
		Short: "Mirror images along the anti-diagonal",
		Long: `Mirror images along their anti-diagonal, from the top-right corner to the
bottom-left one, so width and height swap. It is a quarter turn clockwise
followed by a top-to-bottom mirror (EXIF orientation 7). The pixels are
written into a reused buffer of the new shape.`,
		Example: `  pixtool transverse --out transversed/ photos/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd, a, "transverse", &f, transform{orient: pixbuf.Transverse}, args)
		},
	}
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}

// newOrientCmd builds "pixtool orient".
func newOrientCmd(a *app) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "orient FILE|DIR...",
		Short: "Store images upright: apply each file's EXIF orientation to its pixels",
		Long: `Apply each file's own EXIF orientation to its pixels, so that they are
stored the way viewers display them, and reset the orientation: the output
carries no orientation but the upright one (1). A file that is upright
already is copied unchanged with --out and left as it is with --in-place.
Files without EXIF orientation (PNG without eXIf, Netpbm, GIF, BMP) are
upright.`,
		Example: `  pixtool orient --out upright/ --recursive photos/
  pixtool orient --in-place camera/*.jpg`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd, a, "orient", &f, transform{exif: true}, args)
		},
	}
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}
