"""From a reader's blocks to one cleaned Document that knows where every character came from.

Every block is cleaned on its own by the same cleaner as plain text (a PDF made from a scraped
page carries the same pinyin glosses), then the blocks are put together: a new line per block, or
the block's `joined` separator when it continues a paragraph over a page break. Because cleaning
happens per block, each block's place in the cleaned text is exact, and so are the document's
`Page` spans. Headings the file marks (DOCX styles, HTML `<hN>`, a larger PDF font) are headings
with their level; other lines are recognised as plain text's are; table rows never are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rag.ingest.clean import CleanReport, clean_text, passthrough
from rag.ingest.reader import Extracted
from rag.ingest.structure import heading_text, looks_like_heading
from rag.types import Document, Page, Paragraph

GUESSED_LEVEL = 9  # a heading found by its look: below every heading level a file can mark


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    kind: str
    level: int
    page: int
    new_line: bool


def _layout(extracted: Extracted, clean: bool, report: CleanReport) -> tuple[str, list[_Piece]]:
    text, pieces = "", []
    for block in extracted.blocks:
        cleaned = clean_text(block.text) if clean else passthrough(block.text)
        report.counts.update({k: v for k, v in cleaned.report.counts.items()
                              if k not in ("characters_in", "characters_out", "headings", "paragraphs")})
        part = " ".join(cleaned.text.split("\n"))  # a block is one line
        if not part.strip():
            continue
        new_line = block.joined is None or not pieces
        sep = ("\n" if pieces else "") if new_line else block.joined
        text += sep
        pieces.append(_Piece(len(text), len(text) + len(part), block.kind, block.level, block.page, new_line))
        text += part
    return text, pieces


def _paragraphs(text: str, pieces: list[_Piece]) -> tuple[Paragraph, ...]:
    lines: list[list[_Piece]] = []
    for p in pieces:
        if p.new_line or not lines:
            lines.append([p])
        else:
            lines[-1].append(p)
    out, current = [], ""
    for i, line in enumerate(lines):
        start, end, first = line[0].start, line[-1].end, line[0]
        body = text[start:end]
        if first.kind == "heading":
            is_heading, level = True, first.level
        elif first.kind == "row":
            is_heading, level = False, 0
        else:
            is_heading, level = looks_like_heading(body, has_next=i + 1 < len(lines)), GUESSED_LEVEL
        if is_heading:
            current = heading_text(body)
        out.append(Paragraph(i, start, end, current, is_heading, level if is_heading else 0))
    return tuple(out)


def _pages(pieces: list[_Piece]) -> tuple[Page, ...]:
    spans: dict[int, list[int]] = {}
    for p in pieces:
        if p.page:
            lo_hi = spans.setdefault(p.page, [p.start, p.end])
            lo_hi[0], lo_hi[1] = min(lo_hi[0], p.start), max(lo_hi[1], p.end)
    return tuple(Page(n, a, b) for n, (a, b) in sorted(spans.items()))


def assemble(doc_id: str, title: str | None, extracted: Extracted, source: str, raw_sha256: str = "",
             clean: bool = True) -> tuple[Document, CleanReport]:
    """The cleaned Document of a file's blocks and what cleaning removed."""
    report = CleanReport()
    text, pieces = _layout(extracted, clean, report)
    paragraphs = _paragraphs(text, pieces)
    if not title:
        title = extracted.title or next((p.heading for p in paragraphs[:1] if p.is_heading), "") or doc_id
    report.counts["characters_in"] = sum(len(b.text) for b in extracted.blocks)
    report.counts["characters_out"] = len(text)
    report.counts["headings"] = sum(1 for p in paragraphs if p.is_heading)
    report.counts["paragraphs"] = sum(1 for p in paragraphs if not p.is_heading)
    digest = raw_sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=doc_id, title=title, text=text, paragraphs=paragraphs, source=source, raw_sha256=digest,
                    format=extracted.format, pages=_pages(pieces)), report
