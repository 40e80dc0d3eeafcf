"""The one registry of file formats: the reader for a file is chosen by its content, not its name.

    extracted = read_bytes(data, "report.pdf")            # sniffed, checked against the name, read
    READERS["pdf"].read(data, "report.pdf", Limits(max_pages=300))

Plain text (.txt, .md) is a reader too: its one block keeps the structure-guessing of plain text.
"""

from __future__ import annotations

from rag.ingest.decode import DecodeError, decode_bytes
from rag.ingest.docx import DocxReader
from rag.ingest.html import HtmlReader
from rag.ingest.pdf import PdfReader
from rag.ingest.reader import DEFAULT_LIMITS, Block, DocumentError, Extracted, Limits, Reader
from rag.ingest.sniff import SUFFIX_FORMAT, check_format


class TextReader:
    format = "text"
    suffixes = (".txt", ".md", ".markdown")

    def read(self, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
        try:
            text = decode_bytes(data, name)[0]
        except DecodeError as e:
            raise DocumentError(str(e), "binary" if "binary" in str(e) else "undecodable") from e
        if len(text) > limits.max_chars:
            raise DocumentError(f"{name}: more than {limits.max_chars:,} characters of text; split it", "too_much_text")
        return Extracted((Block(text, "text"),), "text")


READERS: dict[str, Reader] = {r.format: r for r in (TextReader(), PdfReader(), DocxReader(), HtmlReader())}
SUFFIXES = tuple(SUFFIX_FORMAT)  # every extension a reader claims
BINARY_FORMATS = ("pdf", "docx")  # kept as the original file (a PDF's pages are shown from it)


def format_of(data: bytes, name: str) -> str:
    """The format `data` is read as; raises DocumentError when the name lies about the content."""
    return check_format(data, name)


def read_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Sniff, check and read one file's bytes (`name` names it in messages and gives its extension)."""
    return READERS[format_of(data, name)].read(data, name, limits)
