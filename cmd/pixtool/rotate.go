package main

import (
	"fmt"

	"github.com/pixview/pixview/pixbuf"

	"github.com/spf13/cobra"
)

// newRotateCmd builds "pixtool rotate".
func newRotateCmd(a *app) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "rotate 90|180|270 FILE|DIR...",
		Short: "Turn images clockwise by a multiple of 90 degrees",
		Long: `Turn images clockwise by 90, 180 or 270 degrees. A half turn moves the
pixels in place in memory; a quarter turn writes a new image of swapped
width and height into a reused buffer.`,
		Example: `  pixtool rotate 90 --out turned/ photo.jpg
  pixtool rotate 180 --in-place scans/*.ppm`,
		Args: cobra.MinimumNArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return []cobra.Completion{"90", "180", "270"}, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var t transform
			switch args[0] {
			case "90", "-270":
				t.orient = pixbuf.Rotate90
			case "180", "-180":
				t.orient = pixbuf.Rotate180
			case "270", "-90":
				t.orient = pixbuf.Rotate270
			default:
				return fmt.Errorf("rotate takes 90, 180 or 270 degrees, not %q", args[0])
			}
			return runBatch(cmd, a, "rotate", &f, t, args[1:])
		},
	}
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}
