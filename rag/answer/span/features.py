"""Features of every candidate span for one question, as one matrix (rows: spans, columns: FEATURES).

After the feature-based readers of SQuAD (Rajpurkar et al. 2016: span length, part of speech, matching
words around the span; Chen et al. 2017: exact-match features), adapted to Chinese and kept cheap:
- the slot: the question's characters next to its question word against the sentence's characters
  next to the span (`left_suffix`: how many characters before the span end exactly as the question
  does before 多少/谁/什么; `right_prefix` the same after it; `*_window`: looser overlaps), whether the
  word before (after) the span is a question word, and how far the span stands from the nearest one;
- repetition: a span that repeats the question's own words rarely answers it (`q_overlap`);
- type: the question's kind and question word against the span's shape (rag.answer.span.shape), the
  type word of 哪个城市 at its end, the asked unit (rag.evidence.cues);
- the sentence: how much of the question it holds, so the best span across sentences can be chosen.
Columns `*_rel` compare a span with the best of all spans scored together (one or several sentences).
Everything is arithmetic on columns; loops run over characters, words or distinct span edges.
"""

from __future__ import annotations

import numpy as np

from rag.answer.span.question import WH_CLASSES, Slot
from rag.answer.span.shape import HAN_NUMERALS, SHAPE_FEATURES, Table
from rag.evidence.cues import holds_quantity
from rag.question.analyse import QuestionInfo

KINDS = ("number", "date", "time", "name", "list", "reason", "compare", "other")
DENSITY = 12  # characters either side of a span over which question characters are counted, nearer ones more
_DECAY = 1.0 / np.arange(1, DENSITY + 1)
WINDOW = 8  # characters either side of a span compared with the question's characters next to its question word
FAR = 40.0  # the distance given when no question word is in the sentence
_FIGURE_CHARS = frozenset(HAN_NUMERALS + "数几$¥￥€£")  # what a quantity needs besides a digit

QUESTION_FEATURES = (
    ("q_overlap", "q_matched_words", "in_question", "left_suffix", "right_prefix", "left_window", "right_window",
     "prev_word_matched", "next_word_matched", "gap_left", "gap_right", "gap", "clause_match", "sentence_match",
     "slot_side", "type_word_end", "unit_match", "type_match", "left_density", "right_density", "type_word_inside",
     "type_word_next")
    + tuple(f"kind_{k}" for k in KINDS) + tuple(f"wh_{w}" for w in WH_CLASSES)
)
RELATIVE_FEATURES = ("left_suffix_rel", "right_prefix_rel", "gap_rel", "sentence_match_rel", "type_gap_rank")
FEATURES = SHAPE_FEATURES + QUESTION_FEATURES + RELATIVE_FEATURES
INDEX = {name: i for i, name in enumerate(FEATURES)}
_SHAPE = {name: i for i, name in enumerate(SHAPE_FEATURES)}


def _common_run(ctx: np.ndarray, question: str, at_end: bool, cap: int = 12) -> np.ndarray:
    """How many characters each row of `ctx` (code points, rag.answer.span.shape.codes: right-aligned
    when `at_end`) shares with `question` at its end (at its start), up to `cap`."""
    if at_end:
        ctx, question = ctx[:, -cap:][:, ::-1], question[::-1]
    q = np.full(cap, -2, dtype=np.int64)  # never equal to a character or to a row's padding
    q[: min(len(question), cap)] = [ord(ch) for ch in question[:cap]]
    return np.cumprod(ctx[:, :cap] == q, axis=1).sum(axis=1).astype(np.float64)


def _overlap(side: str, ctx: np.ndarray) -> np.ndarray:
    """Per row of `ctx` (code points): the share of the question's characters next to its question word
    (up to four) found in it."""
    if not side:
        return np.zeros(len(ctx))
    found = (ctx[:, :, None] == np.array([ord(ch) for ch in side])[None, None, :]).any(axis=1)
    return found.sum(axis=1) / len(side)


def _type_match(info: QuestionInfo, slot: Slot, shape: np.ndarray) -> np.ndarray:
    """1 when the span has the shape the question asks for (a figure for 多少, a date for 哪一年, ...)."""
    col = lambda name: shape[:, _SHAPE[name]]  # noqa: E731
    wh, kind = slot.wh, info.kind
    if kind in ("number", "compare") or wh == "number":
        return np.maximum(col("origin_quantity"), 0.5 * np.maximum(col("has_digit"), col("has_han_number")))
    if kind in ("time", "date") or wh == "when":
        return np.maximum(col("origin_date"), 0.5 * col("has_digit"))
    if wh == "where":
        return np.maximum(col("place_end"), col("last_proper"))
    if kind == "name" or wh == "who":
        return np.maximum.reduce([col("last_proper"), col("origin_name"), col("origin_quote")])
    if kind == "list":
        return col("origin_list")
    if kind == "reason" or wh in ("why", "how"):
        return np.maximum(col("origin_clause"), col("origin_clause_tail"))
    return np.maximum.reduce([col("origin_noun_phrase"), col("origin_title"), col("origin_quote")])


def span_features(info: QuestionInfo, slot: Slot, t: Table) -> np.ndarray:
    """The features of the spans of one sentence; the `*_rel` columns are left for `relate`."""
    s, c = t.sentence, t.spans
    a, b, n = c.start, c.end, len(c)
    norm = t.norm
    q_text = info.text.lower()
    in_q = np.array([ch in slot.chars for ch in norm], dtype=np.int64)
    word_matched = np.zeros(len(s.words) + 1, dtype=np.int64)  # the extra last entry stands for "no word" (-1)
    matched_char = np.zeros(len(norm), dtype=np.int64)
    for i, (st, en, punct) in enumerate(zip(s.starts, s.ends, s.punct)):
        w = norm[st:en]
        if not punct and (w in slot.words or (len(w) >= 2 and w in q_text) or (len(w) == 1 and w in slot.chars)):
            word_matched[i] = 1
            matched_char[st:en] = 1
    q_sum = np.concatenate(([0], np.cumsum(in_q)))
    m_sum = np.concatenate(([0], np.cumsum(matched_char)))
    inside = np.maximum(t.content[b] - t.content[a], 1).astype(np.float64)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    x[:, : len(SHAPE_FEATURES)] = t.shape

    def put(name: str, values) -> None:
        x[:, INDEX[name]] = values

    put("q_overlap", (q_sum[b] - q_sum[a]) / inside)
    put("q_matched_words", (m_sum[b] - m_sum[a]) / inside)
    put("in_question", [span in q_text for span in t.texts])
    before_q, after_q = slot.before, slot.after
    put("left_suffix", _common_run(t.left_codes, before_q, at_end=True)[t.start_of])
    put("right_prefix", _common_run(t.right_codes, after_q, at_end=False)[t.end_of])
    put("left_window", _overlap(before_q[-4:], t.left_codes[:, -WINDOW:])[t.start_of])
    put("right_window", _overlap(after_q[:4], t.right_codes[:, :WINDOW])[t.end_of])
    # characters of the question's side of its question word close to the same side of the span, nearer
    # ones counting more, whatever their order
    pad = np.zeros(DENSITY, dtype=np.int64)
    starts, ends = np.array(t.starts, dtype=np.int64), np.array(t.ends, dtype=np.int64)  # (a sentence may have none)
    if before_q:
        left_q = np.concatenate((pad, [ch in before_q for ch in norm], pad)).astype(np.float64)
        left_idx = starts[:, None] + DENSITY - 1 - np.arange(DENSITY)[None, :]  # a-1, a-2, ... in padded positions
        put("left_density", (left_q[left_idx] @ _DECAY / _DECAY.sum())[t.start_of])
    if after_q:
        right_q = np.concatenate((pad, [ch in after_q for ch in norm], pad)).astype(np.float64)
        right_idx = ends[:, None] + DENSITY + np.arange(DENSITY)[None, :]  # b, b+1, ...
        put("right_density", (right_q[right_idx] @ _DECAY / _DECAY.sum())[t.end_of])
    put("prev_word_matched", word_matched[t.prev_word])
    put("next_word_matched", word_matched[t.next_word])
    # distance to the nearest question word outside the span, on either side
    pos = np.arange(len(norm) + 1)
    # for each character position: where the last match before it ends, where the next one starts
    last_before = np.maximum.accumulate(np.where(np.concatenate(([0], matched_char)) > 0, pos, 0))
    next_after = np.minimum.accumulate(np.where(np.concatenate((matched_char, [1])) > 0, pos, len(norm))[::-1])[::-1]
    gap_left = np.where(last_before[a] > 0, a - last_before[a], FAR)
    gap_right = np.where(next_after[b] < len(norm), next_after[b] - b, FAR)
    gl, gr = np.log1p(np.minimum(gap_left, FAR)), np.log1p(np.minimum(gap_right, FAR))
    put("gap_left", gl)
    put("gap_right", gr)
    put("gap", np.minimum(gl, gr))
    n_chars = max(len(slot.chars), 1)
    put("clause_match", ((q_sum[t.clause_hi] - q_sum[t.clause_lo]) - (q_sum[b] - q_sum[a])) / n_chars)
    put("sentence_match", len(slot.chars & set(norm)) / n_chars)
    # the question's words stand on the side of the span where the question has them around its question word
    put("slot_side", ((1.0 if before_q else 0.0) - (1.0 if after_q else 0.0)) * (gr - gl) / np.log1p(FAR))
    if slot.type_word:
        tw = slot.type_word
        put("type_word_end", t.last_char == tw[-1])
        put("type_word_inside", [tw in span for span in t.texts])
        put("type_word_next", np.array([norm.startswith(tw, y) for y in t.ends], dtype=np.float64)[t.end_of])
    if info.unit:  # (only a span with a digit, a numeral or a currency sign can hold a quantity)
        figure = np.concatenate(([0], np.cumsum([ch.isdigit() or ch in _FIGURE_CHARS for ch in norm])))
        maybe = (figure[b] > figure[a]).tolist()
        put("unit_match", [m and holds_quantity(info, span) for m, span in zip(maybe, t.texts)])
    put("type_match", _type_match(info, slot, t.shape))
    if info.kind in KINDS:
        put(f"kind_{info.kind}", 1.0)
    put(f"wh_{slot.wh}", 1.0)
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
