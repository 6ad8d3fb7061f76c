// Package fsx replaces files so that a crash, a kill or a second writer
// never leaves a torn one, and keeps what the replaced file was: the
// file-access layer under pixtool's --in-place and codec.Save.
//
// # The guarantee
//
// After [Replace], [Lock.Replace] or [ReplaceIn] returns, and after a kill
// -9 or a power loss at any moment while it runs, the name holds either
// the old file, byte for byte and with its old attributes, or the complete
// new file — never a part, never a mix. On success with a nil error the
// new file survives a power loss. On an error before the commit nothing
// changed and no temporary file is left; a kill leaves at most one
// temporary file per replacement, and one per spare kept (see [Spares]),
// which the next [CleanOrphans] removes. A process that had the old file
// open or mapped keeps reading the old content, as after any rename.
//
// This rests on the file system: POSIX rename(2) is atomic (and so is
// Linux's renameat2 RENAME_EXCHANGE), and a file or directory fsync(2) is
// durable once it returns. ext4, xfs, btrfs, tmpfs
// and APFS keep both; a network file system may not, and a disk that
// acknowledges writes it has only cached breaks every such promise.
//
// # The steps, in order
//
//  1. Lock the target (if it exists): flock(LOCK_EX), then check that the
//     name still names the locked file and start again if it was replaced
//     meanwhile. A second writer waits here and then sees the first one's
//     result. One open, one flock, two stats.
//  2. Create the temporary file beside the target, in the same directory
//     (so the rename stays in one file system), and lock it — or, with
//     Options.Spares, take a spare in that directory if one fits: a file
//     an earlier replacement replaced, locked by us since, which has one
//     name and no open or mapping but ours (checked again now with a write
//     lease), and is given mode 0600, the target's owner and group, and
//     none of the extended attributes the target lacks; it is written from
//     its first byte, not truncated first, so that its pages are reused.
//     On Linux a new temporary file is
//     an unnamed O_TMPFILE file, so a kill while writing leaves nothing at
//     all; elsewhere, or where the file system refuses O_TMPFILE, it is
//     ".NAME.pixview-tmp-" and 16 hex digits, created with O_EXCL. Either
//     way it is locked from before it has a name until after the rename,
//     which is how CleanOrphans tells a live writer's file (lock held)
//     from an orphan (lock free).
//  3. Write the new content: small writes gathered 256 KiB at a time,
//     writes of 256 KiB or more passed straight to the file. A spare
//     longer than the content is cut back to it (ftruncate).
//  4. Copy the attributes of the locked target: owner and group (fchown,
//     only when they differ from the new file's; EPERM, as for a user
//     who is not root, is a warning), every extended attribute (POSIX ACLs
//     and security labels included; one the file system refuses is a
//     warning), the mode (fchmod, 000 and the set-ID bits included) and,
//     with Options.PreserveTimes, the modification and access times.
//  5. fsync the temporary file: its data and attributes are on disk.
//  6. (O_TMPFILE only) Name it: linkat through /proc/self/fd.
//  7. Check the precondition: the name still holds the locked file,
//     unchanged (device, inode, size, modification time), and Options.Want
//     if given; or, for a new file, still nothing. Else ErrChanged.
//  8. rename the temporary file over the target: the commit. With
//     Options.Spares, renameat2(RENAME_EXCHANGE) instead: the two names
//     swap, and the old file, still locked by us, is left under the
//     temporary name (a plain rename where the file system cannot).
//  9. fsync the directory: the rename survives a power loss. A batch can
//     leave this out (Options.DeferDirSync) and call [SyncDir] once per
//     directory at the end: atomicity does not rest on it, only
//     durability.
//  10. (Spares only) Once the directory fsync has returned — never before,
//     else a power loss could bring back under the target's name a file
//     already being overwritten, which is why DeferDirSync turns recycling
//     off — and once the caller's Lock is closed, the old file becomes a
//     spare if it has one name and nobody else has it open or mapped (a
//     write lease, which the kernel grants only to the sole opener), or
//     is removed.
//
// What it costs over writing the bytes in place: the new content is
// written in full (a transform that changes a few bytes still writes the
// whole file), and twice the file's size is on disk until the rename; two
// fsyncs, which dominate on a disk file system (each waits for the device
// and commits the journal) and are free on tmpfs; about 15 other system
// calls, nothing next to a multi-megabyte write. Measured on the shared
// development VM for a 36 MB file (BenchmarkReplace, six interleaved
// rounds, median of per-round ratios; the spread is wide): on tmpfs
// Replace takes 1.0x (0.5-1.8x) the time of truncating and rewriting
// the file in place; on ext4 1.05x to 2.1x (0.9-2.7x) rewriting it in place
// followed by one fsync — the second journal commit, for the rename and
// the freeing of the old file's blocks, is the difference. Eight such
// files read and replaced one after the other took 1.9-2.4x (median of
// five rounds, two runs) the time of cp --reflink=never of them followed
// by one sync; with DeferDirSync and one SyncDir, 1.3-2.1x. Part of that
// is cp's in-kernel copy against reading into memory and writing back.
//
// A rename frees the old file's pages (blocks, on a disk) and the new file
// needed new ones: on tmpfs, freeing 288 MB of pages alone costs 0.30x
// cp of them, so a batch that replaces by rename cannot come within 1.3x
// of cp there. [Spares] removes both: after the first file, each file's
// new content is written over the pages of the file replaced before it,
// for an exchange, a lease and a truncate more per file. pixtool's
// in-place batch of 8 PPMs of 12 MP, pinned to one CPU (12 alternating
// rounds, median of per-round ratios, the VM shared): on tmpfs 1.18x
// (1.09-1.26) cp --reflink=never at load 1, where the same batch without
// spares took 1.37x (1.28-1.48); on ext4 0.97x (0.88-0.99) cp followed by
// sync of every file, without spares 1.15x (1.08-1.20). What is left on
// tmpfs is mostly the kernel's: two copies (into the process and back)
// against cp's one, and a page-cache lookup per 4 KiB page each way.
//
// # What it does not do
//
//   - The lock is advisory. A program that does not take it can still
//     write the target; the precondition check catches a change made
//     before step 7, but not one made in the microseconds between the
//     check and the rename, nor a same-size rewrite within one tick of the
//     file system's timestamp clock (see [Identity.Unchanged]).
//   - A new file (no target) is not locked: two writers creating one name
//     at once both succeed, the last rename wins, each result complete.
//   - Hard links are broken, by design (as sed -i, exiftran -i and
//     exiftool do): the replaced name gets a new file, the other names
//     keep the old content. [Result].Old.Nlink says there were others.
//   - On Windows the package builds (CI vets it) but no test runs: there
//     is no directory fsync, no owner and no extended attributes to copy,
//     and the rename over the locked target relies on os.Root opening
//     files with FILE_SHARE_DELETE, as Go 1.26's does. The BSDs build too,
//     without extended attributes (their extattr calls are not wired).
//
// # Output trees
//
// [ReplaceIn] resolves the name inside an [os.Root]: a symbolic link
// planted under an output directory cannot redirect a write outside it,
// and a symbolic link as the last component is refused. For outputs that
// are not replaced atomically (a raw stream), open them with the root's
// own OpenFile, which has the same guarantee.
package fsx
