//go:build cloud

package main

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"
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
