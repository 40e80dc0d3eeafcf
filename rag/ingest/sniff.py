"""Tell a file's format from its first bytes, not its name, and refuse a name that lies about it.

Magic numbers decide (`%PDF-`, a zip holding `word/document.xml`, an OLE compound file for old
.doc, images, executables); text is HTML when it opens with markup (`<!DOCTYPE html`, `<html`,
`<head`, `<body`). Text-like content under a text-like name (.txt, .md, .html) is read as the name
says, since a Markdown file may well start with a tag; binary content must match its extension.
"""

from __future__ import annotations

import io
import re
import zipfile

from rag.ingest.reader import DocumentError

TEXT_LIKE = ("text", "html")
SUFFIX_FORMAT = {".txt": "text", ".md": "text", ".markdown": "text", ".pdf": "pdf", ".docx": "docx",
                 ".html": "html", ".htm": "html"}
_NAMES = {"pdf": "a PDF", "docx": "a Word (.docx) file", "html": "an HTML page", "text": "plain text",
          "doc": "an old Word (.doc) or Office file", "zip": "a zip archive", "image": "an image",
          "executable": "a program", "binary": "binary data"}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)
_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"MZ", "executable"), (b"\x7fELF", "executable"),
)


def describe(fmt: str) -> str:
    return _NAMES.get(fmt, fmt)


def sniff(data: bytes) -> str:
    """"pdf", "docx", "zip", "doc", "image", "executable", "html", "binary" or "text"."""
    if re.search(rb"%PDF-\d\.\d", data[:1024]):  # the header may follow up to 1 KB of junk (PDF 1.7, annex H)
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else "zip"
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    head = data[:4096]
    if _HTML_START.match(head):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16: the NUL bytes are characters, not binary
    return "binary" if b"\x00" in head else "text"


def check_format(data: bytes, name: str) -> str:
    """The format to read `data` as: what its bytes say, checked against the extension of `name`."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = SUFFIX_FORMAT.get(suffix)
    if claimed is None:
        raise DocumentError(f"{name}: unsupported file type {suffix or '(none)'}; use .pdf, .docx, .html, .txt, .md or .jsonl",
                            "wrong_type")
    found = sniff(data)
    if claimed == "text" and found in ("binary", "image", "executable", "zip", "doc"):
        return "text"  # decoding decides: UTF-16 without a byte-order mark, or a clear "binary file" message
    if claimed in TEXT_LIKE and found in TEXT_LIKE:
        return claimed
    if found != claimed:
        if found == "doc" and claimed == "docx":
            raise DocumentError(f"{name}: an old Word (.doc) file, not .docx; save it as .docx (or PDF) and try again",
                                "old_doc")
        raise DocumentError(f"{name}: the name says {describe(claimed)} but the content is {describe(found)}; "
                            "rename it or save it in the right format", "mismatch")
    return found
