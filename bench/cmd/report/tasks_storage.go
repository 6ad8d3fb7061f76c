package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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
// one S3 bucket into another, on a gofakes3 server in memory on 127.0.0.1
// in a process of its own (bench/cmd/s3server, so that the server's work is
// not the report's process; it shares the machine's cores), against
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
	for i := range wl.s3Objects {
		if err := os.WriteFile(at(fmt.Sprintf("s3-local/%03d.jpg", i)), photo, 0o644); err != nil {
			return err
		}
	}
	srv, err := startS3Server(dir, at("photo.jpg"), wl.s3Objects)
	if err != nil {
		return fmt.Errorf("%s: %w", task, err)
	}
	p.closers = append(p.closers, srv.close)
	// response_checksum_validation=when_required too: the SDK would
	// otherwise validate (and log a DEBUG line for) every object read.
	q := "?endpoint=" + srv.url +
		"&use_path_style=true&disable_https=true&region=us-east-1&request_checksum_calculation=when_required&response_checksum_validation=when_required"
	emptyOut := func() error { return srv.control(http.MethodPost, "/_pixview/empty/flipped", nil) }
	flip := []string{pixtool, "flip", "--horizontal", "--quiet", "--jobs", "2", "--shard", "0/1", "--out"}
	pixels := int64(wl.photoW*wl.photoH*3) * int64(wl.s3Objects)
	// The light tasks' rounds (five), not the heavy tasks' three: a round
	// takes about two seconds, and the ratio's spread between rounds
	// (0.1 and more on this shared VM) is the target's margin. Each row
	// runs once untimed first: the server, started for this task, grows
	// its heap to hold a batch of outputs during its first batch
	// (thousands of page faults on the cores pixtool runs on: the first
	// round's ratio was 0.05-0.2 above the others' in four trials on
	// 2026-12-01), which a storage service that has been running does not.
	rounds := wl.runs
	s3 := cmdSpec{tool: "pixtool s3://", argv: append(append([]string(nil), flip...), "s3://flipped/"+q, "s3://photos/"+q),
		env: s3Env, reset: emptyOut, cpus: 2, runs: rounds, warmup: true, bytes: pixels}
	if why := probeS3(pixtool, q, srv); why != "" {
		s3.absent = why
	}
	doc := fmt.Sprintf("storage-s3: %d objects of %.1f MB (the photo) flipped losslessly from one bucket into another on a local S3 server "+
		"(gofakes3, in memory, in a process of its own: bench/cmd/s3server on 127.0.0.1, not pinned), against the same files in tmpfs; --jobs 2, shard 0/1 (every file) on both sides, each run once untimed before the rounds (the fresh server's heap grows in its first batch)",
		wl.s3Objects, float64(len(photo))/1e6)
	p.add(task, doc,
		cmdSpec{tool: "pixtool local", argv: append(append([]string(nil), flip...), localOut, local), reset: removeAll(localOut), cpus: 2, runs: rounds, warmup: true, bytes: pixels},
		s3)
	return nil
}

// s3Server is bench/cmd/s3server running in a process of its own.
type s3Server struct {
	cmd   *exec.Cmd
	stdin io.Closer
	url   string // http://127.0.0.1:PORT
}

// startS3Server builds bench/cmd/s3server into dir and starts it with n
// copies of photo in its bucket "photos".
func startS3Server(dir, photo string, n int) (*s3Server, error) {
	bin := filepath.Join(dir, "s3server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/pixview/pixview/bench/cmd/s3server").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building bench/cmd/s3server: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-photo", photo, "-objects", fmt.Sprint(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("s3server said no address: %w", err)
	}
	return &s3Server{cmd: cmd, stdin: stdin, url: "http://" + strings.TrimSpace(addr)}, nil
}

// control sends a request to the server's /_pixview/ paths.
func (s *s3Server) control(method, path string, body []byte) error {
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("s3server %s %s: %s %s", method, path, resp.Status, msg)
	}
	return nil
}

// close ends the server (it exits when its stdin closes).
func (s *s3Server) close() error {
	s.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	return nil
}

// probeS3 flips one small object through pixtool and returns "" when it
// worked, else why the storage rows are absent.
func probeS3(pixtool, q string, srv *s3Server) string {
	if _, err := exec.LookPath(pixtool); err != nil {
		return "" // the row reports the missing build itself
	}
	ppm := []byte("P6\n2 1\n255\n\x01\x02\x03\x04\x05\x06")
	if err := srv.control(http.MethodPut, "/_pixview/put/probe/in/x.ppm", ppm); err != nil {
		return "probe: " + err.Error()
	}
	defer srv.control(http.MethodPost, "/_pixview/empty/probe", nil)
	cmd := exec.Command(pixtool, "flip", "--horizontal", "--quiet", "--out", "s3://probe/out/"+q, "s3://probe/in/"+q)
	cmd.Env = append(os.Environ(), s3Env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		if err = srv.control(http.MethodHead, "/_pixview/has/probe/out/x.ppm", nil); err == nil {
			return ""
		}
	}
	msg := strings.Join(strings.Fields(strings.ReplaceAll(string(out), q, "")), " ") // the URLs without the server's parameters
	if len(msg) > 160 {
		msg = "…" + msg[len(msg)-160:] // the error is said last
	}
	return fmt.Sprintf("pixtool on this commit does not flip s3:// objects (probe: %v %s)", err, msg)
}
