"""A user's own files as a separate collection: safe names, size limits, decoding, and its own index.

Each upload set (the files' names and text) gets a folder under `INDEX_DIR/uploads/<hash>/` with the
decoded files (`files/`, UTF-8) and their index (`index/`); the same set uploaded again reuses it.
Problems are reported per file as codes that the page words in the user's language.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from rag.ingest.decode import DecodeError, decode_bytes

ALLOWED_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 10
MAX_TOTAL_BYTES = 8 * 1024 * 1024
KEEP_COLLECTIONS = 32  # upload sets kept on disk; older ones are removed
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class UploadedText:
    name: str  # sanitized file name, unique in its set
    text: str
    encoding: str


@dataclass(frozen=True)
class UploadProblem:
    name: str
    code: str  # wrong_type, too_large, too_many, total, binary, undecodable, empty, unreadable


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


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique by their stem (case-insensitive), since a file's stem becomes its document id."""
    seen: set[str] = set()
    out = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, f".{suffix}") if dot else (name, "")
        candidate, k = stem, 2
        while candidate.casefold() in seen:
            candidate, k = f"{stem}-{k}", k + 1
        seen.add(candidate.casefold())
        out.append(candidate + suffix)
    return out


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return "\ufffd" in text or controls > max(2, len(text) // 1000)


def check_file(name: str, data: bytes) -> UploadedText | UploadProblem:
    """Decode one uploaded file (named `name`, already sanitized) or say what is wrong with it."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return UploadProblem(name, "wrong_type")
    if len(data) > MAX_FILE_BYTES:
        return UploadProblem(name, "too_large")
    try:
        text, encoding = decode_bytes(data, name)
    except DecodeError as e:
        return UploadProblem(name, "binary" if "binary" in str(e) else "undecodable")
    if _looks_binary(text):
        return UploadProblem(name, "binary")
    if not text.strip():
        return UploadProblem(name, "empty")
    return UploadedText(name, text, encoding)


def read_uploads(paths: Sequence[str | Path]) -> tuple[list[UploadedText], list[UploadProblem]]:
    """Check the files a user uploaded (temporary paths whose basenames are the original names)."""
    accepted: list[UploadedText] = []
    problems: list[UploadProblem] = []
    names = unique_names([safe_filename(Path(str(p)).name) for p in paths])
    total = 0
    for path, name in zip(paths, names):
        try:
            size = os.path.getsize(path)
        except OSError:
            problems.append(UploadProblem(name, "unreadable"))
            continue
        if not name.lower().endswith(ALLOWED_SUFFIXES):
            problems.append(UploadProblem(name, "wrong_type"))
        elif size > MAX_FILE_BYTES:
            problems.append(UploadProblem(name, "too_large"))
        elif len(accepted) >= MAX_FILES:
            problems.append(UploadProblem(name, "too_many"))
        elif total + size > MAX_TOTAL_BYTES:
            problems.append(UploadProblem(name, "total"))
        else:
            try:
                data = Path(path).read_bytes()
            except OSError:
                problems.append(UploadProblem(name, "unreadable"))
                continue
            result = check_file(name, data)
            if isinstance(result, UploadedText):
                total += size
                accepted.append(result)
            else:
                problems.append(result)
    return accepted, problems


def collection_key(texts: Sequence[UploadedText]) -> str:
    h = hashlib.sha256()
    for t in sorted(texts, key=lambda t: t.name):
        h.update(t.name.encode("utf-8") + b"\0" + hashlib.sha256(t.text.encode("utf-8")).digest())
    return h.hexdigest()[:24]


def inside(folder: Path, name: str) -> Path:
    """folder/name, refusing any name that would land outside `folder`."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve():
        raise ValueError(f"unsafe file name {name!r}")
    return path


def write_files(texts: Sequence[UploadedText], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for t in texts:
        path = inside(folder, safe_filename(t.name))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(t.text, encoding="utf-8")
        os.replace(tmp, path)


_build_locks: dict[str, threading.Lock] = {}
_build_guard = threading.Lock()


def build_collection(texts: Sequence[UploadedText], root: Path, cfg, embedder, progress: bool = False):
    """(key, pipeline, store) for the upload set, indexed under `root/key` (reused when already built)."""
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
