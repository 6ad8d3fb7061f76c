package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tinyWorkload is small enough to prepare in a test.
func tinyWorkload(t *testing.T) workload {
	return workload{w: 8, h: 5, batchFiles: 3, frameW: 4, frameH: 2, frames: 3, jpegW: 8, jpegH: 8, jpegFiles: 2,
		photoW: 32, photoH: 16, photoBatch: 2, s3Objects: 2, diskDir: t.TempDir(), runs: 1, heavyRuns: 1}
}

// needTool skips the test without the outside tool, unless CI is set.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

func TestPrepareWritesInputs(t *testing.T) {
	dir := t.TempDir()
	wl := tinyWorkload(t)
	pl, err := prepare(dir, wl, binaries{})
	if err != nil {
		t.Fatal(err)
	}
	defer pl.close()
	for _, s := range pl.specs {
		if pl.tasks[s.task] == "" {
			t.Errorf("task %q has no description", s.task)
		}
		if s.bytes <= 0 && s.absent == "" && s.task != "startup" {
			t.Errorf("%s %s moves no bytes", s.task, s.tool)
		}
	}
	one, err := os.ReadFile(filepath.Join(dir, "one.ppm"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(one, []byte("P6\n8 5\n255\n")) || len(one) != len("P6\n8 5\n255\n")+8*5*3 {
		t.Errorf("one.ppm is %d bytes starting %q", len(one), one[:min(len(one), 12)])
	}
	batch, _ := os.ReadDir(filepath.Join(dir, "batch"))
	jpegs, _ := os.ReadDir(filepath.Join(dir, "jpegs"))
	photos, _ := os.ReadDir(filepath.Join(dir, "photos"))
	if len(batch) != 3 || len(jpegs) != 2 || len(photos) != 2 {
		t.Errorf("%d batch files, %d JPEGs, %d photos, want 3, 2 and 2", len(batch), len(jpegs), len(photos))
	}
	if st, err := os.Stat(filepath.Join(dir, "frames.raw")); err != nil || st.Size() != 4*2*3*3 {
		t.Errorf("frames.raw: %v, %v", st, err)
	}
	// The disk batch is on the workload's disk directory, and the plan
	// removes it when it closes.
	disk, _ := filepath.Glob(filepath.Join(wl.diskDir, "pixview-bench-disk-*", "batch", "*.ppm"))
	if len(disk) != 3 {
		t.Errorf("%d PPMs in the disk batch, want 3", len(disk))
	}
	// With no pixtool binary, its rows fail rather than vanish or pass as absent.
	for _, s := range pl.specs {
		if strings.HasPrefix(s.tool, "pixtool") {
			if r := runCmd(s, 1, ""); r.status != statusFailed || !strings.Contains(r.note, "did not build") {
				t.Errorf("%s %s with no pixtool: %s %q, want failed: did not build", s.task, s.tool, r.status, r.note)
			}
		}
	}
	if err := pl.close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(wl.diskDir, "pixview-bench-disk-*")); len(left) != 0 {
		t.Errorf("the plan left %v", left)
	}
}

// TestEveryTaskHasItsReferenceFirst checks the plan's shape: every task
// the targets name is planned, its rows in one run, and each target's
// tools are rows of its task.
func TestEveryTaskHasItsReferenceFirst(t *testing.T) {
	pl, err := prepare(t.TempDir(), tinyWorkload(t), binaries{"pixtool", "pixtool"})
	if err != nil {
		t.Fatal(err)
	}
	defer pl.close()
	groups := byTask(pl.specs)
	seen := map[string]bool{}
	for _, g := range groups {
		if seen[g[0].task] {
			t.Errorf("task %s is split", g[0].task)
		}
		seen[g[0].task] = true
		if strings.HasPrefix(g[0].tool, "pixtool") && g[0].task != "jobs-scaling" && g[0].task != "storage-s3" {
			t.Errorf("task %s starts with %s: the reference comes first", g[0].task, g[0].tool)
		}
	}
	var rows []cmdRow
	for _, s := range pl.specs {
		rows = append(rows, cmdRow{task: s.task, tool: s.tool, status: statusOK, secs: []float64{1}, rssKB: 1})
	}
	for _, c := range verdicts(inputs{res: newResults(nil), cmds: rows}) {
		if c.cmd && c.v == unmeasured {
			t.Errorf("target %q names a task or tool the plan lacks: %s", c.text, c.measured)
		}
	}
}

// TestInPlaceResetsRestoreInputs checks that the reset of every command
// that changes its input puts back the bytes the first run saw.
func TestInPlaceResetsRestoreInputs(t *testing.T) {
	dir := t.TempDir()
	pl, err := prepare(dir, tinyWorkload(t), binaries{"pixtool", "pixtool"})
	if err != nil {
		t.Fatal(err)
	}
	defer pl.close()
	n := 0
	for _, s := range pl.specs {
		if !slices.Contains(s.argv, "--in-place") && !slices.Contains(s.argv, "-ai") || s.absent != "" {
			continue
		}
		n++
		if s.reset == nil {
			t.Fatalf("%s %s works in place and restores nothing", s.task, s.tool)
		}
		if err := s.reset(); err != nil { // what the first run sees
			t.Fatal(err)
		}
		target := s.argv[len(s.argv)-1]
		files := []string{target}
		if st, err := os.Stat(target); err == nil && st.IsDir() {
			files, _ = filepath.Glob(filepath.Join(target, "*"))
		}
		want := map[string][]byte{}
		for _, f := range files {
			want[f], _ = os.ReadFile(f)
			if err := os.WriteFile(f, []byte("changed"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.reset(); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if got, _ := os.ReadFile(f); len(want[f]) == 0 || !bytes.Equal(got, want[f]) {
				t.Errorf("%s %s: %s not restored: %q", s.task, s.tool, f, got[:min(len(got), 12)])
			}
		}
	}
	if n < 4 {
		t.Errorf("%d in-place commands, want flip-ppm's, the two batches' and orient's", n)
	}
}

// TestPhotoInputs checks the JPEG tasks' inputs with the tools that judge
// them: a q90 4:2:0 JPEG of the photo's size, with EXIF, a progressive
// twin and an Orientation 6 copy.
func TestPhotoInputs(t *testing.T) {
	for _, tool := range []string{"cjpeg", "djpeg", "jpegtran", "exiftool"} {
		needTool(t, tool)
	}
	dir := t.TempDir()
	ps, err := makePhotos(dir, 64, 48)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("exiftool", "-n", "-s3", "-ImageWidth", "-ImageHeight", "-YCbCrSubSampling", "-Orientation", "-Make", "-ThumbnailLength", ps.jpg).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(out)); len(got) != 7 || strings.Join(got[:6], " ") != "64 48 2 2 1 Pixview" {
		t.Errorf("exiftool says %q, want 64 48, 4:2:0 (2 2), Orientation 1, Make Pixview, a thumbnail", got)
	}
	if out, _ := exec.Command("exiftool", "-n", "-s3", "-Orientation", ps.rotated).Output(); strings.TrimSpace(string(out)) != "6" {
		t.Errorf("the rotated copy has Orientation %q", out)
	}
	if out, _ := exec.Command("exiftool", "-s3", "-EncodingProcess", ps.progressive).Output(); !strings.Contains(string(out), "Progressive") {
		t.Errorf("the progressive twin is %q", out)
	}
	if b, err := os.ReadFile(ps.ppm); err != nil || !bytes.HasPrefix(b, []byte("P6\n64 48\n255\n")) {
		t.Errorf("the decoded PPM: %v, %q", err, b[:min(len(b), 12)])
	}
	if ps.size <= 0 || ps.made == "" {
		t.Errorf("size %d, made %q", ps.size, ps.made)
	}
}

// TestPhotoRaster checks what makes the photo a photo at 4x its source's
// size: steps between neighbours larger than its noise (±6) stay as
// common as in a photograph's own pixels, which scaling the source up
// alone would smooth away, yet most steps are small and many are none, as
// in no noise.
func TestPhotoRaster(t *testing.T) {
	src, from := photoSource()
	if src == nil {
		t.Skip("no source photograph (x/image testdata or GOROOT's)")
	}
	t.Logf("source %s, %v", from, src.Bounds())
	w, h := 4*src.Bounds().Dx(), 3*src.Bounds().Dx()
	r := photoRaster(w, h, src)
	if len(r) != w*h*3 {
		t.Fatalf("%d bytes", len(r))
	}
	var big, none int
	for i := 3; i < len(r); i += 3 {
		switch d := int(r[i]) - int(r[i-3]); {
		case d > 12 || d < -12:
			big++
		case d == 0:
			none++
		}
	}
	n := float64(len(r)/3 - 1)
	// Measured: 0.050 and 0.071 (the source scaled up alone: 0.011 and 0.083;
	// noise: 0.9 and 0.004).
	if fb, fn := float64(big)/n, float64(none)/n; fb < 0.03 || fb > 0.2 || fn < 0.03 {
		t.Errorf("%.3f of red steps between neighbours beyond 12 levels, %.3f none: want 0.03-0.2 and at least 0.03", fb, fn)
	}
	if mirrorTile(0, 5) != 0 || mirrorTile(4, 5) != 4 || mirrorTile(5, 5) != 4 || mirrorTile(9, 5) != 0 || mirrorTile(10, 5) != 0 {
		t.Error("mirrorTile does not mirror every other tile")
	}
	if got := aspectCrop(src.Bounds(), 4, 3); got.Dx()*3 != got.Dy()*4 && (got.Dx()+1)*3 < got.Dy()*4 {
		t.Errorf("aspectCrop to 4:3 gave %v", got)
	}
}

// TestJobsScalingPinsOneJobPerCPU checks that jobs-scaling times one job
// pinned to each CPU the workload names, each into its own directory, and
// none when it names none.
func TestJobsScalingPinsOneJobPerCPU(t *testing.T) {
	for _, cpus := range [][]int{nil, {2, 5}} {
		wl := tinyWorkload(t)
		wl.jobCPUs = cpus
		pl, err := prepare(t.TempDir(), wl, binaries{"pixtool", "pixtool"})
		if err != nil {
			t.Fatal(err)
		}
		var pins, outs []string
		for _, s := range pl.specs {
			if s.task == "jobs-scaling" && s.pin != "" {
				if s.tool != "pixtool --jobs 1 on CPU "+s.pin || !slices.Contains(s.needs, "taskset") {
					t.Errorf("pinned row %q (pin %s, needs %v)", s.tool, s.pin, s.needs)
				}
				pins = append(pins, s.pin)
				outs = append(outs, s.argv[len(s.argv)-2])
			}
		}
		pl.close()
		var want []string
		for _, c := range cpus {
			want = append(want, strconv.Itoa(c))
		}
		if !slices.Equal(pins, want) {
			t.Errorf("jobCPUs %v: rows pinned to %v", cpus, pins)
		}
		if len(outs) == 2 && outs[0] == outs[1] {
			t.Errorf("both pinned rows write into %s", outs[0])
		}
	}
}
