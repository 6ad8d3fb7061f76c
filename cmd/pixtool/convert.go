package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
)

// formatList lists the output formats for help texts.
func formatList(a *app) string { return strings.Join(a.fmts.writable(), ", ") }

// newConvertCmd builds "pixtool convert".
func newConvertCmd(a *app) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "convert --to FORMAT FILE|DIR...",
		Short: "Re-encode images in another format",
		Long: `Re-encode images in another format. The output takes the input's base name
with the new format's extension, next to the input or under --out DIR.
16-bit images stay 16-bit in PNG, TIFF and PGM/PPM/PAM and are reduced to
8 bits for JPEG, GIF and BMP; 4-channel images are written as straight-alpha
RGBA (PAM TUPLTYPE RGB_ALPHA).

What the target cannot hold is refused, never dropped without a word: an
image with transparency goes to JPEG, BMP, PPM or PGM only with --drop-alpha,
a colour image to PGM only with --gray (an alpha channel opaque everywhere,
or colour with R=G=B everywhere, loses nothing and needs no flag); gray
written as PPM becomes RGB. EXIF, ICC, XMP and the other metadata are kept
where the target holds them; --strip and --strip-icc drop them. An animated
GIF is refused, as converting it would keep its first frame only. Each
file's --json record lists what was dropped or changed.`,
		Example: `  pixtool convert --to png --out png/ --recursive scans/
  pixtool convert --to jpeg --quality 85 *.ppm
  pixtool convert --to jpeg --drop-alpha --strip logo.png`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.to == "" {
				return errors.New("convert needs --to FORMAT")
			}
			return runBatch(cmd, a, "convert", &f, transform{}, args)
		},
	}
	addBatchFlags(cmd, a, &f, "the output `FORMAT` (required): "+formatList(a))
	return cmd
}
