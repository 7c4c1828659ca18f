"""The network-drive decision, with each platform's own inputs (RELIABILITY #16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.store.network_drive import (
    DRIVE_REMOTE,
    Mount,
    is_network_mount,
    mount_of,
    on_network_drive,
    parse_macos_mount,
    parse_proc_mounts,
    windows_path_is_remote,
)

# GetDriveTypeW answers: 2 removable, 3 fixed, 4 remote, 5 CD-ROM, 6 RAM disk.
WINDOWS_DRIVES = {"C:\\": 3, "D:\\": 5, "E:\\": 2, "R:\\": 6, "Z:\\": DRIVE_REMOTE}


def drive_type(root: str) -> int:
    return WINDOWS_DRIVES.get(root, 1)  # 1: no such root


@pytest.mark.parametrize(("path", "remote"), [
    ("C:\\Users\\officer\\AppData\\Local\\desk-viewer\\store.sqlite", False),
    ("c:/Users/officer/store.sqlite", False),
    ("Z:\\Team\\store.sqlite", True),  # a drive letter mapped to a share
    ("z:/Team/store.sqlite", True),
    ("E:\\usb\\store.sqlite", False),
    ("R:\\store.sqlite", False),
    ("Q:\\store.sqlite", False),  # no such drive
    ("\\\\fileserver\\desk\\store.sqlite", True),
    ("//fileserver/desk/store.sqlite", True),
    ("\\\\?\\UNC\\fileserver\\desk\\store.sqlite", True),
    ("\\\\?\\C:\\Users\\officer\\store.sqlite", False),
    ("\\\\?\\Z:\\Team\\store.sqlite", True),
    ("\\\\.\\C:\\store.sqlite", False),
])
def test_windows_drive_letters_and_unc_paths(path: str, remote: bool) -> None:
    assert windows_path_is_remote(path, drive_type) is remote


def test_windows_asks_only_the_drive_root() -> None:
    asked: list[str] = []
    windows_path_is_remote("z:\\a\\b\\store.sqlite", lambda root: asked.append(root) or 3)
    assert asked == ["Z:\\"]


# /proc/self/mounts of a Linux desktop: the root, a home, NFS, a CIFS share with a
# space in its name (escaped as \040), sshfs, GNOME's gvfs, a USB stick (fuseblk).
LINUX_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1628716k,mode=755 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
nas:/export/desk /mnt/desk nfs4 rw,relatime,vers=4.2,rsize=1048576,addr=10.0.0.5 0 0
//fs01/Team\\040Share /mnt/team\\040share cifs rw,relatime,vers=3.1.1,cache=strict 0 0
officer@jump:/srv/desk /home/officer/remote fuse.sshfs rw,nosuid,nodev,user_id=1000 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev,relatime,user_id=1000 0 0
/dev/sdb1 /media/officer/USB fuseblk rw,nosuid,nodev,relatime,user_id=0,allow_other 0 0
/dev/nvme0n1p4 /mnt/desk2 ext4 rw,relatime 0 0
"""


@pytest.mark.parametrize(("path", "network"), [
    ("/home/officer/.local/share/desk-viewer/store.sqlite", False),
    ("/mnt/desk/store.sqlite", True),
    ("/mnt/desk", True),
    ("/mnt/desk2/store.sqlite", False),  # a prefix of the name is not a parent folder
    ("/mnt/team share/store.sqlite", True),
    ("/home/officer/remote/store.sqlite", True),
    ("/run/user/1000/gvfs/smb-share:server=fs01,share=team/store.sqlite", True),
    ("/media/officer/USB/store.sqlite", False),
    ("/tmp/store.sqlite", False),
])
def test_linux_mount_table(path: str, network: bool) -> None:
    assert is_network_mount(mount_of(path, parse_proc_mounts(LINUX_MOUNTS))) is network


def test_linux_mounted_over_takes_the_later_line() -> None:
    table = parse_proc_mounts("nas:/a /mnt/x nfs rw 0 0\n/dev/sdc1 /mnt/x ext4 rw 0 0\n")
    assert mount_of("/mnt/x/s.sqlite", table) == Mount("/mnt/x", "ext4", frozenset({"rw"}))
    table = parse_proc_mounts("/dev/sdc1 /mnt/x ext4 rw 0 0\nnas:/a /mnt/x nfs rw 0 0\n")
    assert is_network_mount(mount_of("/mnt/x/s.sqlite", table))


# `mount` on macOS 14: APFS volumes, an SMB share (Finder's Connect to Server), NFS, AFP,
# WebDAV, sshfs through macFUSE, and a USB stick (msdos).
MACOS_MOUNTS = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
devfs on /dev (devfs, local, nobrowse)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect, root data)
map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)
//officer@fs01._smb._tcp.local/Team on /Volumes/Team (smbfs, nodev, nosuid, mounted by officer)
nas:/export/desk on /Volumes/desk (nfs, nodev, nosuid, mounted by officer)
afp_2xZr9a0Quj4c0000004O0000-1.2d000008 on /Volumes/Archive (afpfs, nodev, nosuid, mounted by officer)
https://dav.example/desk on /Volumes/dav (webdav, nodev, noexec, nosuid, mounted by officer)
officer@jump:/srv/desk on /Users/officer/remote (macfuse, nodev, nosuid, synchronous, mounted by officer)
/dev/disk5s1 on /Volumes/NTFS Disk (macfuse, local, nodev, nosuid, mounted by officer)
/dev/disk4s1 on /Volumes/USB STICK (msdos, local, nodev, nosuid, noowners, mounted by officer)
"""


@pytest.mark.parametrize(("path", "network"), [
    ("/Users/officer/Library/Application Support/desk-viewer/store.sqlite", False),
    ("/System/Volumes/Data/Users/officer/store.sqlite", False),
    ("/Volumes/Team/desk/store.sqlite", True),
    ("/Volumes/desk/store.sqlite", True),
    ("/Volumes/Archive/store.sqlite", True),
    ("/Volumes/dav/store.sqlite", True),
    ("/Users/officer/remote/store.sqlite", True),
    ("/Volumes/NTFS Disk/store.sqlite", False),
    ("/Volumes/USB STICK/store.sqlite", False),
])
def test_macos_mount_table(path: str, network: bool) -> None:
    mounts = parse_macos_mount(MACOS_MOUNTS)
    assert len(mounts) == 11
    assert is_network_mount(mount_of(path, mounts)) is network


def test_no_known_mount_is_local() -> None:
    assert is_network_mount(None) is False
    assert mount_of("/data/s.sqlite", parse_proc_mounts("garbage\n")) is None


def test_this_machine_reads_its_own_mount_table(tmp_path: Path) -> None:
    mounts = parse_proc_mounts(Path("/proc/self/mounts").read_text(encoding="utf-8"))
    assert mount_of(str(tmp_path.resolve()), mounts) is not None
    assert on_network_drive(tmp_path / "store.sqlite") is False


@pytest.mark.parametrize(("override", "mode"), [(None, "wal"), ("delete", "delete")])
def test_engine_keeps_wal_off_network_drives_and_obeys_the_override(
        override: str | None, mode: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DESK_VIEWER_JOURNAL"}
    if override:
        env["DESK_VIEWER_JOURNAL"] = override
    code = ("import sys; from sqlalchemy import text; from viewer.store.engine import open_store\n"
            "store = open_store(sys.argv[1], create=True)\n"
            "with store.connect() as conn:\n"
            "    print(conn.execute(text('PRAGMA journal_mode')).scalar())\n"
            "store.close()\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.sqlite")], env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == mode
