//go:build amd64 && !purego

package jpeg

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

const noAVX2Env = "PIXVIEW_JPEG_NOAVX2_CHILD"

// TestDecodeWithoutAVX2 runs the decoder's djpeg comparisons again in a
// process started with GODEBUG=cpu.avx2=off, so that a machine with AVX2
// judges the SSE2 kernels that machines without it use, whole decodes
// included.
func TestDecodeWithoutAVX2(t *testing.T) {
	if os.Getenv(noAVX2Env) != "" {
		t.Skip("in the child")
	}
	if !decHasAVX2 {
		t.Skip("no AVX2: the SSE2 kernels already ran in this process")
	}
	rdTool(t, "djpeg")
	tests := "^(TestNoAVX2Child|TestKernelsAgainstDjpeg|TestPixelsAgainstDjpeg|TestRegionLaw)$"
	args := []string{"-test.run=" + tests, "-test.v"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), noAVX2Env+"=1", "GODEBUG=cpu.avx2=off")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestNoAVX2Child")) ||
		!bytes.Contains(out, []byte("--- PASS: TestKernelsAgainstDjpeg")) {
		t.Fatalf("child without AVX2 failed: %v\n%s", err, out)
	}
}

// TestNoAVX2Child checks, in TestDecodeWithoutAVX2's child, that
// GODEBUG=cpu.avx2=off reached the kernel choice.
func TestNoAVX2Child(t *testing.T) {
	if os.Getenv(noAVX2Env) == "" {
		t.Skip("run by TestDecodeWithoutAVX2 in a subprocess")
	}
	if decHasAVX2 || encHasAVX2 {
		t.Fatal("GODEBUG=cpu.avx2=off did not turn the AVX2 kernels off")
	}
}
