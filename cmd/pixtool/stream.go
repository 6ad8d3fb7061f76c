package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"
)

// runStream runs a batch whose arguments include object storage URLs as a
// pipeline: a prefix is listed page by page, and each object is planned
// and handed to the workers as it is listed, so the first objects are done
// while the listing goes on and the batch holds one page of the listing,
// the files in flight and a set of 16-byte hashes of the names it took
// (for duplicates), whatever the size of the prefix. The total is not
// known before the listing ends: the progress bar counts.
//
// Local arguments among them are expanded first, as runExpanded does.
// Errors of an argument itself (a missing prefix, a listing that broke
// off) fail in every shard, so that no shard of a broken run exits 0.
//
// Once interrupted, no new object is listed or started: the summary's
// skipped counts only the object in hand, and the rest of the listing is
// left for a retry (with --skip-existing, or an in-place run's mark).
func (r *runner) runStream(ctx context.Context, args []string, wo walkOptions, sh shard, sum *summary) {
	f := r.f
	var locals, urls []string
	for _, arg := range args {
		if isBlobURL(arg) {
			urls = append(urls, arg)
		} else {
			locals = append(locals, arg)
		}
	}
	r.workers = workersPerFile(f.jobs, f.jobs)
	r.rep = newReporter(r.a, r.name, -1, !f.quiet && r.a.tty)
	taken := hashedClaims{}
	var seen hashedClaims
	if len(urls) > 1 {
		// One listing names each object once; several arguments may
		// name one twice.
		seen = hashedClaims{}
	}
	index, skipped := 0, 0
	errStop := errors.New("interrupted")
	r.execute(ctx, f.jobs, func(send func(job) bool) {
		early := func(rec record) {
			rec.index = index
			index++
			sum.Files++
			r.rep.fail(rec.Input, rec.err)
			r.rc.add(rec)
		}
		fail := func(e inputError, key string) {
			if key != "" && !sh.contains(key) {
				return
			}
			if e.dup {
				r.rep.fail(e.path, e.err)
				return
			}
			early(record{Type: "file", Input: e.path}.fail(e.err))
		}
		add := func(in input) error {
			if !sh.contains(in.key) {
				return nil
			}
			if seen != nil {
				id, _ := nameID(in.path)
				if _, dup := seen.first(id); dup {
					return nil
				}
				seen.add(id, in.path)
			}
			j, err := r.plan(ctx, in, taken)
			switch {
			case errors.Is(err, errExists) && f.skipExist:
				sum.Files++
				r.rc.add(record{Type: "file", Input: in.path, Output: j.dest, Status: statusExisting})
			case err != nil:
				early(record{Type: "file", Input: in.path}.fail(err))
			default:
				j.index = index
				index++
				sum.Files++
				if !send(j) {
					skipped++
					return errStop
				}
			}
			return nil
		}
		if len(locals) > 0 {
			ins, errs := expand(ctx, r.st, locals, wo)
			for _, e := range errs {
				fail(e, filepath.ToSlash(filepath.Clean(e.path)))
			}
			for _, in := range ins {
				if add(in) != nil {
					break
				}
			}
		}
		for _, u := range urls {
			if ctx.Err() != nil {
				break
			}
			if err := walkURL(ctx, r.st, u, wo, add, fail); err != nil {
				break
			}
		}
		if ctx.Err() != nil {
			r.rep.note("interrupted: finishing the files in flight; what is not listed yet is left for a retry")
		} else {
			r.rep.total(sum.Files)
		}
	})
	sum.skip(skipInterrupted, skipped)
}

// processJob processes one file of a batch, with what object storage adds:
// with --skip-existing an output object that exists is left before its
// input is read (the plan does not ask, so that the asking runs in the
// workers, in parallel), and an object an in-place run of the same job
// already transformed (its mark; see withMark) counts as existing, not
// failed.
func (r *runner) processJob(ctx context.Context, j job) record {
	existing := record{Type: "file", Input: j.in.path, Output: j.dest, Status: statusExisting}
	if r.f.skipExist && isBlobURL(j.dest) {
		if fi, err := r.st.Stat(ctx, j.dest); err == nil && !fi.IsDir() {
			return existing
		}
	}
	rec := r.process(ctx, j)
	if rec.Status == statusFailed && (errors.Is(rec.err, errAlreadyApplied) || r.f.skipExist && errors.Is(rec.err, errExists)) {
		return existing
	}
	return rec
}

// markInPlace returns ctx with the mark of this run's in-place edits
// (withMark), when the batch edits in place: the command, what it does and
// the run ID (--run-id, the scheduler's job ID, or a new one, which the
// summary carries and a note names so that a retry by hand can pass it).
func (r *runner) markInPlace(ctx context.Context, sum *summary) context.Context {
	if !r.f.inPlace {
		return ctx
	}
	id, generated := runID(r.f.runID, r.a.env)
	sum.RunID = id
	if generated && !r.f.quiet {
		fmt.Fprintf(r.a.stderr, "pixtool: run ID %s: a retry of this run passes --run-id %s, and skips the objects this run transformed\n", id, id)
	}
	return withMark(ctx, opMark(r.name, r.t, id))
}

// claims are the names a batch has taken (outputs, or inputs listed), each
// with the input that took it first.
type claims interface {
	// first returns the input that took id, if one did.
	first(id string) (string, bool)
	// add records that by took id.
	add(id, by string)
}

// exactClaims keeps every name, for a batch of local files, whose names
// are held anyway.
type exactClaims map[string]string

func (c exactClaims) first(id string) (string, bool) { by, ok := c[id]; return by, ok }
func (c exactClaims) add(id, by string)              { c[id] = by }

// hashedClaims keeps a 128-bit FNV-1a hash of each name, for a streamed
// batch: about 40 bytes a name, whatever its length, and a chance of a
// false clash below 2^-64 for a billion names. It does not keep who took a
// name first.
type hashedClaims map[[16]byte]struct{}

func (c hashedClaims) first(id string) (string, bool) {
	_, ok := c[hashName(id)]
	return "an input before it", ok
}

func (c hashedClaims) add(id, _ string) { c[hashName(id)] = struct{}{} }

// hashName returns the 128-bit FNV-1a hash of a name.
func hashName(id string) [16]byte {
	h := fnv.New128a()
	h.Write([]byte(id))
	var k [16]byte
	h.Sum(k[:0])
	return k
}
