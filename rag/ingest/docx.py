"""Word `.docx` (python-docx): paragraphs in order, headings as section headings, tables as rows of text.

Before python-docx opens the file, the zip itself is checked: not a zip, a zip without a Word
document inside, or one that would unpack to more than `Limits.max_unzipped` bytes (or whose
members are compressed beyond `Limits.max_ratio`, the mark of a zip bomb) is refused. python-docx
parses the XML without resolving entities. Page headers, footers and comments are not body text.
"""

from __future__ import annotations

import io
import re
import zipfile

from rag.ingest.reader import DEFAULT_LIMITS, Block, DocumentError, Extracted, Limits

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse what is not a .docx, or unpacks to more than the limits allow: by the sizes the archive
    declares, then by unpacking it (a few milliseconds for a real document), since declared sizes can lie."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if not any(i.filename == "word/document.xml" for i in infos):
                raise DocumentError(f"{name}: a zip archive without a Word document inside; not a .docx file", "mismatch")
            declared = sum(i.file_size for i in infos)
            if declared > limits.max_unzipped:
                raise _bomb(name, f"unpacks to {declared / 2**20:.0f} MB", limits)
            for i in infos:
                if i.file_size > 2**20 and i.file_size > limits.max_ratio * max(1, i.compress_size):
                    raise _bomb(name, f"{i.filename} is compressed {i.file_size // max(1, i.compress_size)}:1", limits)
            unpacked = 0
            for i in infos:
                with z.open(i) as member:
                    while chunk := member.read(2**20):
                        unpacked += len(chunk)
                        if unpacked > limits.max_unzipped:
                            raise _bomb(name, "unpacks to more than it declares", limits)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        if isinstance(e, DocumentError):
            raise
        raise DocumentError(f"{name}: not a Word .docx file (not a valid zip archive: {e})", "mismatch") from e


def _bomb(name: str, what: str, limits: Limits) -> DocumentError:
    return DocumentError(f"{name}: {what}, more than the {limits.max_unzipped / 2**20:.0f} MB allowed "
                         "(a zip bomb?); not read", "zip_bomb")


def heading_level(paragraph) -> int | None:
    """0 for the Title style, N for Heading N (English or Chinese style names, or an outline level); else None."""
    style = paragraph.style
    names = [getattr(style, "name", "") or "", getattr(style, "style_id", "") or ""] if style is not None else []
    for name in names:
        if name.lower() == "title":
            return 0
        m = _HEADING_STYLE.match(name.strip()) or re.fullmatch(r"Heading(\d)", name)
        if m:
            return int(m.group(1))
    ppr = paragraph._p.pPr
    outline = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl") if ppr is not None else None
    if outline is not None:
        try:
            return int(outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")) + 1
        except (TypeError, ValueError):
            return None
    return None


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is reported once per column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


class DocxReader:
    format = "docx"
    suffixes = (".docx",)

    def read(self, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
        import docx
        from docx.table import Table

        check_zip(data, name, limits)
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as e:  # python-docx raises several kinds for a damaged package
            raise DocumentError(f"{name}: not a readable Word document ({type(e).__name__}: {e})") from e
        blocks: list[Block] = []
        chars = 0
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                new = [Block(row, "row") for row in _table_rows(item)]
            else:
                level = heading_level(item)
                kind = "paragraph" if level is None else "heading"
                new = [Block(line, kind, level or 0) for line in item.text.split("\n") if line.strip()]
            blocks.extend(new)
            chars += sum(len(b.text) for b in new)
            if chars > limits.max_chars:
                raise DocumentError(f"{name}: more than {limits.max_chars:,} characters of text; split it", "too_much_text")
        if not blocks:
            raise DocumentError(f"{name}: the Word document has no text", "empty")
        title = (document.core_properties.title or "").strip()
        if not title:
            title = next((b.text for b in blocks if b.kind == "heading" and b.level == 0), "")
        return Extracted(tuple(blocks), "docx", title)
