"""Racy files: those whose size and mtime cannot be trusted to say they are unchanged.

A file edited again within its file system's timestamp tick keeps its mtime (and,
same-length edit, its size). So a file whose mtime lies within one tick of the
build's scan (`Catalog.meta["scanned_ns"]`, taken before the folder was walked)
may have been edited after the build looked at it, unseen by stat: such a file is
"racy" and is read and compared with its body key, as git does for its index.

How long a tick is depends on the file system:

* a local file system with fine timestamps (ext4, xfs, btrfs, tmpfs … on Linux,
  its mtime not a multiple of 10 ms): the kernel's clock tick, at most 10 ms
  (HZ ≥ 100); the window is FINE_NS, with room to spare;
* anything else — whole-second or 2-second mtimes (FAT, HFS+, ext3 with small
  inodes, an SMB share of one), mtimes in 10 ms steps (exFAT), a network file
  system (its server's clock, which may run behind ours), a file system or
  system this cannot tell — COARSE_NS, as before.

A build ends by settling its racy files (`settle`): it waits out the fine window
(never more than FINE_NS), reads them again and, if each still holds what the
catalogue says, records the time of that reading as the scan's: the first start
after a build then trusts them by their stat, like any other start. Files with a
coarse window stay racy and are read by the next check until their window passed
(`plan.plan_is_empty`, which then records its own time the same way).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

# The body key `settle`'s `same_content` is asked to compare a skipped file with: it
# "holds the same" while it is still no speech (empty, undecodable, binary …).
SKIPPED = "\0skipped"
COARSE_NS = 2_000_000_000
FINE_NS = 50_000_000
_ALIGNED_NS = 10_000_000  # an mtime in whole 10 ms steps: a coarse file system (or, 1 in 10⁷, chance: the safe side)
# Local file systems with nanosecond timestamps set from the kernel's clock (FAT, exFAT,
# HFS+ and small-inode ext3 are local too: their mtimes are whole steps, see above).
_LOCAL = frozenset({
    "ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "f2fs", "zfs", "bcachefs", "jfs", "reiserfs",
    "nilfs2", "overlay", "vfat", "msdos", "exfat", "ntfs", "ntfs3", "hfsplus", "apfs",
})


def _fs_types() -> dict[int, str]:
    """Device number → file system type of every mount (Linux; {} elsewhere). Read
    each time it is asked (only when a file is racy: a file system mounted while the
    browser runs is seen)."""
    try:
        with open("/proc/self/mountinfo", "rb") as fh:
            lines = fh.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return {}
    out: dict[int, str] = {}
    for line in lines:
        fields = line.split()
        try:
            major, minor = fields[2].split(":")
            fstype = fields[fields.index("-", 6) + 1]
            out[os.makedev(int(major), int(minor))] = fstype
        except (ValueError, IndexError):
            continue
    return out


def windows(entries: Iterable) -> dict[str, int]:
    """source → the racy window of each of these files (`FileEntry`s): FINE_NS for a
    file with a sub-10 ms mtime on a known local file system, else COARSE_NS."""
    out: dict[str, int] = {}
    types: dict[int, str] | None = None
    for e in entries:
        w = COARSE_NS
        if e.mtime_ns % _ALIGNED_NS:
            if types is None:
                types = _fs_types()
            try:
                dev = os.stat(e.path).st_dev
            except OSError:
                dev = None
            if types.get(dev) in _LOCAL:
                w = FINE_NS
        out[e.source] = w
    return out


def same_stat(size: object, mtime_ns: object, ctime_ns: object, ino: object, e) -> bool:
    """A catalogue row's stat (size, mtime, ctime, inode number) is this file's (a
    `FileEntry`): it is taken as unchanged unless racy. The ctime and inode catch an
    edit that keeps size and mtime after the racy window (touch -r, cp -p or rsync -t
    then rename, an mtime set to the publication date: a one-character fix in Chinese
    is often the same size). 0 (or None): not known — a row of an older store, compared
    by size and mtime as before. (The one rule: ~0.05 µs a file more than inline.)"""
    return (size == e.size and mtime_ns == e.mtime_ns and (not ctime_ns or ctime_ns == e.ctime_ns)
            and (not ino or ino == e.ino))


def racy(entries: Iterable, scanned_ns: int | None) -> dict[str, int]:
    """source → window of the files among these that are racy for a scan at
    `scanned_ns` (None: a catalogue without one — every file is trusted by its stat,
    as before racy files were known). Stat only; cheap when none is near the scan."""
    if type(scanned_ns) is not int:
        return {}
    near = [e for e in entries if e.mtime_ns >= scanned_ns - COARSE_NS]
    if not near:
        return {}
    wins = windows(near)
    return {e.source: w for e in near if e.mtime_ns >= scanned_ns - (w := wins[e.source])}


def settle(cat, entries: list, scanned_ns: int, same_content, sleep=time.sleep) -> bool:
    """After a build that scanned the folder at `scanned_ns` (entries: that scan):
    read the racy files again once their fine window has passed and, if every one
    that this makes trustworthy still holds the catalogue's content, record the time
    of that reading as the scan's (`Catalog.note_scanned`). `same_content(entry, key)`
    reads and compares. True if a time was recorded."""
    found = racy(entries, scanned_ns)  # (stat only: most builds have no racy file and read no table)
    if not found:
        return False
    files = dict(cat.files())  # (a copy: the skipped files' rows are added)
    for r in cat.skipped:
        if r["source"] in found and r["source"] not in files:
            files[r["source"]] = (r.get("size"), r.get("mtime_ns"), SKIPPED, r.get("ctime_ns"), r.get("ino"))  # (`SKIPPED`)
    found = {s: w for s, w in found.items() if s in files}
    if not found:
        return False
    by_source = {e.source: e for e in entries}
    fine_until = max((by_source[s].mtime_ns + w for s, w in found.items() if w == FINE_NS), default=0)
    wait = fine_until - time.time_ns()
    if wait > FINE_NS:
        return False  # (a file dated ahead of our clock: left racy, read by the next check)
    if wait > 0:
        sleep(wait / 1e9)
    now = time.time_ns()  # (before any file is read again: what is read is its content at this time or later)
    settled = False
    for source, w in found.items():
        e = by_source[source]
        if e.mtime_ns >= now - w:
            continue  # still racy (a coarse window): the next check reads it
        size, mtime_ns, key, ctime_ns, ino = files[source]
        try:
            st = os.stat(e.path)
        except OSError:
            continue  # gone: the next check sees it by its stat
        if not same_stat(size, mtime_ns, ctime_ns, ino, e._replace(
                size=st.st_size, mtime_ns=st.st_mtime_ns, ctime_ns=st.st_ctime_ns, ino=st.st_ino)):
            continue  # changed since the scan: the next check sees it by its stat
        if not same_content(e, key):
            return False  # edited within its tick: the next check reads it and builds
        settled = True
    if settled:
        cat.note_scanned(now, locked=True)  # (a build's: it holds the store's lock)
    return settled
