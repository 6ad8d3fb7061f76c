package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newChannelCmd builds "pixtool channel".
func newChannelCmd(a *app) *cobra.Command {
	var f batchFlags
	var extract, swap string
	cmd := &cobra.Command{
		Use:   "channel --extract r|g|b|a|N | --swap FROM:TO FILE|DIR...",
		Short: "Extract one channel to a grayscale file, or reorder channels",
		Long: `--extract writes one channel of each image to a new grayscale file named
after the input with the channel added (photo.png gives photo.r.png; a PPM
gives a PGM). Channels are r, g, b, a (the alpha channel, last of gray+alpha
or RGBA) or a number counted from 0.

--swap reorders channels in place: rgb:bgr exchanges red and blue,
rgba:bgra does so keeping alpha. Letters not named keep their place.`,
		Example: `  pixtool channel --extract r --out planes/ photo.png
  pixtool channel --swap rgb:bgr --in-place frames/*.ppm`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var t transform
			switch {
			case extract != "" && swap != "":
				return errors.New("--extract and --swap exclude each other")
			case extract != "":
				if err := parseChannelName(extract); err != nil {
					return err
				}
				t = transform{channel: extract}
			case swap != "":
				from, to, err := parseSwap(swap)
				if err != nil {
					return err
				}
				t = transform{from: from, to: to}
			default:
				return errors.New("channel needs --extract or --swap")
			}
			return runBatch(cmd, a, "channel", &f, t, args)
		},
	}
	cmd.Flags().StringVar(&extract, "extract", "", "write channel `C` (r, g, b, a or a number) to a grayscale file")
	cmd.Flags().StringVar(&swap, "swap", "", "reorder channels, `FROM:TO` such as rgb:bgr")
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}
