"""The checks on files a user uploads on the chat page: names, types, sizes, content, decoding.

A file's format is told by its content (rag.ingest.formats); a PDF, Word file or web page is read
once here with the page's limits, so a password, a zip bomb, a scan without text or a name that
lies about the content is refused before anything is indexed. Accepted files become
`index.collections.CollectionFile`s, which index.collections stores and indexes as a collection of
their own. Problems are reported per file as codes that the page words in the user's language.
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
from rag.ingest.reader import DocumentError, Limits

TEXT_SUFFIXES = (".txt", ".md")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
ALLOWED_SUFFIXES = TEXT_SUFFIXES + DOCUMENT_SUFFIXES
MAX_FILE_BYTES = 2 * 1024 * 1024  # a text file
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # a PDF, Word file or web page
MAX_FILES = 10
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_PAGES = 300  # pages of one PDF
LIMITS = Limits(max_pages=MAX_PAGES, max_chars=2_000_000, max_unzipped=64 * 2**20, max_ocr_pages=10)
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def limits() -> dict[str, int]:
    """The limits as the page words them (ui/labels.py)."""
    return {"max_mb": MAX_FILE_BYTES // 2**20, "max_doc_mb": MAX_DOCUMENT_BYTES // 2**20, "max_files": MAX_FILES,
            "max_pages": MAX_PAGES}


@dataclass(frozen=True)
class UploadProblem:
    name: str
    code: str  # wrong_type, too_large, too_many, total, binary, undecodable, empty, unreadable, or a DocumentError code


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


def size_limit(name: str) -> int:
    return MAX_DOCUMENT_BYTES if name.lower().endswith(DOCUMENT_SUFFIXES) else MAX_FILE_BYTES


def check_file(name: str, data: bytes) -> CollectionFile | UploadProblem:
    """Decode or read one uploaded file (named `name`, already sanitized), or say what is wrong with it."""
    from rag.ingest.formats import READERS, format_of

    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return UploadProblem(name, "wrong_type")
    if len(data) > size_limit(name):
        return UploadProblem(name, "too_large")
    try:
        fmt = format_of(data, name)
        if fmt != "text":
            extracted = READERS[fmt].read(data, name, LIMITS)
            return CollectionFile(name, "", fmt, data, extracted.notes)
    except DocumentError as e:
        return UploadProblem(name, e.code)
    except Exception:  # noqa: BLE001 - a file no reader foresaw: refused, the page stays up
        return UploadProblem(name, "damaged")
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
        elif size > size_limit(name):
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


