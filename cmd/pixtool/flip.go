package main

import (
	"errors"

	"github.com/pixview/pixview/pixbuf"

	"github.com/spf13/cobra"
)

// newFlipCmd builds "pixtool flip".
func newFlipCmd(a *app) *cobra.Command {
	var f batchFlags
	var horizontal, vertical, both bool
	cmd := &cobra.Command{
		Use:   "flip --horizontal|--vertical|--both FILE|DIR...",
		Short: "Mirror images left to right or top to bottom",
		Long: `Mirror images left to right (--horizontal), top to bottom (--vertical) or
both, which is a half turn. The pixels move in place in memory; a file
replaced --in-place is written beside itself and renamed over, so a kill
leaves it whole.`,
		Example: `  pixtool flip --horizontal --out flipped/ photos/
  pixtool flip --vertical --in-place --recursive scans/
  ffmpeg -i in.mp4 -f rawvideo -pix_fmt rgb24 - |
    pixtool flip --horizontal --raw 1920x1080 |
    ffmpeg -f rawvideo -pix_fmt rgb24 -s 1920x1080 -i - out.mp4`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var t transform
			switch {
			case both || horizontal && vertical:
				t.orient = pixbuf.Rotate180
			case horizontal:
				t.orient = pixbuf.FlipHorizontal
			case vertical:
				t.orient = pixbuf.FlipVertical
			default:
				return errors.New("flip needs --horizontal, --vertical or --both")
			}
			return runBatch(cmd, a, "flip", &f, t, args)
		},
	}
	cmd.Flags().BoolVar(&horizontal, "horizontal", false, "mirror left to right")
	cmd.Flags().BoolVar(&vertical, "vertical", false, "mirror top to bottom")
	cmd.Flags().BoolVar(&both, "both", false, "mirror both ways (a half turn)")
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}
