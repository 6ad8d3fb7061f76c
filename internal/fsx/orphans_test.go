package fsx

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		tempName("a.ppm"):                          true,
		tempName(string(make([]byte, 300))):        true,
		".a.ppm.pixview-tmp-0123456789abcdef":      true,
		".a.ppm.pixview-tmp-0123456789ABCDEF":      false,
		".a.ppm.pixview-tmp-0123456789abcde":       false,
		"a.ppm.pixview-tmp-0123456789abcdef":       false,
		".pixview-tmp-0123456789abcdef":            false,
		".a.ppm.tmp123":                            false,
		".a.ppm.pixview-tmp-0123456789abcdef.orig": false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
	if n := len(tempName(string(make([]byte, 255)))); n > 255 {
		t.Errorf("temporary name of a 255-byte name is %d bytes", n)
	}
}

func FuzzIsTemp(f *testing.F) {
	f.Add("a.ppm")
	f.Add(".x.pixview-tmp-0123456789abcdef")
	f.Fuzz(func(t *testing.T, base string) {
		if !IsTemp(tempName(base)) {
			t.Errorf("IsTemp(tempName(%q)) is false", base)
		}
		IsTemp(base)
	})
}

// TestCleanOrphans: an orphan (no lock) is removed, a live writer's
// temporary file (lock held by another process) is not, until that
// process dies; look-alikes are never touched.
func TestCleanOrphans(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "a.ppm")
	mustWrite(t, target, "old", 0o644)
	orphan := filepath.Join(dir, tempName("b.ppm"))
	mustWrite(t, orphan, "half", 0o644)
	keep := []string{".c.ppm.pixview-tmp-xyz", ".d.ppm.tmp12"}
	for _, n := range keep {
		mustWrite(t, filepath.Join(dir, n), "", 0o644)
	}
	os.Symlink(target, filepath.Join(dir, tempName("e.ppm")))
	os.Mkdir(filepath.Join(dir, tempName("f.ppm")), 0o755)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FSX_CHILD=hold", "FSX_PATH="+target)
	cmd.Stderr = os.Stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if !bufio.NewScanner(out).Scan() {
		t.Fatal("child did not start writing")
	}
	live := slices.DeleteFunc(tempsIn(t, dir), func(n string) bool {
		return !IsTemp(n) || !isRegular(filepath.Join(dir, n)) || filepath.Join(dir, n) == orphan
	})
	if len(live) != 1 {
		t.Fatalf("live temporary files %v, want one", live)
	}

	removed, err := CleanOrphans(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{orphan}) {
		t.Errorf("removed %v, want only the orphan %s", removed, orphan)
	}
	if !isRegular(filepath.Join(dir, live[0])) {
		t.Fatal("a live writer's temporary file was removed")
	}

	cmd.Process.Kill()
	cmd.Wait()
	removed, err = CleanOrphans(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{filepath.Join(dir, live[0])}) {
		t.Errorf("after the writer died removed %v, want %s", removed, live[0])
	}
	for _, n := range append(keep, "a.ppm") {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if mustRead(t, target) != "old" {
		t.Error("target changed")
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 5 { // a.ppm, the two look-alikes, the symlink, the directory
		t.Errorf("%d entries left, want 5", len(es))
	}
}

func isRegular(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular()
}
