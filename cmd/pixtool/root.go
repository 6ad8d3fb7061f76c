package main

import (
	"runtime/debug"
	"slices"

	"github.com/spf13/cobra"
)

// subcommand is one of pixtool's commands: its name and how to build it.
type subcommand struct {
	name  string
	build func(*app) *cobra.Command
}

// subcommands lists pixtool's commands in the order help shows them.
func subcommands() []subcommand {
	return []subcommand{
		{"info", newInfoCmd},
		{"flip", newFlipCmd},
		{"rotate", newRotateCmd},
		{"transpose", newTransposeCmd},
		{"transverse", newTransverseCmd},
		{"orient", newOrientCmd},
		{"crop", newCropCmd},
		{"channel", newChannelCmd},
		{"convert", newConvertCmd},
		{"thumbnail", newThumbnailCmd},
	}
}

// newRootCmd builds the whole pixtool command tree for one run. Nothing is
// kept in package variables: every run, and every test, gets a fresh tree.
func newRootCmd(a *app) *cobra.Command { return newRootCmdFor(a, nil) }

// newRootCmdFor builds the part of the tree that a run with args needs:
// when args[0] names a command, the root and that command alone, since
// cobra routes the run to it and nothing there reads its siblings; for
// --version alone, the root alone; otherwise (help, completion, a misspelt
// name that cobra suggests others for) the whole tree. Registering the ten commands'
// flags was most of a run's own work before its command started: building
// one command instead of ten is what keeps a one-file run's fixed cost
// down (TestPrunedTree checks that nothing a user sees changes).
func newRootCmdFor(a *app, args []string) *cobra.Command {
	if a.fmts.reg == nil {
		a.fmts = defaultFormats()
	}
	if a.st == nil {
		a.st = localStore{}
	}
	root := &cobra.Command{
		Use:   "pixtool",
		Short: "Flip, rotate, crop, split and convert images at memory speed",
		Long: `pixtool flips, rotates, transposes, crops, splits and converts images, one
file or thousands, and streams raw video frames through the same
operations.

Every transforming command takes files, directories (--recursive descends
into subdirectories) and glob patterns, writes its outputs under --out DIR
(mirroring the input tree) or replaces the inputs with --in-place, and runs
--jobs files at once. A file replaced --in-place is never edited where it
lies: its new content is written beside it and renamed over it, under a
lock, so a crash or a kill leaves the old file or the new one, never a part;
it keeps its owner, group, mode and extended attributes (--preserve-times
keeps its times too). Outputs keep the input's format unless --to names
another; WebP, which pixtool only reads, goes out as PNG. A file replaced --in-place keeps the format of its content, whatever its
name says: a JPEG named photo.png stays a JPEG. With --raw WIDTHxHEIGHT it
streams raw frames from standard input to standard output instead.

With --json, each file's record (input, output, formats, the path taken:
raster, lossless or decoded, bytes, what was changed, the error) is printed
as one JSON object per line as the file is done, and a summary object last.

Exit status: 0 when every file was processed, 1 when any file failed (the
others are still done), 2 for a usage error, 130 after Ctrl-C, 143 after SIGTERM,
129 after SIGHUP (the files in flight are finished, no file is left half
written).`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version(),
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmds := subcommands()
	switch {
	case slices.Equal(args, []string{"--version"}):
		cmds = nil // the root prints it
	case len(args) > 0:
		for _, c := range cmds {
			if c.name == args[0] {
				cmds = []subcommand{c}
				break
			}
		}
	}
	for _, c := range cmds {
		root.AddCommand(c.build(a))
	}
	return root
}

// version returns the module version pixtool was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
