// Command pixtool flips, rotates, crops, splits and converts images, one
// file or thousands, and streams raw video frames through the same
// operations. It is the command-line face of pixview: every operation works
// on a pixbuf.View of the decoded pixels and moves them with package ops, in
// place where the shape allows.
//
// Usage:
//
//	pixtool info FILE|DIR...
//	pixtool flip --horizontal|--vertical|--both FILE|DIR...
//	pixtool rotate 90|180|270 FILE|DIR...
//	pixtool transpose FILE|DIR...
//	pixtool transverse FILE|DIR...
//	pixtool orient FILE|DIR...
//	pixtool crop --rect X,Y,W,H FILE|DIR...
//	pixtool channel --extract r|g|b|a|N | --swap FROM:TO FILE|DIR...
//	pixtool convert --to png|jpeg|gif|bmp|tiff|pnm|pgm|ppm|pam FILE|DIR...
//
// The full reference of every command and flag is REFERENCE.md, generated
// from --help by go generate.
//
// # Inputs and outputs
//
// Arguments are files, directories (their image files; --recursive descends
// into subdirectories) and glob patterns; --files-from FILE adds a list of
// paths, one a line or NUL-separated with -0, "-" being standard input.
// Outputs go under --out DIR, which mirrors the tree below each directory
// argument and keeps base names (with --to, the new format's extension), or
// next to the inputs when the name changes (convert, channel --extract).
// --in-place replaces each input instead, in the format of its content
// (a JPEG named x.png stays a JPEG). No existing file is overwritten
// without --in-place or --force, and every output is written to a temporary
// file that is synced and renamed, so it is never seen half written.
//
// A binary PGM, PPM or PAM file replaced in place is read through a
// read-only memory map (codec/pnm.Map) into a pooled buffer, transformed
// there and written beside the original like every other format, so a kill
// leaves it whole (inplace.go says what that costs). 16-bit rasters are transformed as whole byte pairs, so they stay
// 16-bit; other 16-bit images stay 16-bit whenever the output format holds
// 16 bits (PNG, TIFF, PGM/PPM/PAM).
//
// # Formats and paths
//
// pixtool knows formats only through a codec.Registry (codecadapter.go):
// extensions for directory walks and output names, content for the format
// of an input, what an encoder keeps, and whether a format transforms its
// files without decoding. Each file then takes one path: Netpbm raster
// bytes (read into a pooled buffer, moved there when the shape is kept), the
// format's own transform (orientations and crops, such as JPEG's lossless
// one), or decode, ops, encode. The eight orientations are pixbuf's
// Orientation: flip, rotate, transpose and transverse name seven of them,
// and orient applies each file's EXIF orientation to its pixels.
//
// Files are read and written through a small store interface
// (storage.go): open, stat with identity (device, inode, size, time), list,
// create-and-commit with a precondition, lock. The local store replaces
// files with internal/fsx, so an in-place edit commits only if the file is
// still the one read.
//
// # Batches
//
// --jobs N files are read and transformed at once (default: one per CPU),
// while up to 2N more wait for the disk to flush, or the network to take,
// what they wrote (cpuslots.go). Each file works in pixel buffers
// taken from a pool and given back, so a long batch of same-sized images
// allocates no new pixel memory for its outputs. Outputs do not depend on
// --jobs. A file that fails is reported on standard error with its path and
// the reason, and the batch goes on. When standard error is a terminal and
// there is more than one file, a progress bar shows files done, rate and time
// left; --quiet turns it and the summary off. The summary line (files, bytes,
// time, failures) is printed on standard error; with --json, standard
// output gets one JSON record per file as it is done and the summary last
// (NDJSON). Each file's ops and codec calls use max(1, GOMAXPROCS/jobs)
// goroutines, so the process never runs more busy goroutines than cores.
//
// --shard K/N keeps only the files whose FNV-1a hash of their cleaned,
// slash-separated path is K modulo N, so N copies of one command, with K from
// 0 to N-1, split a file set between them with no overlap and nothing
// missed: a Kubernetes Indexed Job passes $JOB_COMPLETION_INDEX, a Slurm
// array $SLURM_ARRAY_TASK_ID.
//
// # Streams
//
// With --raw WIDTHxHEIGHT[xCHANNELS] or --pix-fmt rgb24|rgba|gray|gray16le,
// a command reads headerless frames from standard input (or the one file
// named) and writes the transformed frames to standard output (or --out
// FILE), reusing one frame buffer, so it can sit between two ffmpeg
// processes:
//
//	ffmpeg -i in.mp4 -f rawvideo -pix_fmt rgb24 - |
//	  pixtool flip --horizontal --raw 1920x1080 |
//	  ffmpeg -f rawvideo -pix_fmt rgb24 -s 1920x1080 -i - out.mp4
//
// A trailing partial frame is reported as an error after every whole frame
// has been written.
//
// # Exit status
//
// 0 when everything was done; 1 when any file failed (the others are done);
// 2 for a usage error, with a one-line hint; 128+n after signal n (130 for
// Ctrl-C). The first SIGINT or SIGTERM stops taking new files; the files in
// flight are finished, so an interrupted --in-place batch leaves every file
// either untouched or completely transformed and no temporary file behind.
package main

//go:generate go test -run ^TestReference$ -update
