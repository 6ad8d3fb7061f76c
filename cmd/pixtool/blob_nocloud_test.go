//go:build !cloud

package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoCloudDriver checks that a build without -tags cloud says how to get
// the driver of an object storage URL instead of failing obscurely, for
// every scheme (mem:// too: gocloud.dev is not linked at all), and that it
// links nothing of gocloud.dev, whose package initialisers every start
// would pay.
func TestNoCloudDriver(t *testing.T) {
	s := newURLStore(localStore{})
	defer s.Close()
	ctx := context.Background()
	for _, u := range []string{"s3://bucket/k.png", "gs://bucket/k.png", "azblob://bucket/k.png", "mem://bucket/k.png"} {
		_, err := s.Stat(ctx, u)
		if !errors.Is(err, errNoDriver) || !strings.Contains(err.Error(), "-tags cloud") {
			t.Errorf("Stat(%s) = %v, want an error wrapping errNoDriver that names -tags cloud", u, err)
		}
		if _, err := s.Create(ctx, u, createOptions{}, nil); !errors.Is(err, errNoDriver) {
			t.Errorf("Create(%s) = %v, want errNoDriver", u, err)
		}
	}
	dir := t.TempDir()
	writePNM(t, filepath.Join(dir, "a.ppm"), pattern(2, 1, 3, 8), "P6")
	for _, args := range [][]string{
		{"flip", "--horizontal", "s3://bucket/in/", "--out", filepath.Join(dir, "out")},
		{"flip", "--horizontal", "a.ppm", "--out", "mem://bucket/out/"},
	} {
		r := mustRun(t, dir, exitFailure, args...)
		if !strings.Contains(r.stderr, "-tags cloud") {
			t.Errorf("pixtool %v: stderr does not say to build with -tags cloud:\n%s", args, r.stderr)
		}
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if strings.Contains(string(out), "gocloud.dev") {
		t.Errorf("the default build links gocloud.dev:\n%s", grepLines(string(out), "gocloud.dev"))
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
