"""What a format reader returns, and the small protocol every reader follows.

A reader turns a file's bytes into `Block`s in reading order: headings, paragraphs and table rows,
each with the page it sits on (PDF) and its heading level (DOCX, HTML, and PDF by font size). A
paragraph that runs over a page break is two blocks, the second `joined` to the first, so every
character of the text knows its page. Readers never clean: rag.ingest.assemble cleans every block
with the same cleaner as plain text and builds the Document.

    from rag.ingest.formats import read_bytes
    extracted = read_bytes(Path("report.pdf").read_bytes(), "report.pdf")
    [(b.kind, b.page, b.text[:20]) for b in extracted.blocks]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class DocumentError(ValueError):
    """A file that cannot be read as the document it claims to be; the message names the file and why,
    `code` says it in one word for pages that word it in the user's language (ui/labels.py `problem_<code>`):
    wrong_type, mismatch, old_doc, encrypted, truncated, damaged, too_many_pages, page_too_large,
    no_text_layer, zip_bomb, too_much_text, empty, binary, undecodable."""

    def __init__(self, message: str, code: str = "damaged"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Block:
    text: str
    kind: str = "paragraph"  # "heading", "paragraph", "row" (a table row), or "text" (plain text: structure guessed)
    level: int = 0  # heading level: 0 = title, 1 = Heading 1 / <h1>..; 9 = a heading found by its look alone
    page: int = 0  # 1-based page (PDF); 0 when the format has no pages
    joined: str | None = None  # continues the previous block's paragraph after this separator ("" or " "); None = a new line


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost to read; the chat page uses tighter ones than `rag index`."""

    max_pages: int = 2000  # pages of a PDF
    max_page_side: float = 14400.0  # points (200 inches, the PDF specification's limit for a page side)
    max_chars: int = 20_000_000  # extracted characters of one file
    max_unzipped: int = 128 * 2**20  # bytes a DOCX may unpack to (zip bombs)
    max_ratio: int = 200  # ... and its most compressed member's unpacked:packed ratio
    ocr: bool = True  # scanned PDF pages through Tesseract (chi_sim+eng) when it is installed
    max_ocr_pages: int = 50  # ... at most this many of them (seconds each)


@dataclass(frozen=True)
class Extracted:
    blocks: tuple[Block, ...]
    format: str  # "text", "pdf", "docx", "html"
    title: str = ""  # from the file's own metadata or title element; "" = unknown
    pages: int = 0  # pages in the file (PDF)
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the reader ignored or did, for the user (one line each)


class Reader(Protocol):
    """One file format: `format` names it, `suffixes` are the extensions it claims."""

    format: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes, name: str, limits: Limits) -> Extracted:
        """The blocks of the file whose bytes are `data` (named `name` in messages); raises DocumentError."""
        ...


DEFAULT_LIMITS = Limits()
