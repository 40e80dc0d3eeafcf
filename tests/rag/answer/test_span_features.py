"""The span features computed column-wise agree with their plain per-string definitions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.span.features import INDEX, WINDOW, span_features
from rag.answer.span.question import slot_of
from rag.answer.span.shape import CONTEXT, codes, table
from rag.question.analyse import analyse

HAN = "百度阿里云收入研发投入亿元年的是在了和与超过"
text = st.text(alphabet=HAN + "0123456789，。AI", min_size=0, max_size=20)


def common_suffix(a: str, b: str, cap: int = 12) -> int:
    n = 0
    while n < cap and n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def common_prefix(a: str, b: str, cap: int = 12) -> int:
    return common_suffix(a[::-1], b[::-1], cap)


def share(side: str, context: str) -> float:
    return sum(ch in context for ch in side) / len(side) if side else 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=HAN, max_size=CONTEXT), min_size=1, max_size=6))
def test_codes_keep_the_last_or_first_characters_and_pad_the_rest(texts):
    left, right = codes(tuple(texts), CONTEXT, right_aligned=True), codes(tuple(texts), CONTEXT, right_aligned=False)
    for i, t in enumerate(texts):
        assert "".join(chr(c) for c in left[i] if c >= 0) == t == "".join(chr(c) for c in right[i] if c >= 0)
        assert (left[i, : CONTEXT - len(t)] == -1).all() and (right[i, len(t):] == -1).all()


@settings(max_examples=80, deadline=None)
@given(sentence=text.filter(lambda s: s.strip("，。")), question=text)
def test_slot_features_equal_their_per_string_definitions(sentence, question):
    info = analyse((question or "百度") + "有多少？")
    slot, t = slot_of(info.text), table(sentence)
    x = span_features(info, slot, t)
    assert x.shape == (len(t.spans), len(INDEX))
    for row, (s, e) in enumerate(zip(t.start_of, t.end_of)):
        left, right = t.left[s], t.right[e]
        assert x[row, INDEX["left_suffix"]] == common_suffix(left, slot.before)
        assert x[row, INDEX["right_prefix"]] == common_prefix(right, slot.after)
        assert x[row, INDEX["left_window"]] == share(slot.before[-4:], left[-WINDOW:])
        assert x[row, INDEX["right_window"]] == share(slot.after[:4], right[:WINDOW])


def test_a_sentence_with_no_spans_has_no_rows_and_does_not_stop_the_others():
    from rag.answer.span import best_span_in

    info = analyse("百度近十年的研发投入有多少？")
    assert span_features(info, slot_of(info.text), table("。")).shape == (0, len(INDEX))
    span = best_span_in(info, ["。", "百度近十年累计投入的研发资金超过1800亿元。"])
    assert span is not None and span.sentence == 1 and "1800亿元" in span.text


def test_a_quantity_of_the_asked_unit_is_found_only_in_spans_that_hold_one():
    info = analyse("这个芯片是几纳米的？")
    t = table("该芯片采用7纳米工艺，性能提升三成。")
    x = span_features(info, slot_of(info.text), t)
    unit = dict(zip(t.texts, x[:, INDEX["unit_match"]]))
    assert unit and all(v == (1.0 if "7纳米" in s else 0.0) for s, v in unit.items())
    assert np.count_nonzero(x[:, INDEX["unit_match"]]) >= 1
