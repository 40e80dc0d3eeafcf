"""Find the paragraphs and section headings of cleaned text.

A heading is a Markdown `#` line, or a short line that does not end in sentence punctuation and
is followed by more text (`全栈AI云,重塑千行百业`). Every other non-empty line is a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.types import Paragraph

MAX_HEADING_CHARS = 40
_CLOSING = set("。．.!！?？;；:：,，、…")
_QUOTE_TAIL = set("”’」』\"')）】》")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_HAS_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Line:
    index: int  # paragraph index among non-empty lines
    start: int
    end: int
    text: str
    is_heading: bool
    heading: str  # for a heading, itself; otherwise the heading above (or "")


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    while stripped and stripped[-1] in _QUOTE_TAIL:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in _CLOSING


def looks_like_heading(line: str, has_next: bool) -> bool:
    if _MD_HEADING.match(line):
        return True
    return (
        has_next
        and len(line) <= MAX_HEADING_CHARS
        and bool(_HAS_WORD.search(line))
        and not _ends_sentence(line)
        and not line.startswith(("-", "*", "|", ">"))
    )


def heading_text(line: str) -> str:
    return _MD_HEADING.sub("", line).strip()


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets into `text`, each marked heading or paragraph."""
    raw: list[tuple[int, int, str]] = []
    pos = 0
    for part in text.split("\n"):
        if part.strip():
            raw.append((pos, pos + len(part), part))
        pos += len(part) + 1
    lines: list[Line] = []
    current = ""
    for i, (start, end, part) in enumerate(raw):
        is_heading = looks_like_heading(part, has_next=i + 1 < len(raw))
        if is_heading:
            current = heading_text(part)
        lines.append(Line(i, start, end, part, is_heading, current))
    return lines


def to_paragraphs(lines: list[Line] | tuple[Line, ...]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(line.index, line.start, line.end, line.heading, line.is_heading) for line in lines)
