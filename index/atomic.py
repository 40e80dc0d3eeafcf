"""Publish an index directory atomically, so a build killed at any point leaves the old one usable.

An index folder holds versions side by side and a `CURRENT` file naming the live one:
    DIR/CURRENT          -> "v-20261128T010203-ab12"
    DIR/v-20261128T010203-ab12/manifest.json ...
A build writes a new `.building-*` folder, renames it to a version, then replaces `CURRENT` with
`os.replace` (atomic on POSIX and Windows). Readers only ever follow `CURRENT`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path

CURRENT = "CURRENT"


def current_version(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):  # missing, or damaged to non-text
        return None
    if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
        return None  # only a version folder inside `root`
    path = root / name
    return path if path.is_dir() else None


def new_build_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / f".building-{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir()
    return path


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(root: Path, build: Path) -> Path:
    """Make `build` the live version; returns its final path. Old versions are removed afterwards."""
    for f in build.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    version = root / f"v-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    os.rename(build, version)
    tmp = root / f".{CURRENT}.{os.getpid()}-{secrets.token_hex(4)}"  # (swept like a build when left by a killed one)
    tmp.write_text(version.name, encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)
    _fsync_dir(root)
    sweep(root, keep=version)
    return version


def sweep(root: Path, keep: Path | None = None) -> None:
    """Remove versions other than `keep`, and the builds and `CURRENT` pointers being written (a build killed
    between writing its pointer and putting it in place leaves one) by processes that no longer run."""
    pointer = f".{CURRENT}."
    for child in root.iterdir():
        if child == keep:
            continue
        if child.is_file():
            if child.name.startswith(pointer) and not _alive(child.name[len(pointer):].split("-")[0]):
                child.unlink(missing_ok=True)
            continue
        if child.name.startswith("v-"):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".building-") and not _alive(child.name.split("-")[1]):
            shutil.rmtree(child, ignore_errors=True)


def _alive(pid_text: str) -> bool:
    """Whether the process whose id is written in a build's or pointer's name still runs."""
    try:
        pid = int(pid_text)
        os.kill(pid, 0)
        return True
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
