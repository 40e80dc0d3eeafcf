"""What a sentence's candidate spans look like, whatever the question: computed once per sentence and reused.

Length, position, clause boundaries, brackets, digits and Latin letters, where the span came from,
the part of speech of its first and last word, the character before and after it; plus what the
question-dependent features need about each span (its text, its clause, its neighbouring words, the
sentence's characters on either side of it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.answer.span.candidates import BIT, ORIGINS, Candidates, candidates
from rag.answer.span.question import GLUE
from rag.answer.span.sentence import Sentence, cut

TAG_CLASSES = ("noun", "proper", "verb", "number", "time", "prep", "other")
_TAG_OF = (("nr", "proper"), ("ns", "proper"), ("nt", "proper"), ("nz", "proper"), ("eng", "proper"),
           ("m", "number"), ("q", "number"), ("t", "time"), ("f", "time"), ("v", "verb"), ("p", "prep"),
           ("n", "noun"), ("j", "noun"), ("s", "noun"))
PLACE_END = "省市县区州国镇乡村岛山河江湖海洋路街道港湾城府郡岸部洲"
COPULA = "是为即指乃称叫"
PREPOSITION = "于在由被自从向给对"
OPEN_GLUE = "达仅约近超逾以由是为在于被从将把与和及或等共"  # qualifiers and glue a gold span seldom opens with
CLOSE_GLUE = "的了等之地得着"
HAN_NUMERALS = "零〇一二三四五六七八九十百千万亿两"
CONTEXT = 16  # characters kept on either side of a span for the slot features

SHAPE_FEATURES = (
    ("length", "log_length", "words", "position", "at_clause_start", "at_clause_end", "whole_clause", "in_brackets",
     "has_digit", "has_han_number", "has_latin", "all_latin", "after_copula", "after_preposition", "before_de",
     "before_punct", "place_end", "open_glue", "close_glue")
    + tuple(f"origin_{o}" for o in ORIGINS)
    + tuple(f"first_{t}" for t in TAG_CLASSES) + tuple(f"last_{t}" for t in TAG_CLASSES)
)


@lru_cache(maxsize=4096)
def _norm(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch).lower()
    return n[0] if n else ch


@lru_cache(maxsize=256)
def _tag_class(tag: str) -> int:
    return TAG_CLASSES.index(next((cls for prefix, cls in _TAG_OF if tag.startswith(prefix)), "other"))


def _strip(text: str, right: bool) -> str:
    """Content characters without glue at the edge that touches the span."""
    if right:
        j = len(text)
        while j > 0 and text[j - 1] in GLUE:
            j -= 1
        return text[:j]
    i = 0
    while i < len(text) and text[i] in GLUE:
        i += 1
    return text[i:]


def _cumulative(flags: list[bool]) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(np.array(flags, dtype=np.int64))))


@dataclass(frozen=True, eq=False)
class Table:
    sentence: Sentence
    spans: Candidates
    shape: np.ndarray  # spans x SHAPE_FEATURES
    texts: tuple[str, ...]  # each span's text, lower-cased
    last_char: np.ndarray  # each span's last character (for the type word of 哪个城市)
    norm: str  # the sentence, each character NFKC-normalised and lower-cased (same length)
    content: np.ndarray  # cumulative count of letters and digits
    first: np.ndarray  # each span's first and last word
    last: np.ndarray
    prev_word: np.ndarray  # the word before (after) the span, punctuation skipped; -1 when none
    next_word: np.ndarray
    clause_lo: np.ndarray  # character range of the clause(s) the span lies in
    clause_hi: np.ndarray
    starts: tuple[int, ...]  # the distinct span starts (ends), and for each span the index of its own
    start_of: np.ndarray
    ends: tuple[int, ...]
    end_of: np.ndarray
    left: tuple[str, ...]  # per distinct start: the content characters before it, glue stripped
    right: tuple[str, ...]  # per distinct end: the content characters after it, glue stripped
    left_codes: np.ndarray  # the same as code points, CONTEXT a row: `left` right-aligned, `right` left-aligned,
    right_codes: np.ndarray  # -1 where a context is shorter (what the slot features compare, column-wise)


@lru_cache(maxsize=512)  # about 40 kB a sentence: the cited sentences of the last few hundred questions
def table(text: str) -> Table:
    """The spans of a sentence and their question-independent features."""
    s = cut(text)
    c = candidates(s)
    a, b, n = c.start, c.end, len(c)
    norm = "".join(_norm(ch) for ch in text)
    content = _cumulative([ch.isalnum() for ch in norm])
    word_starts = np.array(s.starts)
    first = np.searchsorted(word_starts, a, side="right") - 1
    last = np.searchsorted(word_starts, b - 1, side="right") - 1
    n_words = len(s.words)
    prev_of, next_of, p = np.full(n_words, -1), np.full(n_words, -1), -1
    for i in range(n_words):
        prev_of[i] = p
        if not s.punct[i]:
            p = i
    p = -1
    for i in range(n_words - 1, -1, -1):
        next_of[i] = p
        if not s.punct[i]:
            p = i
    lo_of, hi_of = np.zeros(n_words, dtype=np.int64), np.zeros(n_words, dtype=np.int64)
    for lo, hi in s.clauses:
        lo_of[lo:hi], hi_of[lo:hi] = s.starts[lo], s.ends[hi - 1]
    for i in range(n_words):  # punctuation between clauses belongs to none: give it its own place
        if hi_of[i] == 0:
            lo_of[i], hi_of[i] = s.starts[i], s.ends[i]
    texts = tuple(norm[x:y] for x, y in zip(a.tolist(), b.tolist()))
    cols: dict[str, np.ndarray] = {}
    length = (b - a).astype(np.float64)
    cols["length"] = length
    cols["log_length"] = np.log1p(length)
    cols["words"] = (last - first + 1).astype(np.float64)
    cols["position"] = a / max(len(text), 1)
    cols["at_clause_start"] = (a <= lo_of[first]).astype(np.float64)
    cols["at_clause_end"] = (b >= hi_of[last]).astype(np.float64)
    cols["whole_clause"] = cols["at_clause_start"] * cols["at_clause_end"]
    depth = _cumulative([ch in "（(【[" for ch in text]) - _cumulative([ch in "）)】]" for ch in text])
    cols["in_brackets"] = (depth[a] > 0).astype(np.float64)
    digit = _cumulative([ch.isdigit() for ch in norm])
    latin = _cumulative([ch.isascii() and ch.isalpha() for ch in norm])
    han_num = _cumulative([ch in HAN_NUMERALS for ch in norm])
    cols["has_digit"] = (digit[b] > digit[a]).astype(np.float64)
    cols["has_han_number"] = (han_num[b] > han_num[a]).astype(np.float64)
    cols["has_latin"] = (latin[b] > latin[a]).astype(np.float64)
    cols["all_latin"] = cols["has_latin"] * ((latin[b] - latin[a]) >= (content[b] - content[a]) - (digit[b] - digit[a]))
    before = [text[x - 1] if x > 0 else "" for x in a.tolist()]
    after = [text[y] if y < len(text) else "" for y in b.tolist()]
    cols["after_copula"] = np.array([ch != "" and ch in COPULA for ch in before], dtype=np.float64)
    cols["after_preposition"] = np.array([ch != "" and ch in PREPOSITION for ch in before], dtype=np.float64)
    cols["before_de"] = np.array([ch == "的" for ch in after], dtype=np.float64)
    cols["before_punct"] = np.array([ch == "" or not ch.isalnum() for ch in after], dtype=np.float64)
    last_char = np.array([t[-1] for t in texts], dtype="<U1")
    cols["place_end"] = np.array([ch in PLACE_END for ch in last_char.tolist()], dtype=np.float64)
    cols["open_glue"] = np.array([t[0] in OPEN_GLUE for t in texts], dtype=np.float64)
    cols["close_glue"] = np.array([ch in CLOSE_GLUE for ch in last_char.tolist()], dtype=np.float64)
    for name in ORIGINS:
        cols[f"origin_{name}"] = ((c.origin & BIT[name]) != 0).astype(np.float64)
    tag_class = np.array([_tag_class(t) for t in s.tags])
    for k, t in enumerate(TAG_CLASSES):
        cols[f"first_{t}"] = (tag_class[first] == k).astype(np.float64)
        cols[f"last_{t}"] = (tag_class[last] == k).astype(np.float64)
    shape = np.zeros((n, len(SHAPE_FEATURES)), dtype=np.float64)
    for k, name in enumerate(SHAPE_FEATURES):
        shape[:, k] = cols[name]
    chars = "".join(ch for ch in norm if ch.isalnum())
    starts, start_of = np.unique(a, return_inverse=True)
    ends, end_of = np.unique(b, return_inverse=True)
    left = tuple(_strip(chars[max(0, content[x] - CONTEXT) : content[x]], right=True) for x in starts.tolist())
    right = tuple(_strip(chars[content[y] : content[y] + CONTEXT], right=False) for y in ends.tolist())
    return Table(s, c, shape, texts, last_char, norm, content, first, last, prev_of[first], next_of[last],
                 lo_of[first], hi_of[last], tuple(starts.tolist()), start_of, tuple(ends.tolist()), end_of, left, right,
                 codes(left, CONTEXT, right_aligned=True), codes(right, CONTEXT, right_aligned=False))


def codes(texts: tuple[str, ...], width: int, right_aligned: bool, pad: int = -1) -> np.ndarray:
    """The texts' code points, a row of `width` each (their last or first `width` characters), `pad` elsewhere."""
    out = np.full((len(texts), width), pad, dtype=np.int64)
    for i, text in enumerate(texts):
        row = [ord(ch) for ch in (text[-width:] if right_aligned else text[:width])]
        if right_aligned:
            out[i, width - len(row):] = row
        else:
            out[i, : len(row)] = row
    return out
