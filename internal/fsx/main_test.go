package fsx

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the other process of the
// multi-process tests: with FSX_CHILD set it runs that child and exits.
func TestMain(m *testing.M) {
	if mode := os.Getenv("FSX_CHILD"); mode != "" {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(mode string) error {
	path := os.Getenv("FSX_PATH")
	switch mode {
	case "count": // FSX_N times: lock, read a number, write it plus one
		n, _ := strconv.Atoi(os.Getenv("FSX_N"))
		for range n {
			if err := increment(path); err != nil {
				return err
			}
		}
		return nil
	case "hold": // create a named temporary file for path and keep it alive
		d, err := openDir(filepath.Dir(path))
		if err != nil {
			return err
		}
		_, err = replaceAt(osSys{}, d, filepath.Base(path), path, nil, func(w io.Writer) error {
			fmt.Println("ready")
			time.Sleep(time.Hour)
			return nil
		}, &Options{named: true})
		return err
	case "replace": // replace the file once, print the warnings and the error
		res, err := Replace(path, writeBytes([]byte("new")), &Options{Force: os.Getenv("FSX_FORCE") != ""})
		for _, w := range res.Warnings {
			fmt.Println("warning:", w)
		}
		fmt.Println("error:", err)
		return nil
	case "flip": // replace each file by its other version, forever
		return flipLoop(os.Getenv("FSX_DIR"), os.Getenv("FSX_NAMED") != "")
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// increment adds one to the number in the file at path, under its lock.
func increment(path string) error {
	l, err := LockFile(path)
	if err != nil {
		return err
	}
	defer l.Close()
	b, err := io.ReadAll(bufio.NewReader(l.File()))
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("torn or empty counter %q", b)
	}
	_, err = l.Replace(writeBytes([]byte(strconv.Itoa(n+1))), nil)
	return err
}
