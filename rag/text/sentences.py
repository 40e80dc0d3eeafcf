"""Split text into sentences with exact offsets (Chinese and Latin-script punctuation)."""

from __future__ import annotations

import re

# A sentence ends at 。！？!? or …, plus any closing quotes/brackets that follow, or at a line
# break; a Latin full stop ends one only before whitespace (so 635.25 and e.g. stay whole).
# Semicolons join the parts of one sentence (一是…；二是…；三是…), so they do not end it.
# An English full stop ends no sentence after a title or an initial (Dr. Amara Nwosu, J. K. Rowling), nor
# before a word in lower case (Acme Inc. said, e.g. the line).
VERSION = 3  # bump when sentence splitting changes: indexes built before are rebuilt
_END = re.compile(r"(?:[。！？!?]+|…+|\.(?=\s))[”’」』\"')）]*|\n")
_TITLE_OR_INITIAL = re.compile(r"(?:^|(?<=[\s(“\"]))(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Mt|Gen|Col|Capt|Lt|Sgt|Gov|Sen|Rep|Rev|Hon"
                               r"|Pres|No|Nos|Vol|Fig|[A-Z])\.$")
_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _ends(text: str, m: re.Match) -> bool:
    """Whether the end mark found is a sentence's end (a stop after Dr or before "said" is not)."""
    if m.group() != ".":
        return True
    return not (_TITLE_OR_INITIAL.search(text, max(0, m.start() - 6), m.end()) or _LOWER_NEXT.match(text, m.end()))


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, shifted by `base`, whitespace trimmed."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if not _ends(text, m):
            continue
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
