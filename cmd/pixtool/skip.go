package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// skipped is an entry a directory walk leaves out: it gets a record of
// its own in --json and is counted by kind in the summary, so that a walk
// never passes over a file without a word.
type skipped struct {
	path string
	kind string // one of the skip kinds below
	// reason says why, for a person.
	reason string
}

// The kinds of skipped entries, as --json names them.
const (
	skipNotImage    = "not-image"   // a name no format has and no image content
	skipSidecar     = "sidecar"     // metadata beside an image (.xmp, .aae, .thm)
	skipRaw         = "raw"         // a camera RAW file, never decoded as its preview
	skipUnsupported = "unsupported" // an image format pixview does not read (HEIC, AVIF)
	skipHidden      = "hidden"      // a name starting with a dot
	skipTemporary   = "temporary"   // a partial download, an editor's backup, a temporary file
	skipNotFile     = "not-file"    // a device, pipe, socket, dangling link or link to a directory
	skipDirectory   = "directory"   // a subdirectory not entered without --recursive
	skipInterrupted = "interrupted" // a file not started because a signal stopped the run
)

// skipLabels are the kinds' words in the human summary, singular and
// plural, in the order the summary lists them.
var skipLabels = []struct{ kind, one, many string }{
	{skipNotImage, "not an image", "not images"},
	{skipUnsupported, "unsupported format", "unsupported formats"},
	{skipRaw, "camera RAW", "camera RAWs"},
	{skipSidecar, "sidecar", "sidecars"},
	{skipHidden, "hidden", "hidden"},
	{skipTemporary, "temporary", "temporary"},
	{skipNotFile, "not a regular file", "not regular files"},
	{skipDirectory, "directory without --recursive", "directories without --recursive"},
	{skipInterrupted, "interrupted", "interrupted"},
}

// skipExtensions maps the extensions a walk recognises without reading a
// byte to a kind and a reason; any other extension no format has is not
// an image.
var skipExtensions = func() map[string][2]string {
	m := map[string][2]string{}
	add := func(kind, reason string, exts ...string) {
		for _, e := range exts {
			m[e] = [2]string{kind, reason}
		}
	}
	add(skipSidecar, "a metadata sidecar; pixtool does not update sidecars",
		".xmp", ".aae", ".thm", ".pp3", ".dop", ".on1", ".cos")
	add(skipRaw, "a camera RAW file; pixtool never writes over RAW data",
		".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".raf",
		".pef", ".srw", ".x3f", ".3fr", ".erf", ".kdc", ".mos", ".mrw", ".iiq", ".rwl", ".raw")
	add(skipUnsupported, "an image format pixview does not read",
		".heic", ".heif", ".hif", ".avif", ".jxl", ".jp2", ".j2k", ".jpx", ".ico", ".cur", ".psd", ".svg",
		".tga", ".exr", ".hdr", ".qoi", ".dds", ".xcf", ".pcx", ".jxr", ".wdp")
	add(skipTemporary, "a temporary or partial file",
		".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".bak")
	return m
}()

// classifyName returns why a walk leaves out a file named name that no
// format claims by its extension, judging by the name alone; an empty
// kind means the name says nothing (no extension), and the content
// decides.
func classifyName(name string) skipped {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case strings.Contains(name, ".pixview-tmp-") || strings.HasSuffix(name, "~"):
		return skipped{kind: skipTemporary, reason: "a temporary or backup file"}
	case strings.HasPrefix(name, "."):
		return skipped{kind: skipHidden, reason: "a hidden file"}
	case ext == "":
		return skipped{}
	}
	if k, ok := skipExtensions[ext]; ok {
		return skipped{kind: k[0], reason: k[1]}
	}
	return skipped{kind: skipNotImage, reason: fmt.Sprintf("no image format has the extension %q", filepath.Ext(name))}
}

// errNotFile is the error a store's listing passes for an entry that is
// not a file to read: a walk skips it (skipNotFile) and says why.
var errNotFile = errors.New("not a regular file")

// notFile returns the errNotFile of a listed entry of type typ that is
// not a regular file: st and err are what following it gave.
func notFile(typ fs.FileMode, st fs.FileInfo, err error) error {
	what := "a special file"
	switch {
	case err != nil && typ&fs.ModeSymlink != 0:
		what = "a dangling or looping symbolic link"
	case err != nil:
		what = err.Error()
	case typ&fs.ModeSymlink != 0 && st.IsDir():
		what = "a symbolic link to a directory, not followed"
	case st.Mode()&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case st.Mode()&fs.ModeSocket != 0:
		what = "a socket"
	case st.Mode()&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%w: %s", errNotFile, what)
}

// sniffer returns the walk's judge of a file without an extension: it
// reads the first bytes and asks the registry.
func sniffer(ctx context.Context, st store, fmts formats) func(path string) (bool, string) {
	return func(path string) (bool, string) {
		f, err := st.Open(ctx, path)
		if err != nil {
			return true, "" // processing the file reports the error
		}
		defer f.Close()
		if _, err := fmts.identify(f); notAnImage(err) {
			return false, "no extension, and no image format pixview reads recognises its content"
		}
		return true, ""
	}
}

// recordSkipped records an entry the walk left out, when it is in shard
// sh, so that the shards of one batch name each entry once.
func (r *runner) recordSkipped(s skipped, sh shard) {
	if sh.contains(filepath.ToSlash(filepath.Clean(s.path))) {
		r.rc.add(record{Type: "file", Input: s.path, Status: statusSkipped, Skip: s.kind, Reason: s.reason})
	}
}

// sniffFormat returns the format of the content of the file at path,
// named on the command line with no extension or one no format has.
func (r *runner) sniffFormat(ctx context.Context, path string) (format, error) {
	f, err := r.st.Open(ctx, path)
	if err != nil {
		return format{}, err
	}
	defer f.Close()
	return r.fmts.identify(f)
}
