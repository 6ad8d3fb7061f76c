//go:build cloud

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

// azuriteVersion is the Azurite that .ci/run installs: the newest whose
// package allows Node.js 20 (3.36 and later need Node 22).
const azuriteVersion = "3.35.0"

// azuriteBlob returns the path of Azurite's blob service, from $PATH or
// where .ci/run installs it; without it the test fails under CI=true and
// is skipped otherwise, naming the tool.
func azuriteBlob(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("azurite-blob"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "pixview", "azurite", "node_modules", ".bin", "azurite-blob")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "azurite-blob not found (npm install --prefix ~/.cache/pixview/azurite azurite@" + azuriteVersion + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// azBucket starts Azurite's blob service on 127.0.0.1 at a free port, in
// memory, with a container "photos", and returns an azblob:// bucket on it
// (the emulator's well-known account and key, given by the environment).
func azBucket(t *testing.T) bucket {
	t.Helper()
	bin := azuriteBlob(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "--blobHost", "127.0.0.1", "--blobPort", fmt.Sprint(port),
		"--inMemoryPersistence", "--silent", "--skipApiVersionCheck")
	cmd.Dir = t.TempDir() // its debug log, if any
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Azurite did not listen on %s within 30 s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Setenv("AZURE_STORAGE_ACCOUNT", "devstoreaccount1")
	t.Setenv("AZURE_STORAGE_KEY", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
	for _, v := range []string{"AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGEBLOB_CONNECTIONSTRING", "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_DOMAIN", "AZURE_STORAGE_PROTOCOL", "AZURE_STORAGE_IS_LOCAL_EMULATOR"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	s := newURLStore(localStore{})
	t.Cleanup(func() { s.Close() })
	b := bucket{root: "azblob://photos", query: "?localemu=true&protocol=http&domain=" + addr, check: s}
	var c *container.Client
	if !b.raw(t).As(&c) {
		t.Fatal("the azblob bucket is not a container client")
	}
	if _, err := c.Create(context.Background(), nil); err != nil {
		t.Fatalf("creating the container: %v", err)
	}
	return b
}

// TestAzureBlobConditionalCreate: an output blob created by another writer
// after Create's own check is not replaced: the upload's If-None-Match: *
// is refused by the service.
func TestAzureBlobConditionalCreate(t *testing.T) {
	b := azBucket(t)
	s := b.check
	ctx := context.Background()
	name := b.url("out/x.ppm")
	putObject(t, s, name, createOptions{}, []byte("first"))
	if _, err := s.Create(ctx, name, createOptions{}, func(io.Writer) error { return nil }); !errors.Is(err, errExists) {
		t.Errorf("existing output: %v, want errExists", err)
	}
	race := b.url("out/race.ppm")
	_, err := s.Create(ctx, race, createOptions{}, func(w io.Writer) error {
		putObject(t, s, race, createOptions{}, []byte("other"))
		_, err := w.Write([]byte("mine"))
		return err
	})
	if !errors.Is(err, errExists) {
		t.Errorf("output created by another writer meanwhile: %v, want errExists", err)
	}
	if got := readObject(t, s, race); string(got) != "other" {
		t.Errorf("the other writer's object was replaced: %q", got)
	}
	if _, err := s.Stat(ctx, b.url("out/none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing object: %v", err)
	}
	// A write that fails is aborted: nothing is committed.
	bad := b.url("out/aborted.ppm")
	if _, err := s.Create(ctx, bad, createOptions{}, func(w io.Writer) error {
		w.Write(make([]byte, 1<<16))
		return errors.New("encoder failed")
	}); err == nil {
		t.Fatal("a failed write succeeded")
	}
	if ok, err := b.raw(t).Exists(ctx, "out/aborted.ppm"); ok || err != nil {
		t.Errorf("a failed write left a blob (%v)", err)
	}
}
