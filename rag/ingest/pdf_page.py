"""The page a citation points at: the PDF page as an image, with the boxes of the quoted sentence.

PDFium renders the page and gives the box of every character of its text layer. The quoted text
(cleaned, so without line breaks, hyphenation or pinyin glosses) is found among the page's
characters with whitespace and hyphens set aside; when cleaning removed characters from the
middle (pinyin glosses), the common runs are found instead and, as long as they cover most of the
quote, the stretch of the page from the first to the last is marked. The
boxes are returned as fractions of the page, so a page shown at any width carries them.

    view = page_view("report.pdf", 3, "2025年上半年收入为635亿元。", at=0.4)
    view.png, view.boxes   # PNG bytes; ((left, top, width, height), ...) in 0..1 of the page
"""

from __future__ import annotations

import difflib
import functools
import io
import os
from dataclasses import dataclass

from rag.ingest.pdf import PDFIUM_LOCK, page_text

WIDTH_PX = 900  # rendered width of a page; its height follows the page's shape
MAX_PIXELS = 6_000_000  # a very long page is rendered smaller rather than filling the memory
PALETTE = 32  # colours of the PNG: a page of text reads the same, at a third of the bytes
MIN_COVER = 0.6  # share of the quote's characters a fuzzy match must find on the page


@dataclass(frozen=True)
class PageView:
    number: int  # 1-based
    pages: int  # pages in the file
    png: bytes
    width: int  # pixels of the image
    height: int
    boxes: tuple[tuple[float, float, float, float], ...]  # (left, top, width, height) as fractions of the page


def _skip(ch: str) -> bool:
    return ch.isspace() or ch in "-\ufffe\u00ad"


def locate(page_text: str, quote: str, at: float = 0.0) -> list[int]:
    """Indices of `page_text` (PDFium's characters) that spell `quote`; [] when it is not on the page.

    `at` (0..1) is where the quote is expected on the page: of several occurrences the nearest wins."""
    keep = [i for i, ch in enumerate(page_text) if not _skip(ch)]
    hay = "".join(page_text[i] for i in keep)
    needle = "".join(ch for ch in quote if not _skip(ch))
    if not needle or not hay:
        return []
    starts, pos = [], hay.find(needle)
    while pos >= 0:
        starts.append(pos)
        pos = hay.find(needle, pos + 1)
    if starts:
        best = min(starts, key=lambda s: abs(s / max(1, len(hay)) - at))
        return keep[best:best + len(needle)]
    matcher = difflib.SequenceMatcher(None, hay, needle, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    if sum(b.size for b in blocks) < MIN_COVER * len(needle):
        return []
    first, last = blocks[0].a, blocks[-1].a + blocks[-1].size
    if last - first <= 3 * len(needle):  # one stretch of the page: mark it whole, glosses and all
        return keep[first:last]
    return [keep[b.a + k] for b in blocks for k in range(b.size)]


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """(start, count) of each run of consecutive indices."""
    runs: list[list[int]] = []
    for i in sorted(set(indices)):
        if runs and i == runs[-1][0] + runs[-1][1]:
            runs[-1][1] += 1
        else:
            runs.append([i, 1])
    return [(a, n) for a, n in runs]


def _boxes(textpage, indices: list[int], width: float, height: float) -> tuple[tuple[float, float, float, float], ...]:
    out = []
    for start, count in _runs(indices):
        for k in range(textpage.count_rects(start, count)):
            left, bottom, right, top = textpage.get_rect(k)
            out.append((round(left / width, 5), round(1 - top / height, 5),
                        round((right - left) / width, 5), round((top - bottom) / height, 5)))
    return tuple(out)


def page_view(path: str, number: int, quote: str = "", at: float = 0.0, width_px: int = WIDTH_PX) -> PageView:
    """Page `number` of the PDF at `path` rendered `width_px` wide, with the boxes of `quote` on it."""
    stat = os.stat(path)
    return _page_view(str(path), stat.st_mtime_ns, stat.st_size, number, quote, round(at, 3), width_px)


@functools.lru_cache(maxsize=16)
def _page_view(path: str, _mtime: int, _size: int, number: int, quote: str, at: float, width_px: int) -> PageView:
    with PDFIUM_LOCK:
        return _render(path, number, quote, at, width_px)


def _render(path: str, number: int, quote: str, at: float, width_px: int) -> PageView:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= number <= len(pdf):
            raise ValueError(f"{path} has no page {number}")
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = min(width_px / width, (MAX_PIXELS / (width * height)) ** 0.5)
        image = page.render(scale=scale).to_pil()
        textpage = page.get_textpage()
        try:
            text = page_text(textpage) if quote else ""
            boxes = _boxes(textpage, locate(text, quote, at), width, height) if quote else ()
        finally:
            textpage.close()
        buffer = io.BytesIO()
        image.convert("RGB").quantize(colors=PALETTE).save(buffer, format="PNG")
        return PageView(number, len(pdf), buffer.getvalue(), image.width, image.height, boxes)
    finally:
        pdf.close()
