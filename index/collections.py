"""A user's own files as a collection of their own: stored safely, indexed apart, reused, pruned.

Each set of files (their names and text) gets a folder under `INDEX_DIR/uploads/<hash>/` with the
files (`files/`: text decoded to UTF-8; a PDF, Word file or web page as uploaded, since a PDF's pages
are shown from it) and their index (`index/`); the same set given again reuses it, and
only the most recently used sets are kept. The chat page checks the files a user uploads
(ui/uploads.py) and calls `build_collection`; nothing here knows about the page.

    key, pipeline, store = build_collection([CollectionFile("report.md", text, "utf-8")], root, cfg, embedder)
    pipeline = open_collection(key, root, cfg, embedder)   # later, or in another request
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

KEEP_COLLECTIONS = 32  # sets kept on disk; older ones are removed
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class CollectionFile:
    name: str  # sanitized file name, unique in its set
    text: str  # decoded text ("" for a file kept as its bytes)
    encoding: str  # what it was decoded from, or the format of a file kept as its bytes ("pdf", "docx", "html")
    data: bytes = b""  # the file as uploaded, for formats read from bytes
    notes: tuple[str, ...] = ()  # what reading it ignored or did (JavaScript in a PDF, OCR), for the user


def safe_filename(name: str, fallback: str = "document", max_chars: int = 80) -> str:
    """A plain file name that stays inside its folder: basename only, no `..`, no control or path characters."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip().rstrip(" .")  # a trailing dot would hide the real suffix
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = suffix.strip(" .")[:10].strip(" .")
    stem = stem.strip(" .")[: max_chars - len(suffix) - 1].strip(" .")
    if not stem:
        stem = fallback
    return f"{stem}.{suffix}" if suffix else stem


def collection_key(texts: Sequence[CollectionFile]) -> str:
    h = hashlib.sha256()
    for t in sorted(texts, key=lambda t: t.name):
        h.update(t.name.encode("utf-8") + b"\0" + hashlib.sha256(t.data or t.text.encode("utf-8")).digest())
    return h.hexdigest()[:24]


def inside(folder: Path, name: str) -> Path:
    """folder/name, refusing any name that would land outside `folder`."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve():
        raise ValueError(f"unsafe file name {name!r}")
    return path


def write_files(texts: Sequence[CollectionFile], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for t in texts:
        path = inside(folder, safe_filename(t.name))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        if t.data:
            tmp.write_bytes(t.data)
        else:
            tmp.write_text(t.text, encoding="utf-8")
        os.replace(tmp, path)


_build_locks: dict[str, threading.Lock] = {}
_build_guard = threading.Lock()


def build_collection(texts: Sequence[CollectionFile], root: Path, cfg, embedder, progress: bool = False):
    """(key, pipeline, store) for the upload set, indexed under `root/key` (reused when already built);
    with the postgres store, in the database that every chat server shares (index/pg/collections.py)."""
    if cfg.store == "postgres":
        from index.pg.collections import build_pg_collection

        return build_pg_collection(texts, cfg, embedder, progress)
    from index.build import open_index
    from rag.factory import make_pipeline

    key = collection_key(texts)
    folder = Path(root) / key
    with _build_guard:
        lock = _build_locks.setdefault(key, threading.Lock())
    with lock:
        write_files(texts, folder / "files")
        store = open_index(collection_config(cfg, folder), embedder, rebuild=True, progress=progress)
        os.utime(folder)
    prune_collections(Path(root), keep=KEEP_COLLECTIONS, protect=key)
    return key, make_pipeline(collection_config(cfg, folder), store, embedder), store


def collection_config(cfg, folder: Path):
    """The configuration of an upload set: its files as corpus, its own index, the extractive answerer."""
    return cfg.with_overrides(corpus=(str(folder / "files"),), index_dir=str(folder / "index"), answerer="extractive")


def open_collection(key: str, root: Path, cfg, embedder):
    """The pipeline of an upload set built earlier, or None when it is gone."""
    from index.build import open_index
    from index.manifest import IndexError_
    from rag.factory import make_pipeline

    if not re.fullmatch(r"[0-9a-f]{24}", key or ""):
        return None
    if cfg.store == "postgres":
        from index.pg.collections import open_pg_collection

        return open_pg_collection(key, cfg, embedder)
    folder = Path(root) / key
    if not (folder / "files").is_dir():
        return None
    try:
        store = open_index(collection_config(cfg, folder), embedder, rebuild=False, progress=False)
    except (IndexError_, ValueError, OSError):
        return None
    return make_pipeline(collection_config(cfg, folder), store, embedder)


def prune_collections(root: Path, keep: int, protect: str = "") -> None:
    """Remove all but the `keep` most recently used upload sets."""
    try:
        sets = sorted((p for p in root.iterdir() if p.is_dir() and p.name != protect),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in sets[max(0, keep - 1):]:
        shutil.rmtree(old, ignore_errors=True)
