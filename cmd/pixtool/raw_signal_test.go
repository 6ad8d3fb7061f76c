//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRawSignalWhileWaiting signals a stream that waits on an idle pipe,
// its input still open: it stops at once with 128+signal, and the frames
// it wrote are exactly the ones read before the signal. (Before issue #16
// it waited for the next frame, and then wrote it.)
func TestRawSignalWhileWaiting(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			in := frames(3, 5, 3, 3)
			cmd := exec.Command(binary, "flip", "--horizontal", "--raw", "5x3", "-q")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			var stdout, stderr syncBuffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			want := rawBytes([]img{in[0].flipH()})
			if _, err := stdin.Write(rawBytes(in[:1])); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(10 * time.Second); stdout.Len() < len(want) && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				// The old behaviour: blocked until the next frame comes.
				// Send it, and see whether it is written after the signal.
				stdin.Write(rawBytes(in[1:2]))
				stdin.Close()
				err = <-done
				t.Errorf("still running 10 s after %v while waiting for input", sig)
			}
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 128+int(sig) {
				t.Errorf("exit %v, want %d; stderr %q", err, 128+int(sig), stderr.String())
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("stdout holds %d bytes, want the %d of the one frame sent before the signal", stdout.Len(), len(want))
			}
		})
	}
}

// TestRawFrameCutOnFailure makes the output file fail part way through a
// frame, with a file size limit (prlimit --fsize, EFBIG) that is not a
// multiple of the frame size: the file ends with the last whole frame,
// the exit status is 1 and the error says what failed. A device that
// takes nothing (/dev/full) gets no frame and the same error status.
func TestRawFrameCutOnFailure(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("prlimit (util-linux) is needed in CI")
		}
		t.Skip("prlimit (util-linux) not installed")
	}
	dir := t.TempDir()
	in := frames(40, 5, 3, 3) // 45 bytes a frame
	cmd := exec.Command(prlimit, "--fsize=1000", "--", binary, "flip", "--horizontal", "--raw", "5x3", "--out", "out.raw", "-q")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(rawBytes(in))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1; stderr %q", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "writing frame 23") || !strings.Contains(stderr.String(), "file too large") {
		t.Errorf("stderr %q, want frame 23 failing with file too large", stderr.String())
	}
	var want []img
	for _, f := range in[:22] { // 22 frames are 990 bytes; the 23rd crosses 1000
		want = append(want, f.flipH())
	}
	got, err := os.ReadFile(filepath.Join(dir, "out.raw"))
	if err != nil || !bytes.Equal(got, rawBytes(want)) {
		t.Errorf("out.raw holds %d bytes (%v), want the %d of the 22 whole frames", len(got), err, len(rawBytes(want)))
	}

	r := pixtool(t, dir, bytes.NewReader(rawBytes(in)), "flip", "--horizontal", "--raw", "5x3", "--out", "/dev/full", "--force", "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "no space left on device") {
		t.Errorf("/dev/full: exit %d, stderr %q; want 1 and no space left on device", r.code, r.stderr)
	}
}
