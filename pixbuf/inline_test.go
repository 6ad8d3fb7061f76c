package pixbuf

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestViewsInline checks, from the compiler's own report, that every view
// method and At and Set stay small enough to inline. A view's 6-8 ns, and
// the benchmark target against SubImage, depend on it: Rotate out of line
// took 17 ns. It compiles this package's tests once more with -m=2 (a few
// seconds) and reads the verdicts for the uint8 shape.
func TestViewsInline(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to read the compiler's inlining report: %v", err)
	}
	out, err := exec.Command(goTool, "test", "-c", "-o", filepath.Join(t.TempDir(), "pixbuf.test"),
		"-gcflags=github.com/pixview/pixview/pixbuf=-m=2", "github.com/pixview/pixview/pixbuf").CombinedOutput()
	if err != nil {
		t.Fatalf("compiling with -m=2: %v\n%s", err, out)
	}
	verdict := regexp.MustCompile(`(can|cannot) inline View\[go\.shape\.uint8\]\.(\w+)\b`)
	inlines := map[string]bool{}
	for _, m := range verdict.FindAllSubmatch(out, -1) {
		inlines[string(m[2])] = string(m[1]) == "can"
	}
	for _, name := range []string{"Crop", "Row", "Col", "Channel", "ChannelRange", "FlipH", "FlipV",
		"Transpose", "Rotate", "Orient", "AsReadOnly", "At", "Set"} {
		ok, seen := inlines[name]
		switch {
		case !seen:
			t.Errorf("%s: the compiler said nothing about inlining it", name)
		case !ok:
			t.Errorf("%s no longer inlines", name)
		}
	}
}
