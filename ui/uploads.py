"""The checks on files a user uploads on the chat page: names, types, sizes, decoding.

Accepted files become `index.collections.CollectionFile`s, which index.collections stores and
indexes as a collection of their own. Problems are reported per file as codes that the page words in
the user's language.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.collections import CollectionFile, safe_filename
from rag.ingest.decode import DecodeError, decode_bytes

ALLOWED_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 10
MAX_TOTAL_BYTES = 8 * 1024 * 1024
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class UploadProblem:
    name: str
    code: str  # wrong_type, too_large, too_many, total, binary, undecodable, empty, unreadable


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


def check_file(name: str, data: bytes) -> CollectionFile | UploadProblem:
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
    return CollectionFile(name, text, encoding)


def read_uploads(paths: Sequence[str | Path]) -> tuple[list[CollectionFile], list[UploadProblem]]:
    """Check the files a user uploaded (temporary paths whose basenames are the original names)."""
    accepted: list[CollectionFile] = []
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
            if isinstance(result, CollectionFile):
                total += size
                accepted.append(result)
            else:
                problems.append(result)
    return accepted, problems


