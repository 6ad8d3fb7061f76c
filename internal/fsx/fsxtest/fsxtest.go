// Package fsxtest is a harness for kill tests: it runs a child process,
// kills it with SIGKILL at random moments and lets the caller check what
// the kill left. Package fsx's own kill test uses it; pixtool's can run
// the pixtool binary (or its test binary re-executed) the same way, and
// list what a kill left with fsx.IsTemp and clean it with
// fsx.CleanOrphans. It does not import fsx, so fsx's own tests can use it.
package fsxtest

import (
	"bufio"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"
)

// Kills runs n rounds. Each round starts the command start returns, waits
// until the child writes its first line to standard output (its signal
// that it has begun the work, so that no kill lands in its start-up),
// sleeps a random time in [0, maxDelay), kills it (SIGKILL on Unix,
// TerminateProcess on Windows: no handler runs), waits for it, and calls
// check with the round's number. A child that exits before the kill
// fails the test, as does one that prints nothing within a minute. start
// must not set the command's Stdout.
func Kills(t testing.TB, n int, maxDelay time.Duration, start func() *exec.Cmd, check func(round int)) {
	t.Helper()
	finished := 0
	for round := range n {
		cmd := start()
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() { ready <- bufio.NewScanner(out).Scan() }()
		select {
		case ok := <-ready:
			if !ok {
				cmd.Wait()
				t.Fatalf("round %d: child ended before it began its work", round)
			}
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child did not begin its work within a minute", round)
		}
		time.Sleep(rand.N(maxDelay + 1))
		if err := cmd.Process.Kill(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := cmd.Wait(); err == nil {
			// The child finished before the kill landed (a quiet machine
			// runs it faster than the delay was sized for): the round
			// checks a completed run instead. Only a run of such rounds,
			// with no kill at all, is a failure.
			finished++
			t.Logf("round %d: child finished before the kill", round)
		}
		check(round)
	}
	if n > 0 && finished == n {
		t.Fatalf("all %d rounds finished before the kill: no kill was tested", n)
	}
}
