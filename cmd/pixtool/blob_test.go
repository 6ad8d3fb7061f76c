//go:build cloud

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"testing"

	"gocloud.dev/blob"
)

// putObject writes data at name through s with o, failing the test on error.
func putObject(t *testing.T, s store, name string, o createOptions, data []byte) {
	t.Helper()
	if _, err := s.Create(context.Background(), name, o, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

// readObject returns the content of name.
func readObject(t *testing.T, s store, name string) []byte {
	t.Helper()
	r, err := s.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) != r.Info().Size() {
		t.Errorf("%s: read %d bytes, Info says %d", name, len(b), r.Info().Size())
	}
	return b
}

func TestBlobCreateOpenStat(t *testing.T) {
	ctx := context.Background()
	s := newBlobStore()
	defer s.Close()
	data := []byte("P5\n1 1\n255\n\x07")
	putObject(t, s, "mem://b/dir/a.pgm", createOptions{MediaType: "image/x-portable-graymap"}, data)
	if got := readObject(t, s, "mem://b/dir/a.pgm"); !bytes.Equal(got, data) {
		t.Fatalf("read %q", got)
	}
	fi, err := s.Stat(ctx, "mem://b/dir/a.pgm")
	if err != nil || !fi.IsRegular() || fi.Size() != int64(len(data)) || fi.ID.Version == "" {
		t.Fatalf("stat object: %+v %v", fi, err)
	}
	for _, dir := range []string{"mem://b/dir", "mem://b/dir/", "mem://b/"} {
		if fi, err := s.Stat(ctx, dir); err != nil || !fi.IsDir() {
			t.Errorf("stat %s: %+v %v", dir, fi, err)
		}
	}
	if _, err := s.Stat(ctx, "mem://b/nothing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stat of a missing object: %v, want fs.ErrNotExist", err)
	}
	if _, err := s.Open(ctx, "mem://b/nothing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("open of a missing object: %v, want fs.ErrNotExist", err)
	}
	b, u, _ := s.open(ctx, "mem://b/dir/a.pgm")
	if a, err := b.Attributes(ctx, u.key); err != nil || a.ContentType != "image/x-portable-graymap" {
		t.Errorf("content type %v %v", a, err)
	}
	// Seek rewinds a stream.
	r, _ := s.Open(ctx, "mem://b/dir/a.pgm")
	io.ReadAll(r)
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if again, _ := io.ReadAll(r); !bytes.Equal(again, data) {
		t.Errorf("after Seek: %q", again)
	}
	r.Close()
}

func TestBlobCreateRefusesAndAborts(t *testing.T) {
	ctx := context.Background()
	s := newBlobStore()
	defer s.Close()
	putObject(t, s, "mem://b/x", createOptions{}, []byte("old"))
	_, err := s.Create(ctx, "mem://b/x", createOptions{}, func(w io.Writer) error {
		t.Error("write called for an existing output")
		return nil
	})
	if !errors.Is(err, errExists) {
		t.Fatalf("existing output: %v, want errExists", err)
	}
	// A write that fails halfway commits nothing, over an old object or
	// in a new name.
	boom := errors.New("boom")
	for _, name := range []string{"mem://b/x", "mem://b/new"} {
		_, err = s.Create(ctx, name, createOptions{Overwrite: true}, func(w io.Writer) error {
			w.Write(bytes.Repeat([]byte("n"), 1<<20))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("failed write: %v", err)
		}
	}
	if got := readObject(t, s, "mem://b/x"); string(got) != "old" {
		t.Errorf("an aborted write replaced the object: %q", got[:min(len(got), 10)])
	}
	if _, err := s.Stat(ctx, "mem://b/new"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an aborted write left an object: %v", err)
	}
	putObject(t, s, "mem://b/x", createOptions{Overwrite: true}, []byte("new"))
	if got := readObject(t, s, "mem://b/x"); string(got) != "new" {
		t.Errorf("overwrite: %q", got)
	}
}

func TestBlobInPlaceKeepsMetadataAndMarks(t *testing.T) {
	ctx := context.Background()
	s := newBlobStore()
	defer s.Close()
	b, _, err := s.open(ctx, "mem://b/")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WriteAll(ctx, "img", []byte("v1"), &blob.WriterOptions{
		ContentType: "image/jpeg", CacheControl: "max-age=60", Metadata: map[string]string{"owner": "ann"},
	}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ctx, "mem://b/img")
	if err != nil {
		t.Fatal(err)
	}
	id := r.Info().ID
	r.Close()
	mctx := withMark(ctx, "flip-h@run1")
	write := func(data string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, data); return err }
	}
	// The in-place result keeps Content-Type (not the MediaType given),
	// Cache-Control and user metadata, and carries the mark.
	if _, err := s.Create(mctx, "mem://b/img", createOptions{Unchanged: &id, MediaType: "image/png"}, write("v2")); err != nil {
		t.Fatal(err)
	}
	a, err := b.Attributes(ctx, "img")
	if err != nil {
		t.Fatal(err)
	}
	if a.ContentType != "image/jpeg" || a.CacheControl != "max-age=60" || a.Metadata["owner"] != "ann" ||
		a.Metadata[markOpKey] != "flip-h@run1" || a.Metadata[markSourceKey] != id.Version {
		t.Errorf("attributes after in place: %+v", a)
	}
	// A retry of the same run sees the mark, before reading and at the
	// commit; a new run does not.
	if ok, err := s.alreadyApplied(ctx, "mem://b/img", "flip-h@run1"); !ok || err != nil {
		t.Errorf("alreadyApplied: %v %v", ok, err)
	}
	if ok, _ := s.alreadyApplied(ctx, "mem://b/img", "flip-h@run2"); ok {
		t.Error("a new run's mark matched")
	}
	fi, _ := s.Stat(ctx, "mem://b/img")
	if _, err := s.Create(mctx, "mem://b/img", createOptions{Unchanged: &fi.ID}, write("v3")); !errors.Is(err, errAlreadyApplied) {
		t.Errorf("second in-place commit of one run: %v", err)
	}
	// The precondition: an object changed since it was read is left.
	if _, err := s.Create(withMark(ctx, "flip-h@run2"), "mem://b/img", createOptions{Unchanged: &id}, write("v4")); !errors.Is(err, errChanged) {
		t.Errorf("stale identity: %v, want errChanged", err)
	}
	if got := readObject(t, s, "mem://b/img"); string(got) != "v2" {
		t.Errorf("content %q, want v2", got)
	}
}

func TestBlobListPagesAndGlob(t *testing.T) {
	ctx := context.Background()
	s := newBlobStore()
	defer s.Close()
	b, _, _ := s.open(ctx, "mem://b/")
	n := listPageSize*2 + 7 // three pages
	for i := 0; i < n; i++ {
		b.WriteAll(ctx, fmt.Sprintf("in/%05d.png", i), []byte{1}, nil)
	}
	b.WriteAll(ctx, "in/sub/z.png", []byte{1}, nil)
	b.WriteAll(ctx, "inx/other.png", []byte{1}, nil)
	var names []string
	var dirs int
	err := s.List(ctx, "mem://b/in", false, func(name string, fi fileInfo, err error) error {
		if fi.IsDir() {
			dirs++
		}
		names = append(names, name)
		return err
	})
	if err != nil || len(names) != n+1 || dirs != 1 || names[0] != "mem://b/in/00000.png" || names[n] != "mem://b/in/sub" {
		t.Fatalf("flat listing: %d names, %d dirs, %v", len(names), dirs, err)
	}
	count := 0
	prev := ""
	s.List(ctx, "mem://b/in/", true, func(name string, fi fileInfo, err error) error {
		if !fi.IsRegular() || name <= prev {
			t.Errorf("recursive listing: %s after %s (%v)", name, prev, fi.Mode)
		}
		prev = name
		count++
		return nil
	})
	if count != n+1 {
		t.Errorf("recursive listing: %d objects, want %d", count, n+1)
	}
	got, err := s.Glob(ctx, "mem://b/in/0000[0-2].png")
	if err != nil || len(got) != 3 || got[2] != "mem://b/in/00002.png" {
		t.Errorf("glob: %v %v", got, err)
	}
}

func TestURLStoreRoutes(t *testing.T) {
	ctx := context.Background()
	s := newURLStore(localStore{})
	defer s.Close()
	dir := t.TempDir()
	putObject(t, s, "file://"+dir+"/a", createOptions{}, []byte("local"))
	putObject(t, s, dir+"/b", createOptions{}, []byte("plain"))
	putObject(t, s, "mem://b/a", createOptions{}, []byte("object"))
	if got := readObject(t, localStore{}, dir+"/a"); string(got) != "local" {
		t.Errorf("file:// did not go to the local store: %q", got)
	}
	if got := readObject(t, s, "mem://b/a"); string(got) != "object" {
		t.Errorf("mem://: %q", got)
	}
	if _, err := s.Stat(ctx, "mem://b/b"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a local file seen in the bucket: %v", err)
	}
}
