//go:build linux && cloud

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"gocloud.dev/blob"
)

// Shards killed with SIGKILL in the middle of a run over gofakes3, and
// retried: the retry finishes exactly what is missing, and no object is
// ever partial or transformed twice. The child is the pixtool binary;
// the server runs in the test, on 127.0.0.1.

// killWhen starts pixtool with args and kills it with SIGKILL once ready
// reports true (polled), or fails the test after 30 s.
func killWhen(t *testing.T, ready func() bool, args ...string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(30 * time.Second)
	for !ready() {
		select {
		case err := <-exited:
			t.Fatalf("pixtool ended before the kill (%v): %s", err, stderr.String())
		case <-deadline:
			cmd.Process.Kill()
			<-exited
			t.Fatalf("nothing to kill at within 30 s: %s", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Fatal("pixtool finished before the kill")
	} else if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("pixtool ended by %v, not by the kill: %s", err, stderr.String())
	}
}

// TestURLKilledShardRetried kills a shard of an --out batch mid-run and
// retries it with --skip-existing, twice over: each time the outputs the
// killed run left are whole, and the retry does exactly the rest.
func TestURLKilledShardRetried(t *testing.T) {
	b := s3Bucket(t)
	all := seedImages(t, b, "in/", 120, nil)
	sh := shard{1, 2}
	mine := map[string]img{}
	for rel, m := range all {
		if sh.contains(rel) {
			mine[rel] = m
		}
	}
	args := []string{"flip", "--horizontal", "-r", "--json", "--jobs", "2", "--shard", "1/2", "--out", b.url("out/"), b.url("in/")}
	raw := b.raw(t)
	ctx := context.Background()
	for trial, at := range []int{3, 25} {
		for rel := range objects(t, b, "out/") {
			raw.Delete(ctx, "out/"+rel)
		}
		killWhen(t, func() bool { return len(objects(t, b, "out/")) >= at }, append(args, "--test-delay", "40ms")...)
		left := objects(t, b, "out/")
		if len(left) >= len(mine) {
			t.Fatalf("trial %d: the killed run left %d of %d outputs", trial, len(left), len(mine))
		}
		for rel, data := range left {
			g, err := decodePNM(data)
			if err != nil || sameImage(g, mine[rel].flipH()) != "" {
				t.Errorf("trial %d: %s left by the killed run is not a whole flipped image (%v)", trial, rel, err)
			}
		}
		r := runStore(b.store(t), nil, append(args, "--skip-existing")...)
		_, sum, err := parseStream([]byte(r.stdout))
		if r.code != 0 || err != nil || sum.Existing != len(left) || sum.Done != len(mine)-len(left) || sum.Failed != 0 {
			t.Fatalf("trial %d: retry exit %d, summary %+v after %d left\n%s", trial, r.code, sum, len(left), r.stderr)
		}
		checkOutputs(t, mine, objects(t, b, "out/"), img.flipH)
	}
}

// TestURLInPlaceKilledRetried kills an in-place run mid-way and retries
// it with the same --run-id: every object is flipped exactly once, the
// killed run's objects are skipped by their mark, and user metadata is
// kept.
func TestURLInPlaceKilledRetried(t *testing.T) {
	b := s3Bucket(t)
	want := seedImages(t, b, "in/", 60, &blob.WriterOptions{Metadata: map[string]string{"owner": "ann"}})
	raw := b.raw(t)
	ctx := context.Background()
	marked := func() (n int) {
		for rel := range want {
			if a, err := raw.Attributes(ctx, "in/"+rel); err == nil && a.Metadata[markOpKey] != "" {
				n++
			}
		}
		return n
	}
	args := []string{"flip", "--horizontal", "--in-place", "-r", "--json", "--jobs", "2", "--run-id", "job9", b.url("in/")}
	killWhen(t, func() bool { return marked() >= 5 }, append(args, "--test-delay", "40ms")...)
	got := objects(t, b, "in/")
	flipped := 0
	for rel, m := range want {
		g, err := decodePNM(got[rel])
		a, aerr := raw.Attributes(ctx, "in/"+rel)
		switch {
		case err != nil || aerr != nil:
			t.Fatalf("%s after the kill: %v %v", rel, err, aerr)
		case sameImage(g, m.flipH()) == "" && a.Metadata[markOpKey] == "flip flip-horizontal@job9":
			flipped++
		case sameImage(g, m) == "" && a.Metadata[markOpKey] == "":
		default:
			t.Errorf("%s after the kill: neither the original nor the marked flip (mark %q)", rel, a.Metadata[markOpKey])
		}
	}
	if flipped == 0 || flipped == len(want) {
		t.Fatalf("the kill left %d of %d flipped", flipped, len(want))
	}
	for retry, wantDone := range []int{len(want) - flipped, 0} {
		r := runStore(b.store(t), nil, args...)
		_, sum, err := parseStream([]byte(r.stdout))
		if r.code != 0 || err != nil || sum.Done != wantDone || sum.Existing != len(want)-wantDone {
			t.Fatalf("retry %d: exit %d, summary %+v\n%s", retry, r.code, sum, r.stderr)
		}
	}
	checkOutputs(t, want, objects(t, b, "in/"), img.flipH)
	if a, err := raw.Attributes(ctx, "in/d0/img0000.ppm"); err != nil || a.Metadata["owner"] != "ann" {
		t.Errorf("user metadata after the edit: %v %v", a, err)
	}
}

// TestURLListingMemory lists 200 and 20,000 objects in one batch each
// (a shard of one in a thousand, so the listing is what grows) and
// compares the peak RSS of the two runs: the listing is streamed, so the
// larger one may cost at most half as much again.
func TestURLListingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 20,000 objects")
	}
	q, backend := fakeS3(t, "photos")
	data := ppm(pattern(5, 3, 3, 8))
	for _, n := range []int{200, 20000} {
		for i := range n {
			key := fmt.Sprintf("n%d/d%d/img%05d.ppm", n, i%10, i)
			if _, err := backend.PutObject("photos", key, nil, bytes.NewReader(data), int64(len(data)), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	peak := func(n int) int64 {
		best := int64(-1)
		for range 2 {
			cmd := exec.Command(binary, "flip", "--horizontal", "-r", "-q", "--shard", "0/1000", "--skip-existing",
				"--out", fmt.Sprintf("s3://photos/out%d/%s", n, q), fmt.Sprintf("s3://photos/n%d/%s", n, q))
			if rss := vmHWM(t, cmd); best < 0 || rss < best {
				best = rss
			}
		}
		return best
	}
	small, large := peak(200), peak(20000)
	t.Logf("peak RSS listing 200 objects: %d kB, 20,000: %d kB (%.2fx)", small, large, float64(large)/float64(small))
	if float64(large) > 1.5*float64(small) {
		t.Errorf("listing 20,000 objects peaks at %d kB, more than 1.5x the %d kB of 200", large, small)
	}
}

// vmHWM runs cmd and returns its peak resident set size in kB, read from
// /proc/PID/status while it runs (the last reading before it exits; the
// high-water mark only grows). The rusage of a child is no measure: Linux
// carries the parent's peak into a child forked from it across exec.
func vmHWM(t *testing.T, cmd *exec.Cmd) int64 {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	var hwm int64
	for {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			if hwm == 0 {
				t.Fatal("no reading of VmHWM before the process exited")
			}
			return hwm
		case <-time.After(2 * time.Millisecond):
			data, err := os.ReadFile(status)
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(data), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					var kb int64
					if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil && kb > hwm {
						hwm = kb
					}
				}
			}
		}
	}
}
