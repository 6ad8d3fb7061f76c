package main

import (
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// newCropCmd builds "pixtool crop".
func newCropCmd(a *app) *cobra.Command {
	var f batchFlags
	var rect string
	cmd := &cobra.Command{
		Use:   "crop --rect X,Y,W,H FILE|DIR...",
		Short: "Keep a rectangle of each image",
		Long: `Keep the W x H rectangle whose top-left corner is at column X, row Y. The
crop is a view of the decoded pixels, encoded without a copy. A rectangle
that does not lie inside an image is an error for that file, naming the
image's size.`,
		Example: `  pixtool crop --rect 100,50,640,480 --out cropped/ photos/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := parseRect(rect)
			if err != nil {
				return err
			}
			return runBatch(cmd, a, "crop", &f, transform{crop: true, rect: r}, args)
		},
	}
	cmd.Flags().StringVar(&rect, "rect", "", "the rectangle to keep: `X,Y,W,H` in pixels (required)")
	_ = cmd.MarkFlagRequired("rect")
	addBatchFlags(cmd, a, &f, "write this `FORMAT` instead of the input's: "+formatList(a))
	return cmd
}

// parseRect parses X,Y,W,H into a rectangle.
func parseRect(s string) (image.Rectangle, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return image.Rectangle{}, fmt.Errorf("invalid --rect %q: want X,Y,W,H such as 0,0,640,480", s)
	}
	var n [4]int
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v < 0 || v > 1<<30 {
			return image.Rectangle{}, fmt.Errorf("invalid --rect %q: %q is not a size from 0 to 2^30", s, p)
		}
		n[i] = v
	}
	if n[2] == 0 || n[3] == 0 {
		return image.Rectangle{}, errors.New("invalid --rect: width and height must be positive")
	}
	return image.Rect(n[0], n[1], n[0]+n[2], n[1]+n[3]), nil
}
