package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// s3Env points pixtool's S3 client at the local server, with fixed
// credentials and no shared configuration, so that nothing leaves the
// machine.
var s3Env = []string{
	"AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench", "AWS_SESSION_TOKEN=",
	"AWS_CONFIG_FILE=" + os.DevNull, "AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull, "AWS_EC2_METADATA_DISABLED=true",
}

// addStorageTask plans issue 17's comparison: one shard of a batch of
// photos flipped by pixtool built with the cloud drivers (-tags cloud) from
// one S3 bucket into another, on a gofakes3 server
// that the report runs in its own process on 127.0.0.1 (in memory), against
// the same shard over local files in tmpfs. Both sides run --jobs 2 with
// --shard 0/1, the shard that holds every file, so that both do the same
// work whatever key each side's hash sees. The inputs are copies of the
// JPEG tasks' photo, which addJPEGTasks wrote. The rows are absent, saying
// why, when pixtool does not take s3:// URLs: a one-object probe runs first.
func addStorageTask(p *plan, dir string, wl workload, bins binaries) error {
	pixtool := bins.pixtoolCloud
	const task = "storage-s3"
	at := join(dir)
	photo, err := os.ReadFile(at("photo.jpg"))
	if err != nil {
		return fmt.Errorf("%s needs the JPEG tasks' photo: %w", task, err)
	}
	local, localOut := at("s3-local"), at("s3-local-out")
	if err := os.Mkdir(local, 0o755); err != nil {
		return err
	}
	backend := s3mem.New()
	for _, b := range []string{"photos", "flipped"} {
		if err := backend.CreateBucket(b); err != nil {
			return err
		}
	}
	for i := range wl.s3Objects {
		name := fmt.Sprintf("%03d.jpg", i)
		if err := os.WriteFile(at("s3-local/"+name), photo, 0o644); err != nil {
			return err
		}
		if _, err := backend.PutObject("photos", name, map[string]string{"Content-Type": "image/jpeg"}, bytes.NewReader(photo), int64(len(photo)), nil); err != nil {
			return err
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := httptest.NewUnstartedServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	p.closers = append(p.closers, func() error { srv.Close(); return nil })
	q := "?endpoint=http://" + l.Addr().String() +
		"&use_path_style=true&disable_https=true&region=us-east-1&request_checksum_calculation=when_required"
	emptyOut := func() error {
		if err := backend.ForceDeleteBucket("flipped"); err != nil {
			return err
		}
		return backend.CreateBucket("flipped")
	}
	flip := []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", "2", "--shard", "0/1", "--out"}
	pixels := int64(wl.photoW*wl.photoH*3) * int64(wl.s3Objects)
	s3 := cmdSpec{tool: "pixtool s3://", argv: append(append([]string(nil), flip...), "s3://flipped/"+q, "s3://photos/"+q),
		env: s3Env, reset: emptyOut, cpus: 2, runs: wl.heavyRuns, bytes: pixels}
	if why := probeS3(pixtool, q, backend); why != "" {
		s3.absent = why
	}
	doc := fmt.Sprintf("storage-s3: %d objects of %.1f MB (the photo) flipped losslessly from one bucket into another on a local S3 server "+
		"(gofakes3, in memory, in the report's process, on 127.0.0.1), against the same files in tmpfs; --jobs 2, shard 0/1 (every file) on both sides",
		wl.s3Objects, float64(len(photo))/1e6)
	p.add(task, doc,
		cmdSpec{tool: "pixtool local", argv: append(append([]string(nil), flip...), localOut, local), reset: removeAll(localOut), cpus: 2, runs: wl.heavyRuns, bytes: pixels},
		s3)
	return nil
}

// probeS3 flips one small object through pixtool and returns "" when it
// worked, else why the storage rows are absent.
func probeS3(pixtool, q string, backend *s3mem.Backend) string {
	if _, err := exec.LookPath(pixtool); err != nil {
		return "" // the row reports the missing build itself
	}
	ppm := []byte("P6\n2 1\n255\n\x01\x02\x03\x04\x05\x06")
	if err := backend.CreateBucket("probe"); err != nil {
		return "probe: " + err.Error()
	}
	defer backend.ForceDeleteBucket("probe")
	if _, err := backend.PutObject("probe", "in/x.ppm", nil, bytes.NewReader(ppm), int64(len(ppm)), nil); err != nil {
		return "probe: " + err.Error()
	}
	cmd := exec.Command(pixtool, "flip", "--horizontal", "--quiet", "--out", "s3://probe/out/"+q, "s3://probe/in/"+q)
	cmd.Env = append(os.Environ(), s3Env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		if _, err = backend.HeadObject("probe", "out/x.ppm"); err == nil {
			return ""
		}
	}
	msg := strings.Join(strings.Fields(strings.ReplaceAll(string(out), q, "")), " ") // the URLs without the server's parameters
	if len(msg) > 160 {
		msg = "…" + msg[len(msg)-160:] // the error is said last
	}
	return fmt.Sprintf("pixtool on this commit does not flip s3:// objects (probe: %v %s)", err, msg)
}
