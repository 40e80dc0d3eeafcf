"""Candidate answer spans of one sentence, each with character offsets and where it came from.

Spans come from four sources (after the feature-based readers of SQuAD, Rajpurkar et al. 2016,
which score every constituent of the passage):
- runs of one to MAX_WORDS consecutive words inside a clause, not opening or closing on a particle,
  a conjunction or punctuation;
- noun phrases: maximal runs of noun-like words (by jieba's dictionary tags);
- typed spans by pattern (rag.answer.span.patterns): quantities with their qualifiers and unit,
  dates and periods, 《titles》, “quoted terms”, names (山姆·奥特曼, Sam Altman), lists (A、B和C),
  with a list or a dotted name also starting at each word of its first item (and a list ending at
  each word of its last), since where an item begins is not marked;
- clauses (split at ，；：) for why/how questions, runs of two or three clauses, and the part of a
  clause after (or before) each of its words (为了…, 位于…).
Spans never leave a bracket or a quote half open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.answer.span import patterns
from rag.answer.span.sentence import CLOSING, OPENING, Sentence, balanced

MAX_WORDS = 6
MAX_CLAUSES = 3

# where a span came from: bits of Candidate.origin, named in this order by ORIGINS
ORIGINS = ("words", "noun_phrase", patterns.QUANTITY, patterns.DATE, patterns.TITLE, patterns.QUOTE, patterns.NAME,
           patterns.LIST, "clause", "clauses", "clause_tail", "clause_head")
BIT = {name: 1 << i for i, name in enumerate(ORIGINS)}

# jieba tags a span rarely opens (particles, conjunctions, modal words, interjections) or closes with
_NO_OPEN = ("u", "c", "y", "e", "o")
_NO_CLOSE = ("c", "p", "uj", "ul")
_NOUNISH = ("n", "vn", "j", "eng", "b", "s", "an", "nz")


@dataclass(frozen=True)
class Candidates:
    """The spans of one sentence as parallel arrays (features are computed on whole columns)."""

    start: np.ndarray  # character offsets in the sentence, int
    end: np.ndarray
    origin: np.ndarray  # bits of BIT, int

    def __len__(self) -> int:
        return len(self.start)

    def has(self, name: str) -> np.ndarray:
        return (self.origin & BIT[name]) != 0


def _edges(s: Sentence) -> tuple[list[bool], list[bool]]:
    """Whether a span may open (close) at each word."""
    opens, closes = [], []
    for w, tag, punct in zip(s.words, s.tags, s.punct):
        opens.append(w[0] in OPENING if punct else not tag.startswith(_NO_OPEN))
        closes.append(w[-1] in CLOSING if punct else not tag.startswith(_NO_CLOSE))
    return opens, closes


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """Without spaces and unpaired punctuation at the edges."""
    while a < b and (text[a].isspace() or (not text[a].isalnum() and text[a] not in OPENING)):
        a += 1
    while b > a and (text[b - 1].isspace() or (not text[b - 1].isalnum() and text[b - 1] not in CLOSING)):
        b -= 1
    return a, b


def candidates(s: Sentence, max_words: int = MAX_WORDS) -> Candidates:
    """Every candidate span of the sentence, each once (its origins OR-ed), in order of offsets."""
    found: dict[tuple[int, int], int] = {}
    starts, ends = s.starts, s.ends
    opens, closes = _edges(s)

    brackets = bool(s.brackets)

    def add(i: int, j: int, bit: int) -> None:  # words i..j inclusive
        if not brackets or balanced(s, i, j):
            key = (starts[i], ends[j])
            found[key] = found.get(key, 0) | bit

    words_bit, np_bit, tail_bit, head_bit = BIT["words"], BIT["noun_phrase"], BIT["clause_tail"], BIT["clause_head"]
    for ci, (lo, hi) in enumerate(s.clauses):
        for i in range(lo, hi):
            if opens[i]:
                a = starts[i]
                for j in range(i, min(hi, i + max_words)):
                    if closes[j] and (not brackets or balanced(s, i, j)):
                        found[(a, ends[j])] = found.get((a, ends[j]), 0) | words_bit
        i = lo
        while i < hi:
            if s.tags[i].startswith(_NOUNISH):
                j = i
                while j + 1 < hi and s.tags[j + 1].startswith(_NOUNISH):
                    j += 1
                add(i, j, np_bit)
                i = j + 1
            else:
                i += 1
        add(lo, hi - 1, BIT["clause"])
        for n in range(2, MAX_CLAUSES + 1):
            if ci + n <= len(s.clauses):
                add(lo, s.clauses[ci + n - 1][1] - 1, BIT["clauses"])
        for i in range(lo + 1, hi):
            if not s.punct[i] and not s.tags[i].startswith(("u", "y", "e")):
                add(i, hi - 1, tail_bit)
            if closes[i - 1]:
                add(lo, i - 1, head_bit)
    for a, b, kind in patterns.typed_spans(s.text):
        a, b = _trimmed(s.text, a, b)
        if b <= a:
            continue
        first, last = s.word_at(a), s.word_at(b - 1)
        if not balanced(s, first, last):
            continue
        bit = BIT[kind]
        lefts, rights = [a], [b]
        if kind in (patterns.LIST, patterns.NAME):
            sep = s.text.find("、" if kind == patterns.LIST else "·", a, b)
            lefts += [starts[i] for i in range(first + 1, last + 1) if starts[i] < sep and not s.punct[i]]
            if kind == patterns.LIST:
                last_sep = max(s.text.rfind(ch, a, b) for ch in "、和及与或")
                rights += [ends[j] for j in range(first, last) if ends[j] > last_sep + 1 and not s.punct[j]]
        for x in lefts:
            for y in rights:
                found[(x, y)] = found.get((x, y), 0) | bit
    keys = sorted(found)
    return Candidates(np.array([k[0] for k in keys], dtype=np.int64), np.array([k[1] for k in keys], dtype=np.int64),
                      np.array([found[k] for k in keys], dtype=np.int64))
