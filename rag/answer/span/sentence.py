"""A sentence cut into tagged words with character offsets and clauses: what spans are built from.

Cutting is the costly step of span selection (jieba's segmentation, dictionary tags; see
`rag.text.tokenize.tagged_words`), so a sentence is cut once per process and reused by every
question that cites it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.text.tokenize import tagged_words

# where a clause ends; 、 and · do not end one (they join the items of a list or the parts of a name)
CLAUSE_END = "，,；;：:。！？!?…\n"
OPENING = "《「『“‘（(【[\"'"
CLOSING = "》」』”’）)】]\"'"
BRACKET_PAIRS = ("（）", "()", "《》", "“”", "「」", "『』", "【】")


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]
    tags: tuple[str, ...]
    starts: tuple[int, ...]  # character offset of each word
    ends: tuple[int, ...]
    clauses: tuple[tuple[int, int], ...]  # word ranges [i, j) between clause punctuation, punctuation excluded
    punct: tuple[bool, ...]  # the word is punctuation or space
    brackets: tuple[tuple[int, ...], ...]  # per bracket pair, its depth after each word (0 before the first)

    def word_at(self, offset: int) -> int:
        """The index of the word holding character `offset` (the last word for the end)."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


_SPACE_OR_PUNCT = re.compile(r"^[\s\W_]+$")


def is_punct_word(word: str) -> bool:
    return bool(_SPACE_OR_PUNCT.match(word))


@lru_cache(maxsize=4096)
def cut(text: str) -> Sentence:
    pairs = tagged_words(text)
    words = tuple(w for w, _ in pairs)
    tags = tuple(t for _, t in pairs)
    starts, ends, pos = [], [], 0
    for w in words:
        starts.append(pos)
        pos += len(w)
        ends.append(pos)
    clauses, begin = [], 0
    for i, w in enumerate(words):
        if w in CLAUSE_END or (len(w) > 1 and all(ch in CLAUSE_END for ch in w)):
            if i > begin:
                clauses.append((begin, i))
            begin = i + 1
    if begin < len(words):
        clauses.append((begin, len(words)))
    punct = tuple(is_punct_word(w) for w in words)
    depths = []
    for o, c in (pair for pair in BRACKET_PAIRS if pair[0] in text or pair[1] in text):
        depth, run = 0, [0]
        for w in words:
            depth += w.count(o) - w.count(c)
            run.append(depth)
        depths.append(tuple(run))
    return Sentence(text, words, tags, tuple(starts), tuple(ends), tuple(clauses), punct, tuple(depths))


def balanced(s: Sentence, i: int, j: int) -> bool:
    """Whether words i..j (inclusive) close every bracket and quote they open, and open every one they close."""
    return all(run[j + 1] == run[i] and min(run[i : j + 2]) >= run[i] for run in s.brackets) if s.brackets else True
