"""From the lines of a PDF's pages to paragraphs and headings: plain geometry, no PDF library.

A PDF knows glyphs and where they are, not paragraphs. Lines are read in the file's own order
(which is reading order for anything a word processor wrote); then

- lines repeated in the top or bottom margin of most pages (running headers, footers, page
  numbers: digits compared as one wildcard) are dropped;
- lines are joined into paragraphs unless the font size changes, the gap to the previous line is
  clearly larger than the line pitch, the previous line stops short of the right edge, or this
  one is indented; a paragraph continues over a page break when nothing says it ends. In a file
  that spaces its paragraphs (most short lines are followed by a wider gap), a short line alone
  does not end one: it is a word that did not fit (`Open` + `AI正以…`);
- a line-final hyphen between Latin letters, before a lowercase letter, is hyphenation and goes
  (`inter-` + `national` -> `international`); any other hyphen stays (`芯片-` + `算力`);
- lines join without a space next to CJK text or before closing punctuation, with one between
  Latin words, except where a line of CJK text was filled to the edge in the middle of a word;
- paragraphs in a larger font than the body text are headings, levelled by size.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from rag.ingest.reader import Block

MARGIN = 0.14  # share of the page height at the top and bottom where running headers and footers live
REPEATED = 0.5  # a margin line on at least this share of the pages (and two of them) is page furniture
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:[-–—\s]*\d+[-–—\s]*|第\s*\d+\s*页.*|page\s*\d+.*|\d+\s*/\s*\d+)$", re.IGNORECASE)
_CLOSING = set(",.;:!?)]}%'\"")
_OPENING = set("([{")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003134f]")


@dataclass(frozen=True)
class Line:
    """One text line of a page, in PDF points (origin at the bottom left)."""

    page: int  # 1-based
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float  # font size
    page_height: float
    hyphen: bool = False  # ended with a hyphen at the line end (pdfium marks those as soft hyphens)


def _signature(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def _in_margin(line: Line) -> bool:
    return line.bottom >= line.page_height * (1 - MARGIN) or line.top <= line.page_height * MARGIN


def drop_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages without running headers, footers and page numbers."""
    if len(pages) < 2:
        return pages
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_signature(ln.text) for ln in lines if _in_margin(ln)})
    needed = max(2, int(REPEATED * len(pages) + 0.999))
    furniture = {sig for sig, n in counts.items() if n >= needed}

    def keep(ln: Line) -> bool:
        return not (_in_margin(ln) and (_signature(ln.text) in furniture or _PAGE_NUMBER.match(ln.text.strip())))

    return [[ln for ln in lines if keep(ln)] for lines in pages]


def join_lines(before: str, after: str, hyphen: bool, full: bool = False) -> tuple[str, str]:
    """(`before` as it stays, separator) for two lines of one paragraph; `full`: `before` reached the right edge."""
    if before.endswith("-") and not hyphen:
        hyphen, before = True, before[:-1]
    if hyphen:
        if before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].islower():
            return before, ""  # hyphenation: the word goes on
        return before + "-", ""
    if _CJK.match(before[-1:] or " ") or _CJK.match(after[:1] or " ") or after[:1] in _CLOSING or before[-1:] in _OPENING:
        return before, ""
    if full and _CJK.search(before) and before[-1:].isalnum() and after[:1].isalnum():
        return before, ""  # CJK text filled to the edge breaks wherever the line is full, inside a word too
    return before, " "


def _body_size(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size * 2) / 2] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _pitch(lines: list[Line], body: float) -> float:
    gaps = [a.bottom - b.bottom for a, b in zip(lines, lines[1:])
            if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and 0 < a.bottom - b.bottom < 3 * body]
    return statistics.median(gaps) if gaps else body * 1.4


def paragraphs(pages: list[list[Line]]) -> list[Block]:
    """Blocks in reading order: one per paragraph and page (continuations are `joined`)."""
    lines = [ln for page in pages for ln in page if ln.text.strip()]
    if not lines:
        return []
    body = _body_size(lines)
    pitch = _pitch(lines, body)
    body_lines = [ln for ln in lines if abs(ln.size - body) < 0.5] or lines
    left = min(ln.left for ln in body_lines)
    right = max(ln.right for ln in body_lines)
    larger = sorted({round(ln.size * 2) / 2 for ln in lines if ln.size > body * 1.12}, reverse=True)

    def short(ln: Line) -> bool:
        return ln.right < right - 1.5 * ln.size and not ln.hyphen

    def wide_gap(prev: Line, cur: Line) -> bool:
        step = prev.bottom - cur.bottom
        return step <= 0 or step > 1.35 * pitch * max(1.0, cur.size / body)

    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a.page == b.page and abs(a.size - b.size) < 0.15 * body]
    short_pairs = [(a, b) for a, b in pairs if short(a)]
    spaced = bool(short_pairs) and sum(wide_gap(a, b) for a, b in short_pairs) >= 0.7 * len(short_pairs)

    def level(size: float) -> int:
        return larger.index(round(size * 2) / 2) + 1 if size > body * 1.12 else 0

    def starts_paragraph(prev: Line, cur: Line) -> bool:
        if abs(prev.size - cur.size) > 0.15 * body or level(prev.size) != level(cur.size):
            return True
        if cur.left > left + 0.8 * cur.size and cur.left - prev.left > 0.8 * cur.size:
            return True  # indented first line
        if prev.page != cur.page:
            return short(prev)
        return wide_gap(prev, cur) or (short(prev) and not spaced)

    blocks: list[Block] = []
    parts: list[str] = []  # the open block's text, line by line
    page, joined, heading = 0, None, 0  # the open block's page, continuation separator, heading level

    def close() -> None:
        if parts:
            blocks.append(Block("".join(parts), "heading" if heading else "paragraph", heading, page, joined))

    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        if prev is None or starts_paragraph(prev, ln):
            if prev is not None and prev.hyphen:
                parts[-1] += "-"  # a hyphen that ends a paragraph is text
            close()
            parts, page, joined, heading = [text], ln.page, None, level(ln.size)
            prev = ln
            continue
        before, sep = join_lines(parts[-1], text, prev.hyphen, full=not short(prev))
        parts[-1] = before
        if ln.page != prev.page:  # the paragraph goes on over the page break: a block per page
            close()
            parts, page, joined = [text], ln.page, sep
        else:
            parts.append(sep + text)
        prev = ln
    if prev is not None and prev.hyphen:
        parts[-1] += "-"
    close()
    return blocks
