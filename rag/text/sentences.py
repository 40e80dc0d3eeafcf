"""Split text into sentences with exact offsets (Chinese and Latin-script punctuation)."""

from __future__ import annotations

import re

# A sentence ends at 。！？!? or …, plus any closing quotes/brackets that follow, or at a line
# break; a Latin full stop ends one only before whitespace (so 635.25 and e.g. stay whole).
# Semicolons join the parts of one sentence (一是…；二是…；三是…), so they do not end it.
VERSION = 2  # bump when sentence splitting changes: indexes built before are rebuilt
_END = re.compile(r"(?:[。！？!?]+|…+|\.(?=\s))[”’」』\"')）]*|\n")


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, shifted by `base`, whitespace trimmed."""
    spans, start = [], 0
    for m in _END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((base + s, base + e))
    return out


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
