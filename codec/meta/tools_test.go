package meta

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// needTool skips the test when an outside tool is missing, except under
// CI, which installs them all and must not pass by skipping.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed under CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

// run runs an outside tool with a timeout and returns its standard output.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	needTool(t, name)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%.300s: %v\n%s", strings.Join(append([]string{name}, args...), " "), err, msg)
	}
	return out
}

// exifJSON returns exiftool's tags of a file (-j with the given options),
// as one map.
func exifJSON(t *testing.T, path string, opts ...string) map[string]any {
	t.Helper()
	return exifJSONs(t, []string{path}, opts...)[0]
}

// exifJSONs returns exiftool's tags of several files, read in one run
// because exiftool takes most of its time starting.
func exifJSONs(t *testing.T, paths []string, opts ...string) []map[string]any {
	t.Helper()
	out := run(t, "exiftool", append(append(append([]string{"-j"}, opts...), "--"), paths...)...)
	var v []map[string]any
	if err := json.Unmarshal(out, &v); err != nil || len(v) != len(paths) {
		t.Fatalf("exiftool -j %v: %v\n%.300s", paths, err, out)
	}
	// exiftool keeps the order of its arguments; check rather than trust.
	for i, p := range paths {
		if v[i]["SourceFile"] != p {
			t.Fatalf("exiftool answered for %v in place of %s", v[i]["SourceFile"], p)
		}
	}
	return v
}
