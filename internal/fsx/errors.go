package fsx

import "errors"

// The sentinels. Errors from this package wrap one of them, or an error
// of the os package (fs.ErrNotExist, fs.ErrPermission, ...), with the path
// and the step that failed; test for them with errors.Is.
var (
	// ErrChanged reports that the target was replaced, modified or created
	// by someone else between the precondition (a stat, or taking the
	// lock) and the commit; nothing was written.
	ErrChanged = errors.New("fsx: changed since read")
	// ErrReadOnly reports a target with no write permission bit, refused
	// without Options.Force.
	ErrReadOnly = errors.New("fsx: read-only file")
	// ErrNotRegular reports a target that exists and is not a regular file
	// (a directory, a device, a FIFO...), or, in [ReplaceIn], a symbolic
	// link.
	ErrNotRegular = errors.New("fsx: not a regular file")
	// ErrNotDurable reports that the new content is in place but the
	// directory could not be flushed, so a power loss may still bring the
	// old file back.
	ErrNotDurable = errors.New("fsx: replaced but not flushed")
	// ErrNotKept is wrapped by each [Result] warning: an attribute of the
	// old file (owner, group, an extended attribute) that the new one does
	// not have.
	ErrNotKept = errors.New("fsx: attribute not kept")

	// errLocked: a non-blocking lock attempt met a lock held elsewhere.
	errLocked = errors.New("fsx: locked")
	// errNoAnon: O_TMPFILE is not available here.
	errNoAnon = errors.New("fsx: no unnamed temporary files")
	// errNoExchange: renameat2(RENAME_EXCHANGE) is not available here.
	errNoExchange = errors.New("fsx: no atomic exchange of two names")
	// errShared: a file has opens or mappings other than ours.
	errShared = errors.New("fsx: open elsewhere")
)
