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
RGBA (PAM TUPLTYPE RGB_ALPHA).`,
		Example: `  pixtool convert --to png --out png/ --recursive scans/
  pixtool convert --to jpeg --quality 85 *.ppm`,
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
