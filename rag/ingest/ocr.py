"""Optional OCR for PDF pages without a text layer: Tesseract (Debian's tesseract-ocr with chi_sim).

Used only when the `tesseract` command is installed with the Chinese model; otherwise a scanned
PDF is refused with a message (rag.ingest.pdf), never read as garbage. Each page is rendered at
200 dpi and read as TSV, whose word boxes become the same `Line`s a text layer gives, so the
layout step (headers, paragraphs) treats both alike.
"""

from __future__ import annotations

import csv
import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from rag.ingest.layout import Line, join_lines

DPI = 200
LANGUAGES = "chi_sim+eng"
SECONDS_PER_PAGE = 120


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in langs


def _tsv_lines(tsv: str, number: int, scale: float, height: float) -> list[Line]:
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
            if r.get("level") == "5" and (r.get("text") or "").strip()]
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for r in rows:
        grouped.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(r)
    lines = []
    for words in grouped.values():
        text = words[0]["text"].strip()
        for w in words[1:]:
            before, sep = join_lines(text, w["text"].strip(), False)
            text = before + sep + w["text"].strip()
        left = min(int(w["left"]) for w in words) / scale
        right = max(int(w["left"]) + int(w["width"]) for w in words) / scale
        top_px = min(int(w["top"]) for w in words)
        bottom_px = max(int(w["top"]) + int(w["height"]) for w in words)
        size = round((bottom_px - top_px) / scale)
        lines.append(Line(number, text, left, height - bottom_px / scale, right, height - top_px / scale, size, height))
    return lines


def ocr_pages(pdf, numbers: list[int]) -> dict[int, list[Line]]:
    """{page number: lines read by Tesseract} for the given 1-based pages of an open pypdfium2 document."""
    exe = shutil.which("tesseract")
    out: dict[int, list[Line]] = {}
    scale = DPI / 72
    with tempfile.TemporaryDirectory() as tmp:
        for number in numbers:
            page = pdf[number - 1]
            try:
                image = Path(tmp) / f"page-{number}.png"
                page.render(scale=scale).to_pil().save(image)
                height = page.get_height()
            finally:
                page.close()
            result = subprocess.run([exe, str(image), "stdout", "-l", LANGUAGES, "tsv"], capture_output=True,
                                    text=True, timeout=SECONDS_PER_PAGE)
            out[number] = _tsv_lines(result.stdout, number, scale, height)
    return out
