package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// initRecord is one line of GODEBUG=inittrace=1: the initialisation of
// one package.
type initRecord struct {
	pkg           string
	bytes, allocs int
}

// initTrace runs the test binary's --version with GODEBUG=inittrace=1 and
// returns the packages it initialised.
func initTrace(t *testing.T) []initRecord {
	t.Helper()
	cmd := exec.Command(binary, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "GOMAXPROCS=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pixtool --version: %v\n%s", err, stderr.String())
	}
	// init github.com/spf13/cobra @5.1 ms, 0.017 ms clock, 1192 bytes, 14 allocs
	var recs []initRecord
	sc := bufio.NewScanner(bytes.NewReader(stderr.Bytes()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			t.Fatalf("unreadable inittrace line %q", sc.Text())
		}
		recs = append(recs, initRecord{f[1], b, a})
	}
	if len(recs) == 0 {
		t.Fatalf("no inittrace lines in\n%s", stderr.String())
	}
	return recs
}

// TestStartupInit guards pixtool's fixed cost, which every whole command
// pays: what its packages do before main runs, as GODEBUG=inittrace=1
// reports it. pixview's own packages build no big tables at init (each
// allocates at most 16 KiB; the largest, main, measured 13 KiB), and
// packages kept out of the start on purpose stay out: imagemeta's tag
// tables (2,960 allocations, ~2 ms) are only in codec/meta/exiftags. In
// the default build the number of packages initialised and what they
// allocate together stay under bounds set from measurement: 65 packages
// and 59 KB on 2026-11-30 (193 and 516 KB before gocloud.dev, imagemeta
// and the progress bar library, which brought net/http and crypto/tls,
// left the start), and neither net/http nor crypto/tls is initialised.
func TestStartupInit(t *testing.T) {
	const (
		maxOwnBytes   = 16 << 10
		maxPackages   = 80
		maxTotalBytes = 96 << 10
	)
	recs := initTrace(t)
	total := 0
	for _, r := range recs {
		total += r.bytes
		own := r.pkg == "main" || strings.HasPrefix(r.pkg, "github.com/pixview/pixview")
		if own && r.bytes > maxOwnBytes {
			t.Errorf("%s allocates %d bytes (%d allocations) at init; build it when first needed (sync.OnceValue)", r.pkg, r.bytes, r.allocs)
		}
		if r.pkg == "github.com/bep/imagemeta" {
			t.Errorf("%s is initialised at every start: only codec/meta/exiftags may import it", r.pkg)
		}
	}
	if strings.Contains(binaryTags, "cloud") {
		return // the drivers' SDKs are the cost of that build
	}
	for _, r := range recs {
		if r.pkg == "net/http" || r.pkg == "crypto/tls" {
			t.Errorf("%s is initialised at start: an image tool's start has no use for it (see go list -deps ./cmd/pixtool)", r.pkg)
		}
	}
	if len(recs) > maxPackages {
		t.Errorf("%d packages initialised at start, more than %d", len(recs), maxPackages)
	}
	if total > maxTotalBytes {
		t.Errorf("%d bytes allocated by package initialisation, more than %d", total, maxTotalBytes)
	}
}
