package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/pixview/pixview/codec/meta"
	"github.com/spf13/cobra"
)

// infoLine is what info prints about one file.
type infoLine struct {
	Path        string `json:"path"`
	Format      string `json:"format"`
	Width       int    `json:"width"`  // as displayed, after EXIF orientation
	Height      int    `json:"height"` // as displayed, after EXIF orientation
	Channels    int    `json:"channels"`
	Bits        int    `json:"bits"` // per sample: 8 or 16
	Orientation int    `json:"orientation"`
	Bytes       int64  `json:"bytes"` // file size
	// Metadata says which metadata the file carries (EXIF with camera,
	// date and GPS, ICC with its description, XMP, IPTC, comments).
	Metadata *meta.Summary `json:"metadata,omitempty"`
}

// newInfoCmd builds "pixtool info". Each line ends with the metadata the
// file carries, when it has some (metadataText); the help text does not say
// so yet because REFERENCE.md and README.md are generated from it and other
// work is regenerating them.
func newInfoCmd(a *app) *cobra.Command {
	var asJSON, recursive bool
	cmd := &cobra.Command{
		Use:   "info FILE|DIR...",
		Short: "Print the format, size and layout of images",
		Long: `Print one line per image: path, format, WIDTHxHEIGHT as displayed (after
EXIF orientation), channels, bits per sample, EXIF orientation and file size
in bytes. Only headers are read, never the pixels. With --json, each line is
a JSON object. A file that cannot be read is reported on standard error and
makes the exit status 1.`,
		Example: `  pixtool info testdata/*
  pixtool info --json --recursive photos/ | jq .width`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			wo := walkOptions{recursive: recursive, isImage: a.fmts.isImageName}
			// Local arguments are expanded first; an object storage
			// prefix is listed page by page and described as it is
			// listed (walkURL).
			var locals, urls []string
			for _, arg := range args {
				if arg = localName(arg); isBlobURL(arg) {
					urls = append(urls, arg)
				} else {
					locals = append(locals, arg)
				}
			}
			failed := 0
			report := func(e inputError, _ string) {
				fmt.Fprintf(a.stderr, "pixtool: %s: %s\n", e.path, errorText(e.path, e.err))
				failed++
			}
			enc := json.NewEncoder(a.stdout)
			one := func(in input) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				l, err := describe(ctx, a, in.path)
				if err != nil {
					report(inputError{path: in.path, err: err}, "")
					return nil
				}
				if asJSON {
					return enc.Encode(l)
				}
				fmt.Fprintf(a.stdout, "%s\t%s\t%dx%d\t%d ch\t%d bit\torientation %d\t%d bytes",
					l.Path, l.Format, l.Width, l.Height, l.Channels, l.Bits, l.Orientation, l.Bytes)
				if l.Metadata != nil {
					fmt.Fprintf(a.stdout, "\t%s", metadataText(l.Metadata))
				}
				fmt.Fprintln(a.stdout)
				return nil
			}
			var stop error
			if len(locals) > 0 {
				ins, inErrs := expand(ctx, a.st, locals, wo)
				for _, e := range inErrs {
					report(e, "")
				}
				for _, in := range ins {
					if stop = one(in); stop != nil {
						break
					}
				}
			}
			for _, u := range urls {
				if stop != nil {
					break
				}
				stop = walkURL(ctx, a.st, u, wo, one, report)
			}
			if stop != nil && ctx.Err() == nil {
				return &exitError{code: exitFailure, msg: stop.Error()}
			}
			if code, ok := interruptCode(cmd.Context()); ok {
				return &exitError{code: code}
			}
			if failed > 0 {
				return &exitError{code: exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per file")
	cmd.Flags().BoolVarP(&recursive, "recursive", "r", false, "descend into subdirectories of directory arguments")
	return cmd
}

// describe reads the header of the image at path.
func describe(ctx context.Context, a *app, path string) (infoLine, error) {
	f, err := a.st.Open(ctx, path)
	if err != nil {
		return infoLine{}, err
	}
	defer f.Close()
	c, err := a.fmts.config(f)
	if err != nil {
		return infoLine{}, err
	}
	sum, err := metadataSummary(ctx, a, path, c.Format)
	if err != nil {
		return infoLine{}, err
	}
	return infoLine{
		Path: filepath.ToSlash(path), Format: c.Format, Width: c.Width, Height: c.Height,
		Channels: c.Channels, Bits: c.Depth, Orientation: c.Orientation, Bytes: f.Info().Size(),
		Metadata: sum,
	}, nil
}
