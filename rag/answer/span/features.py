"""Features of every candidate span of a sentence for one question, as one matrix (rows: spans, columns: FEATURES).

After the feature-based readers of SQuAD (Rajpurkar et al. 2016: span length, part of speech, matching
words around the span; Chen et al. 2017: exact-match features), adapted to Chinese and kept cheap:
- the slot: the question's characters next to its question word against the sentence's characters
  next to the span (`left_suffix`: how many characters before the span end exactly as the question
  does before 多少/谁/什么; `right_prefix` the same after it; `*_window`: looser overlaps), and how
  far the span stands from the nearest word it shares with the question;
- repetition: a span that repeats the question's own words rarely answers it (`q_overlap`);
- type: the question's kind and question word against the span's shape (quantity, date, name, list,
  clause, part of speech of its first and last word, the type word of 哪个城市 at its end, the asked unit);
- shape: length, position, clause boundaries, brackets;
- the sentence: how much of the question it holds (so the best span across sentences can be chosen).
Columns `*_rel` compare a span with the best of all spans scored together (one or several sentences).
Everything is arithmetic on columns; per position loops run once per word boundary, not per span.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from rag.answer.span.candidates import BIT, ORIGINS, Candidates
from rag.answer.span.question import GLUE, WH_CLASSES, Slot
from rag.answer.span.sentence import Sentence
from rag.evidence.cues import quantity_spans
from rag.question.analyse import QuestionInfo

KINDS = ("number", "date", "time", "name", "list", "reason", "compare", "other")
TAG_CLASSES = ("noun", "proper", "verb", "number", "time", "prep", "other")
_TAG_OF = (("nr", "proper"), ("ns", "proper"), ("nt", "proper"), ("nz", "proper"), ("eng", "proper"),
           ("m", "number"), ("q", "number"), ("t", "time"), ("f", "time"), ("v", "verb"), ("p", "prep"),
           ("n", "noun"), ("j", "noun"), ("s", "noun"))
PLACE_END = "省市县区州国镇乡村岛山河江湖海洋路街道港湾城州府郡岸部洲"
COPULA = "是为即指乃称叫"
PREPOSITION = "于在由被自从向给对"
WINDOW = 8  # characters either side of a span compared with the question's words next to its question word
FAR = 40.0  # the distance given when no question word is in the sentence

FEATURES = (
    ("length", "log_length", "words", "position", "at_clause_start", "at_clause_end", "whole_clause", "in_brackets",
     "has_digit", "has_han_number", "has_latin", "all_latin")
    + tuple(f"origin_{o}" for o in ORIGINS)
    + tuple(f"first_{t}" for t in TAG_CLASSES) + tuple(f"last_{t}" for t in TAG_CLASSES)
    + ("q_overlap", "q_matched_words", "in_question", "left_suffix", "right_prefix", "left_window", "right_window",
       "gap_left", "gap_right", "gap", "after_copula", "after_preposition", "before_de", "before_punct",
       "clause_match", "sentence_match", "slot_side", "type_word_end", "unit_match", "place_end", "type_match")
    + tuple(f"kind_{k}" for k in KINDS) + tuple(f"wh_{w}" for w in WH_CLASSES)
    + ("left_suffix_rel", "right_prefix_rel", "gap_rel", "sentence_match_rel", "type_gap_rank")
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


@lru_cache(maxsize=4096)
def _norm(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch).lower()
    return n[0] if n else ch


def _tag_class(tag: str) -> str:
    return next((cls for prefix, cls in _TAG_OF if tag.startswith(prefix)), "other")


def _common_suffix(a: str, b: str, cap: int = 12) -> int:
    n = 0
    while n < cap and n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str, cap: int = 12) -> int:
    n = 0
    while n < cap and n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _strip_right(text: str) -> str:
    j = len(text)
    while j > 0 and text[j - 1] in GLUE:
        j -= 1
    return text[:j]


def _strip_left(text: str) -> str:
    i = 0
    while i < len(text) and text[i] in GLUE:
        i += 1
    return text[i:]


def _overlap(side: str, context: str) -> float:
    """Share of the (up to four) question characters next to the question word found in `context`."""
    return sum(ch in context for ch in side) / len(side) if side else 0.0


def _type_match(info: QuestionInfo, slot: Slot, cols: dict[str, np.ndarray]) -> np.ndarray:
    """1 when the span has the shape the question asks for (a figure for 多少, a date for 哪一年, ...)."""
    wh, kind = slot.wh, info.kind
    if kind in ("number", "compare") or wh == "number":
        return np.maximum(cols["origin_quantity"], cols["has_digit"] * 0.5 + cols["has_han_number"] * 0.5)
    if kind in ("time", "date") or wh == "when":
        return np.maximum(cols["origin_date"], cols["has_digit"] * 0.5)
    if wh == "where":
        return np.maximum(cols["place_end"], cols["last_proper"])
    if kind == "name" or wh == "who":
        return np.maximum(np.maximum(cols["last_proper"], cols["origin_name"]), cols["origin_quote"])
    if kind == "list":
        return cols["origin_list"]
    if kind == "reason" or wh in ("why", "how"):
        return np.maximum(cols["origin_clause"], cols["origin_clause_tail"])
    return np.maximum(np.maximum(cols["origin_noun_phrase"], cols["origin_title"]), cols["origin_quote"])


def sentence_features(info: QuestionInfo, slot: Slot, s: Sentence, c: Candidates) -> np.ndarray:
    """The features of the spans of one sentence; the `*_rel` columns are left for `relate`."""
    n, text = len(c), s.text
    a, b = c.start, c.end
    cols: dict[str, np.ndarray] = {}
    norm = [_norm(ch) for ch in text]
    content = np.array([ch.isalnum() for ch in norm], dtype=np.int64)
    in_q = np.array([ch in slot.chars for ch in norm], dtype=np.int64)
    matched_word = np.zeros(len(text), dtype=np.int64)
    q_text = info.text.lower()
    for w, st, en, punct in zip(s.words, s.starts, s.ends, s.punct):
        low = w.lower()
        if not punct and (low in slot.words or (len(low) >= 2 and low in q_text) or (len(low) == 1 and low in slot.chars)):
            matched_word[st:en] = 1
    c_sum = np.concatenate(([0], np.cumsum(content)))
    q_sum = np.concatenate(([0], np.cumsum(in_q)))
    m_sum = np.concatenate(([0], np.cumsum(matched_word)))
    length = (b - a).astype(np.float64)
    inside = np.maximum(c_sum[b] - c_sum[a], 1).astype(np.float64)
    cols["length"] = length
    cols["log_length"] = np.log1p(length)
    first = np.searchsorted(np.array(s.starts), a, side="right") - 1
    last = np.searchsorted(np.array(s.starts), b - 1, side="right") - 1
    cols["words"] = (last - first + 1).astype(np.float64)
    cols["position"] = a / max(len(text), 1)
    clause_of = np.zeros(len(s.words), dtype=np.int64)
    clause_lo = np.zeros(len(s.words), dtype=np.int64)
    clause_hi = np.zeros(len(s.words), dtype=np.int64)
    for k, (lo, hi) in enumerate(s.clauses):
        clause_of[lo:hi], clause_lo[lo:hi], clause_hi[lo:hi] = k, s.starts[lo], s.ends[hi - 1]
    cols["at_clause_start"] = (a <= clause_lo[first]).astype(np.float64)
    cols["at_clause_end"] = (b >= clause_hi[last]).astype(np.float64)
    cols["whole_clause"] = cols["at_clause_start"] * cols["at_clause_end"]
    opened = np.array([ch in "（(【[" for ch in text], dtype=np.int64).cumsum()
    closed = np.array([ch in "）)】]" for ch in text], dtype=np.int64).cumsum()
    depth = np.concatenate(([0], opened - closed))
    cols["in_brackets"] = (depth[a] > 0).astype(np.float64)
    digit = np.concatenate(([0], np.cumsum([ch.isdigit() for ch in norm])))
    han_num = np.concatenate(([0], np.cumsum([ch in "零〇一二三四五六七八九十百千万亿两" for ch in norm])))
    latin = np.concatenate(([0], np.cumsum([ch.isascii() and ch.isalpha() for ch in norm])))
    cols["has_digit"] = (digit[b] > digit[a]).astype(np.float64)
    cols["has_han_number"] = (han_num[b] > han_num[a]).astype(np.float64)
    cols["has_latin"] = (latin[b] > latin[a]).astype(np.float64)
    cols["all_latin"] = ((latin[b] - latin[a]) >= (c_sum[b] - c_sum[a]) - (digit[b] - digit[a])).astype(np.float64) * cols["has_latin"]
    for name in ORIGINS:
        cols[f"origin_{name}"] = ((c.origin & BIT[name]) != 0).astype(np.float64)
    tag_class = np.array([TAG_CLASSES.index(_tag_class(t)) for t in s.tags])
    for k, t in enumerate(TAG_CLASSES):
        cols[f"first_{t}"] = (tag_class[first] == k).astype(np.float64)
        cols[f"last_{t}"] = (tag_class[last] == k).astype(np.float64)

    # repetition of the question
    cols["q_overlap"] = (q_sum[b] - q_sum[a]) / inside
    cols["q_matched_words"] = (m_sum[b] - m_sum[a]) / inside
    span_texts = [text[x:y].lower() for x, y in zip(a.tolist(), b.tolist())]
    cols["in_question"] = np.array([t in q_text for t in span_texts], dtype=np.float64)

    # the slot: per distinct start (end), the sentence's content characters before (after) it
    chars = "".join(ch for ch in norm if ch.isalnum())
    before_q, after_q = slot.before, slot.after
    left = {x: chars[: c_sum[x]] for x in set(a.tolist())}
    right = {y: chars[c_sum[y] :] for y in set(b.tolist())}
    suffix = {x: _common_suffix(_strip_right(t), before_q) for x, t in left.items()}
    prefix = {y: _common_prefix(_strip_left(t), after_q) for y, t in right.items()}
    lwin = {x: _overlap(before_q[-4:], t[-WINDOW:]) for x, t in left.items()}
    rwin = {y: _overlap(after_q[:4], t[:WINDOW]) for y, t in right.items()}
    cols["left_suffix"] = np.array([suffix[x] for x in a.tolist()], dtype=np.float64)
    cols["right_prefix"] = np.array([prefix[y] for y in b.tolist()], dtype=np.float64)
    cols["left_window"] = np.array([lwin[x] for x in a.tolist()], dtype=np.float64)
    cols["right_window"] = np.array([rwin[y] for y in b.tolist()], dtype=np.float64)
    # distance to the nearest question word outside the span, on either side
    idx = np.arange(len(text) + 1)
    last_before = np.maximum.accumulate(np.where(np.concatenate(([0], matched_word)) > 0, idx, -1))  # last matched char < k, +1
    nxt = np.where(np.concatenate((matched_word, [1])) > 0, idx, len(text) + 10 ** 6)
    next_after = np.minimum.accumulate(nxt[::-1])[::-1]  # first matched char >= k
    gap_left = np.where(last_before[a] > 0, a - last_before[a], FAR)
    gap_right = np.where(next_after[b] <= len(text) - 1, next_after[b] - b, FAR)
    cols["gap_left"] = np.log1p(np.minimum(gap_left, FAR))
    cols["gap_right"] = np.log1p(np.minimum(gap_right, FAR))
    cols["gap"] = np.minimum(cols["gap_left"], cols["gap_right"])
    prev_char = [text[x - 1] if x > 0 else "" for x in a.tolist()]
    next_char = [text[y] if y < len(text) else "" for y in b.tolist()]
    cols["after_copula"] = np.array([ch != "" and ch in COPULA for ch in prev_char], dtype=np.float64)
    cols["after_preposition"] = np.array([ch != "" and ch in PREPOSITION for ch in prev_char], dtype=np.float64)
    cols["before_de"] = np.array([ch == "的" for ch in next_char], dtype=np.float64)
    cols["before_punct"] = np.array([ch == "" or not ch.isalnum() for ch in next_char], dtype=np.float64)
    n_chars = max(len(slot.chars), 1)
    clause_q = q_sum[clause_hi[last]] - q_sum[clause_lo[first]]
    cols["clause_match"] = (clause_q - (q_sum[b] - q_sum[a])) / n_chars
    present = len(slot.chars & set(norm))
    cols["sentence_match"] = np.full(n, present / n_chars)
    # which side of the span the question's words stand, against which side the question word has them
    want = (1.0 if before_q else 0.0) - (1.0 if after_q else 0.0)
    cols["slot_side"] = want * (cols["gap_right"] - cols["gap_left"]) / np.log1p(FAR)

    # type
    tw = slot.type_word
    cols["type_word_end"] = np.array([bool(tw) and (t.endswith(tw) or t[-1:] == tw[-1:]) for t in span_texts], dtype=np.float64)
    cols["unit_match"] = np.array([bool(info.unit) and bool(quantity_spans(info, t)) for t in span_texts], dtype=np.float64)
    cols["place_end"] = np.array([t[-1:] in PLACE_END for t in span_texts], dtype=np.float64)
    cols["type_match"] = _type_match(info, slot, cols)
    for k in KINDS:
        cols[f"kind_{k}"] = np.full(n, float(info.kind == k))
    for w in WH_CLASSES:
        cols[f"wh_{w}"] = np.full(n, float(slot.wh == w))
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    for name, values in cols.items():
        x[:, INDEX[name]] = values
    return x


def relate(x: np.ndarray) -> np.ndarray:
    """Fill the `*_rel` columns: each span against the best of all spans scored together."""
    if not len(x):
        return x
    for name in ("left_suffix", "right_prefix", "sentence_match"):
        col = x[:, INDEX[name]]
        x[:, INDEX[f"{name}_rel"]] = col - col.max()
    gap = x[:, INDEX["gap"]]
    x[:, INDEX["gap_rel"]] = gap - gap.min()
    typed = x[:, INDEX["type_match"]] > 0
    rank = np.full(len(x), 10.0)
    if typed.any():
        order = np.argsort(gap[typed], kind="stable")
        ranks = np.empty(order.size)
        ranks[order] = np.arange(order.size)
        rank[typed] = np.minimum(ranks, 10.0)
    x[:, INDEX["type_gap_rank"]] = rank
    return x

