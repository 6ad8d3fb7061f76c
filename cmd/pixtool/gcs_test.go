//go:build cloud

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/fsouza/fake-gcs-server/fakestorage"
	"gocloud.dev/blob"
)

// gsBucket returns a gs:// bucket on fake-gcs-server, started in process
// on 127.0.0.1 (never another address); the gcs driver reaches it through
// $STORAGE_EMULATOR_HOST, without credentials.
func gsBucket(t *testing.T) bucket {
	// The client reads objects through the XML API at the emulator's
	// host, which the server serves only under its public host name: the
	// port is chosen first.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		Scheme: "http", Host: "127.0.0.1", Port: uint16(port), Writer: io.Discard,
		PublicHost: fmt.Sprintf("127.0.0.1:%d", port),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	srv.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: "photos"})
	// host:port: the client adds the scheme.
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(srv.URL(), "http://"))
	s := newURLStore(localStore{})
	t.Cleanup(func() { s.Close() })
	return bucket{root: "gs://photos", check: s}
}

// TestGCSInPlaceKeepsStorageClass: an in-place edit on GCS writes the new
// object in the source's storage class (gocloud.dev's portable attributes
// do not carry it), and an object without one gets none.
func TestGCSInPlaceKeepsStorageClass(t *testing.T) {
	b := gsBucket(t)
	want := seedImages(t, b, "cold/", 2, &blob.WriterOptions{BeforeWrite: keepGCSClass("NEARLINE")})
	seedImages(t, b, "plain/", 1, nil)
	raw := b.raw(t)
	ctx := context.Background()
	class := func(key string) string {
		t.Helper()
		a, err := raw.Attributes(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		var attrs storage.ObjectAttrs
		if !a.As(&attrs) {
			t.Fatal("the attributes are not GCS's")
		}
		return attrs.StorageClass
	}
	if got := class("cold/d1/img0001.ppm"); got != "NEARLINE" {
		t.Fatalf("seeded storage class %q: the emulator does not keep it", got)
	}
	plain := class("plain/d0/img0000.ppm")
	r := runStore(b.store(t), nil, "flip", "--horizontal", "--in-place", "-r", b.url("cold/"), b.url("plain/"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	checkOutputs(t, want, objects(t, b, "cold/"), img.flipH)
	for _, key := range []string{"cold/d0/img0000.ppm", "cold/d1/img0001.ppm"} {
		if got := class(key); got != "NEARLINE" {
			t.Errorf("%s: storage class %q after the edit, want NEARLINE", key, got)
		}
	}
	if got := class("plain/d0/img0000.ppm"); got != plain {
		t.Errorf("plain/d0/img0000.ppm: storage class %q after the edit, want %q as before", got, plain)
	}
}
