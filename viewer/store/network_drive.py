"""Whether a store file lives on a network drive, where SQLite's WAL is unsafe.

WAL needs shared memory that every process opening the file can map; over SMB, NFS, AFP
or sshfs, processes on other machines cannot, and the store can be corrupted
(RELIABILITY #16). The decisions are pure functions of each platform's own facts (the
Windows drive type, the mount table of macOS and Linux), so each platform's inputs can
be tested anywhere; `on_network_drive` reads the facts of the machine it runs on.
"""

from __future__ import annotations

import ntpath
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROC_MOUNTS = Path("/proc/self/mounts")  # this process's mount table on Linux

# File system types (Linux /proc/mounts, macOS statfs f_fstypename) of network mounts.
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "afpfs", "webdav", "davfs", "ftp", "9p", "afs",
    "ncpfs", "ceph", "glusterfs", "lustre", "gpfs", "ocfs2", "fuse.sshfs", "fuse.ceph",
    "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.davfs",
})
# macOS FUSE mounts (sshfs among them) say "local" only when the volume really is local.
MACOS_FUSE_FILE_SYSTEMS = frozenset({"macfuse", "osxfuse", "fusefs"})

# GetDriveTypeW's answer for a drive letter mapped to a network share.
DRIVE_REMOTE = 4


@dataclass(frozen=True)
class Mount:
    """One line of a mount table: where it is mounted, its type and its options."""

    point: str
    fs_type: str
    options: frozenset[str] = field(default_factory=frozenset)


def windows_path_is_remote(path: str, drive_type: Callable[[str], int]) -> bool:
    """A UNC path, or a drive letter whose root `drive_type` (GetDriveTypeW) calls remote."""
    drive, _ = ntpath.splitdrive(path.replace("/", "\\"))
    if drive.upper().startswith("\\\\?\\UNC\\"):
        return True
    if drive.startswith(("\\\\?\\", "\\\\.\\")):
        drive = drive[4:]
    elif drive.startswith("\\\\"):
        return True  # \\server\share
    if len(drive) == 2 and drive[1] == ":" and drive[0].isalpha():
        return drive_type(f"{drive[0].upper()}:\\") == DRIVE_REMOTE
    return False


def mount_of(path: str, mounts: Iterable[Mount]) -> Mount | None:
    """The mount that holds an absolute POSIX path: the longest mount point above it."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        # A later line with the same mount point is mounted over the earlier one.
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def is_network_mount(mount: Mount | None) -> bool:
    """True for network file systems; FUSE on macOS unless it says it is local."""
    if mount is None:
        return False
    fs_type = mount.fs_type.lower()
    if fs_type in NETWORK_FILE_SYSTEMS:
        return True
    return fs_type in MACOS_FUSE_FILE_SYSTEMS and "local" not in mount.options


_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


def parse_proc_mounts(text: str) -> list[Mount]:
    """Linux's /proc/self/mounts: `source point type options 0 0`, spaces escaped as \\040."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 4:
            continue
        point = _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), parts[1])
        mounts.append(Mount(point, parts[2], frozenset(parts[3].split(","))))
    return mounts


_MACOS_MOUNT_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>/.*) \((?P<options>[^()]*)\)$")


def parse_macos_mount(text: str) -> list[Mount]:
    """The output of macOS's `mount`: `source on point (type, option, ...)`, from statfs."""
    mounts = []
    for line in text.splitlines():
        match = _MACOS_MOUNT_LINE.match(line.strip())
        if not match:
            continue
        fs_type, *options = (o.strip() for o in match["options"].split(","))
        mounts.append(Mount(match["point"], fs_type, frozenset(options)))
    return mounts


def on_network_drive(path: Path) -> bool:
    """True when `path` (a store file, existing or not) is on a network drive of this machine."""
    target = os.path.realpath(path)
    try:
        if sys.platform == "win32":
            return windows_path_is_remote(target, _windows_drive_type)
        if sys.platform == "darwin":
            mounts = parse_macos_mount(_macos_mount_table())
        else:
            mounts = parse_proc_mounts(PROC_MOUNTS.read_text(encoding="utf-8"))
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return False  # unknown: the local default, as SQLite itself would choose
    return is_network_mount(mount_of(target, mounts))


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _macos_mount_table() -> str:
    done = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=10,
                          check=True)
    return done.stdout
