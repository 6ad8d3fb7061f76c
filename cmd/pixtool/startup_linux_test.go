package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestStartupPageFaults guards the fixed cost of starting pixtool where it
// lies on the project's VM: page faults (~17 µs each there; a Go binary's
// start is mostly its runtime touching fresh pages), counted by the
// kernel, so the bound holds under any load. pixtool, built as README's
// Install says (CGO_ENABLED=0: a static binary), starts --version with at
// most maxExtra page faults more than a static hello-world Go program
// built by the same toolchain: measured 286 against 156 (+130) on
// 2026-11-30; a build linking libc through cgo took 348 (+192), and each
// package initialiser that fills a table of its own adds its pages.
func TestStartupPageFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	const maxExtra = 160
	dir := t.TempDir()
	hello := filepath.Join(dir, "hello")
	if err := os.Mkdir(hello, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hello\\n\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(hello, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(dst, src string) {
		t.Helper()
		cmd := exec.Command("go", "build", "-o", dst, ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build in %s: %v\n%s", src, err, out)
		}
	}
	build(filepath.Join(dir, "hello.bin"), hello)
	build(filepath.Join(dir, "pixtool"), ".")
	base := leastFaults(t, filepath.Join(dir, "hello.bin"))
	got := leastFaults(t, filepath.Join(dir, "pixtool"), "--version")
	t.Logf("pixtool --version: %d page faults, hello world %d", got, base)
	if got > base+maxExtra {
		t.Errorf("pixtool --version took %d page faults, %d more than a hello-world Go program (%d); at most %d more "+
			"(see what its start touches: perf record -e page-faults -g, GODEBUG=inittrace=1)", got, got-base, base, maxExtra)
	}
}

// leastFaults returns the fewest page faults (minor and major) of five
// runs of the program with GOMAXPROCS=1, as the report runs pixtool.
func leastFaults(t *testing.T, prog string, args ...string) int64 {
	t.Helper()
	least := int64(-1)
	for range 5 {
		cmd := exec.Command(prog, args...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", prog, err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if n := int64(ru.Minflt) + int64(ru.Majflt); least < 0 || n < least {
			least = n
		}
	}
	return least
}
