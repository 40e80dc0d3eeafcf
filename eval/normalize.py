"""Text normalisation for matching answers and passages against gold strings.

Both sides of every comparison go through the same function, so "4 分钟。" in a passage matches the
gold string "4分钟", and citation markers such as [1] never count as answer text.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache, lru_cache

# [1], [1][2], [1, 2], ［1］, 【1】 (as rag.answer.cite writes and reads them), with whitespace before.
CITATION_MARKER = re.compile(r"\s*[\[［【]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]］】]")

_HAN = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f]"
)
_ASCII_PUNCT = frozenset(string.punctuation)


def strip_citations(text: str) -> str:
    """The text without [n] citation markers."""
    return CITATION_MARKER.sub("", text)


def is_cjk(char: str) -> bool:
    """True for a Chinese (Han) character."""
    return _HAN.match(char) is not None


@cache
def is_punct(char: str) -> bool:
    """ASCII punctuation and symbols, and any Unicode punctuation (，。、“”《》（）：；！？…—· ...)."""
    return char in _ASCII_PUNCT or unicodedata.category(char).startswith("P")


@lru_cache(maxsize=4096)  # a passage is matched against several gold strings by several metrics
def normalize(text: str) -> str:
    """Citation markers stripped, NFKC, lower case, no whitespace and no punctuation."""
    text = unicodedata.normalize("NFKC", strip_citations(text)).lower()
    return "".join(c for c in text if not c.isspace() and not is_punct(c))


def contains(haystack: str, needle: str) -> bool:
    """Whether the normalised needle occurs in the normalised haystack; an empty needle never does."""
    n = normalize(needle)
    return bool(n) and n in normalize(haystack)


def tokens(text: str) -> list[str]:
    """Mixed Chinese/Latin tokens as CMRC 2018 scores them.

    After stripping citation markers, NFKC and lower-casing, punctuation is dropped (so "1,800" and
    "635.25" stay one token each); every Han character is then one token and every maximal run of
    other non-space characters is one token.
    """
    text = unicodedata.normalize("NFKC", strip_citations(text)).lower()
    out: list[str] = []
    run: list[str] = []
    for c in text:
        if is_punct(c):
            continue
        if c.isspace() or is_cjk(c):
            if run:
                out.append("".join(run))
                run = []
            if not c.isspace():
                out.append(c)
        else:
            run.append(c)
    if run:
        out.append("".join(run))
    return out
