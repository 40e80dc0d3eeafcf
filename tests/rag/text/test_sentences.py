"""Sentence splitting with exact offsets, Chinese and English."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.text.sentences import sentence_spans, split_sentences


@pytest.mark.parametrize("text,expected", [
    ("百度投入了635.25亿元。阿里云呢？", ["百度投入了635.25亿元。", "阿里云呢？"]),
    # a title or an initial before a full stop ends no sentence
    ("The trial was led by Dr. Amara Nwosu of Leeds. It found a fall.",
     ["The trial was led by Dr. Amara Nwosu of Leeds.", "It found a fall."]),
    ("J. K. Rowling wrote it. She lives in St. Andrews.", ["J. K. Rowling wrote it.", "She lives in St. Andrews."]),
    # nor does one before a word in lower case; before a capital it does
    ("Acme Inc. said so. It was built by Acme Inc. The firm grew.",
     ["Acme Inc. said so.", "It was built by Acme Inc.", "The firm grew."]),
    ("Line one\nLine two", ["Line one", "Line two"]),
])
def test_sentences_end_where_a_reader_ends_them(text, expected):
    assert split_sentences(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab. D r\nJ。？!K")), max_size=60))
def test_spans_are_trimmed_non_empty_in_order_and_cover_every_word(text):
    spans = sentence_spans(text, base=3)
    assert all(s < e for s, e in spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(not text[s - 3].isspace() and not text[e - 4].isspace() for s, e in spans)
    assert "".join(text[s - 3:e - 3] for s, e in spans).replace(" ", "") == "".join(text.split())
