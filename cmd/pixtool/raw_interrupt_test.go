//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestRawInterrupt interrupts a stream as Ctrl-C in a pipeline does: the
// producer stops mid-frame and pixtool gets SIGINT. The whole frames are
// out, the partial one is not an error, and the exit code is 130.
func TestRawInterrupt(t *testing.T) {
	in := frames(2, 5, 3, 3)
	cmd := exec.Command(binary, "flip", "--horizontal", "--raw", "5x3", "-q")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	want := rawBytes([]img{in[0].flipH(), in[1].flipH()})
	if _, err := stdin.Write(append(rawBytes(in), 9, 9)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); stdout.Len() < len(want) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the signal land before the end of input
	stdin.Close()
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr %q", err, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("stdout holds %d bytes, want the %d of two flipped frames", stdout.Len(), len(want))
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q, want nothing with --quiet", stderr.String())
	}
}
