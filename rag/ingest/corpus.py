"""Load a corpus into cleaned Documents: the bundled article, files and folders of PDF, Word, HTML,
.txt and .md (each read by the reader its content calls for, rag.ingest.formats), or .jsonl records.

Each Document keeps its raw-input hash so an index can tell when its corpus changed. A PDF, Word
file or web page is only hashed when the corpus is listed (`read_sources`); it is read when the
corpus is loaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rag.ingest.clean import CleanReport, CleanResult, clean_text, passthrough
from rag.ingest.decode import DecodeError, decode_bytes
from rag.ingest.reader import DEFAULT_LIMITS, DocumentError, Limits
from rag.ingest.structure import heading_text, looks_like_heading, to_paragraphs
from rag.types import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm")  # read by rag.ingest.formats
READER_VERSION = "1"  # bump when a format reader changes what it extracts: indexes built before are rebuilt
log = logging.getLogger("rag.ingest")
BUNDLED_NAME = "full-stack-ai-cloud.txt"
BUNDLED_TITLE = "全栈AI云：OpenAI、Anthropic、百度与阿里云的算力之争"
CLEANER_VERSION = "2"  # bump when cleaning changes: indexes built before are rebuilt


class CorpusError(ValueError):
    """A corpus path or record that cannot be loaded; the message says which and why."""


@dataclass(frozen=True)
class LoadedCorpus:
    documents: tuple[Document, ...]
    reports: tuple[CleanReport, ...]
    fingerprint: str  # sha256 over ids and raw hashes: changes when any input changes


def bundled_article_path() -> Path:
    return Path(str(resources.files("rag") / "data" / BUNDLED_NAME))


def _doc_id(text: str) -> str:
    ident = re.sub(r"[^\w.-]+", "_", text.strip(), flags=re.UNICODE).strip("_")
    return ident or "doc"


def _title(cleaned: CleanResult, fallback: str) -> str:
    for line in cleaned.lines[:1]:
        if looks_like_heading(line.text, has_next=True):
            return heading_text(line.text)
    return fallback


def make_document(doc_id: str, title: str | None, raw: str, source: str, clean: bool = True) -> tuple[Document, CleanReport]:
    cleaned = clean_text(raw) if clean else passthrough(raw)
    doc = Document(
        id=doc_id,
        title=title or _title(cleaned, doc_id),
        text=cleaned.text,
        paragraphs=to_paragraphs(cleaned.lines),
        source=source,
        raw_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    )
    return doc, cleaned.report


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror or e}") from e
    try:
        return decode_bytes(data, str(path))[0]
    except DecodeError as e:
        raise CorpusError(str(e)) from e


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + DOCUMENT_SUFFIXES + (".jsonl",))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole(text: str) -> str:
    """JSON may escape half of a character (`"\\ud83d"`, an emoji cut in two by its writer): such a
    half becomes U+FFFD, which the cleaner drops, instead of failing every later step."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _jsonl_records(path: Path) -> list[tuple[str, str | None, str, str]]:
    records, seen = [], set()
    text = read_text_file(path)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(f"{path}:{n}: not valid JSON ({e.msg})") from e
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise CorpusError(f'{path}:{n}: each line must be an object with a "text" string (and "id", "title")')
        rid = _whole(str(rec.get("id", f"{path.stem}-{n}")))
        if rid in seen:
            raise CorpusError(f"{path}:{n}: duplicate id {rid!r}")
        seen.add(rid)
        title = rec.get("title")
        records.append((rid, _whole(str(title)) if title else None, _whole(rec["text"]), f"{path}:{n}"))
    return records


@dataclass(frozen=True)
class Source:
    """One raw input document before cleaning: its text, or for a PDF, Word file or web page, the path
    to read it from and a digest of its bytes."""

    id: str
    title: str | None
    raw: str
    origin: str
    format: str = "text"  # "text", or the format rag.ingest.formats reads `origin` as
    digest: str = ""  # sha256 of the file's bytes and the reader version, for a format read from bytes


def _document_source(f: Path, doc_id: str) -> Source:
    """A .txt/.md file is decoded now; a PDF, Word file or web page is checked by its content and hashed."""
    from rag.ingest.formats import format_of

    try:
        data = f.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read {f}: {e.strerror or e}") from e
    try:
        fmt = format_of(data, str(f))
    except DocumentError as e:
        raise CorpusError(str(e)) from e
    if fmt == "text":
        try:
            return Source(doc_id, None, decode_bytes(data, str(f))[0], str(f))
        except DecodeError as e:
            raise CorpusError(str(e)) from e
    digest = hashlib.sha256(f"{fmt}-reader-{READER_VERSION}\0".encode() + data).hexdigest()
    return Source(doc_id, None, "", str(f), fmt, digest)


def read_sources(paths: list[str | Path] | None = None) -> list[Source]:
    """Read raw documents from `paths` (files or folders); no paths means the bundled article."""
    items: list[Source] = []
    if not paths:
        items.append(Source("full-stack-ai-cloud", BUNDLED_TITLE, read_text_file(bundled_article_path()), BUNDLED_NAME))
    for p in map(Path, paths or []):
        if not p.exists():
            raise CorpusError(f"{p}: no such file or folder")
        files = _files_in(p) if p.is_dir() else [p]
        if p.is_dir() and not files:
            raise CorpusError(f"{p}: no .pdf, .docx, .html, .txt, .md or .jsonl files in this folder")
        for f in files:
            suffix = f.suffix.lower()
            if suffix == ".jsonl":
                items.extend(Source(*rec) for rec in _jsonl_records(f))
            elif suffix in TEXT_SUFFIXES + DOCUMENT_SUFFIXES:
                rel = f.relative_to(p).with_suffix("") if p.is_dir() else Path(f.stem)
                items.append(_document_source(f, _doc_id(str(rel))))
            else:
                raise CorpusError(f"{f}: unsupported file type {suffix or '(none)'}; "
                                  "use .pdf, .docx, .html, .txt, .md or .jsonl")
    seen: dict[str, str] = {}
    for src in items:
        if src.id in seen:
            raise CorpusError(f"{src.origin}: document id {src.id!r} is also used by {seen[src.id]}; ids must be unique")
        seen[src.id] = src.origin
    return items


def fingerprint(sources: list[Source], clean: bool = True) -> str:
    """sha256 over ids, titles and raw text: changes whenever any input or the cleaner changes."""
    h = hashlib.sha256(f"cleaner={CLEANER_VERSION if clean else 'off'}".encode())
    for src in sources:
        h.update(f"\0{src.id}\0{src.title or ''}\0".encode())
        h.update(bytes.fromhex(src.digest) if src.digest else hashlib.sha256(src.raw.encode("utf-8")).digest())
    return h.hexdigest()


def read_document(src: Source, clean: bool = True, limits: Limits = DEFAULT_LIMITS) -> tuple[Document, CleanReport]:
    """The cleaned Document of one source; a PDF, Word file or web page is read by its format's reader."""
    if src.format == "text":
        return make_document(src.id, src.title, src.raw, src.origin, clean=clean)
    from rag.ingest.assemble import assemble
    from rag.ingest.formats import READERS

    try:
        extracted = READERS[src.format].read(Path(src.origin).read_bytes(), src.origin, limits)
    except DocumentError as e:
        raise CorpusError(str(e)) from e
    except OSError as e:
        raise CorpusError(f"cannot read {src.origin}: {e.strerror or e}") from e
    for note in extracted.notes:
        log.warning("%s", note)
    return assemble(src.id, src.title, extracted, src.origin, src.digest, clean=clean)


def load_corpus(paths: list[str | Path] | None = None, clean: bool = True, limits: Limits = DEFAULT_LIMITS) -> LoadedCorpus:
    """Read and clean every document of the corpus at `paths` (default: the bundled article)."""
    sources = read_sources(paths)
    docs, reports = [], []
    for src in sources:
        doc, report = read_document(src, clean, limits)
        docs.append(doc)
        reports.append(report)
    return LoadedCorpus(tuple(docs), tuple(reports), fingerprint(sources, clean))
