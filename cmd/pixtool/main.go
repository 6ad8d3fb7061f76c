package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes of pixtool.
const (
	exitOK      = 0 // every file was processed
	exitFailure = 1 // at least one file failed
	exitUsage   = 2 // the command line was wrong; nothing was done
)

// main runs pixtool on the process's arguments and streams and exits with
// its exit code.
func main() {
	tty := term.IsTerminal(int(os.Stderr.Fd()))
	os.Exit(run(defaultFormats(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, tty))
}

// app holds what one run of pixtool shares between its commands: the
// standard streams and whether standard error is a terminal. It replaces
// package-level state, so tests can run the command tree in-process.
type app struct {
	// fmts are the formats pixtool knows; st is where its files are:
	// local paths and object storage URLs (urlStore).
	fmts formats
	st   store
	// getenv reads the environment (--shard auto, the run ID); nil is
	// os.Getenv.
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// tty reports whether stderr is a terminal, which decides whether a
	// progress bar is drawn.
	tty bool
}

// exitError carries an exit code out of a command's RunE. Its message, if
// any, has not been printed yet. Every error a command returns at run time is
// an exitError; any other error comes from parsing the command line and
// exits with exitUsage.
type exitError struct {
	code int
	msg  string
}

// Error returns the message still to print, possibly empty.
func (e *exitError) Error() string { return e.msg }

// signalError is the cancellation cause of the run's context once SIGINT,
// SIGTERM or SIGHUP (a dropped terminal) arrives.
type signalError struct{ sig os.Signal }

// Error names the signal.
func (e *signalError) Error() string { return "interrupted by " + e.sig.String() }

// code returns the conventional exit code 128+signal number.
func (e *signalError) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// interruptCode returns the exit code for a context cancelled by a signal,
// and false if ctx was not interrupted.
func interruptCode(ctx context.Context) (int, bool) {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		return se.code(), true
	}
	return 0, false
}

// run executes pixtool with args and returns its exit code, knowing the
// formats of fmts (defaultFormats for the binary; tests pass a registry of
// their own). The first
// SIGINT, SIGTERM or SIGHUP cancels the context the commands run under: a batch stops
// taking new files, finishes the ones in flight and prints its summary.
// Later signals are ignored until run returns, so that no file is left half
// written.
func run(fmts formats, args []string, stdin io.Reader, stdout, stderr io.Writer, tty bool) int {
	st := newURLStore(localStore{})
	// Closing the buckets releases connections; what a run wrote is
	// committed by then, so an error closing one changes nothing.
	defer st.Close()
	a := &app{fmts: fmts, st: st, stdin: stdin, stdout: stdout, stderr: stderr, tty: tty}
	return a.run(args)
}

// run executes pixtool with args on a's streams and store and returns its
// exit code; see the function run.
func (a *app) run(args []string) int { return a.runTree(newRootCmdFor(a, args), args) }

// runTree is run with the command tree root.
func (a *app) runTree(root *cobra.Command, args []string) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	var wg sync.WaitGroup
	defer wg.Wait()
	done := make(chan struct{})
	defer close(done)
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case s := <-sigs:
			cancel(&signalError{sig: s})
		case <-done:
		}
	}()

	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return a.exitCode(cmd, err)
}

// env returns the environment variable k.
func (a *app) env(k string) string {
	if a.getenv == nil {
		return os.Getenv(k)
	}
	return a.getenv(k)
}

// exitCode prints err, if it has not been printed, and maps it to an exit
// code: exitError carries its own, anything else is a usage error, reported
// in one line with a hint.
func (a *app) exitCode(cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(a.stderr, "pixtool: %s\n", ee.msg)
		}
		return ee.code
	}
	path := "pixtool"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	fmt.Fprintf(a.stderr, "pixtool: %v\nRun '%s --help' for usage.\n", err, path)
	return exitUsage
}
