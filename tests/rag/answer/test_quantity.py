"""Reading written quantities into numbers, and comparing them only when that is sound."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.quantity import compare, read_quantity


@pytest.mark.parametrize("text,low,high,kind,unit,qualifier", [
    ("超过3800亿元", 3.8e11, 3.8e11, "money", "元", "over"),
    ("约43亿美元", 4.3e9, 4.3e9, "money", "美元", "about"),
    ("数百亿美元", 2e10, 9e10, "money", "美元", ""),
    ("千亿美元级", 1e11, 1e12, "money", "美元", ""),
    ("50%以上", 50, 50, "percent", "%", "over"),
    ("2017年", 2017, 2017, "year", "年", ""),
    ("四年", 4, 4, "duration", "年", ""),
    ("100万个", 1e6, 1e6, "count", "个", ""),
    ("数十万块", 2e5, 9e5, "count", "块", ""),
    ("635.25亿元", 6.3525e10, 6.3525e10, "money", "元", ""),
])
def test_read_quantity(text, low, high, kind, unit, qualifier):
    q = read_quantity(text)
    assert (q.low, q.high, q.kind, q.unit, q.qualifier) == pytest.approx((low, high, kind, unit, qualifier))


@pytest.mark.parametrize("text", ["一站式", "三方面", "第一", "没有数字"])
def test_words_with_numerals_are_not_quantities(text):
    assert read_quantity(text) is None


def test_compare_only_like_with_like():
    r = read_quantity
    assert compare(r("超过3800亿元"), r("超过1800亿元")) == 1
    assert compare(r("2017年"), r("2025年初")) == -1
    assert compare(r("千亿美元级"), r("数百亿美元")) == 1  # ranges that do not overlap
    assert compare(r("数百亿美元"), r("300亿美元")) is None  # ranges that do
    assert compare(r("43亿美元"), r("635.25亿元")) is None  # other currencies
    assert compare(r("50%"), r("50亿元")) is None and compare(None, r("3年")) is None


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿", ""]), st.sampled_from(["元", "美元"]))
def test_digits_with_a_multiplier_read_back_exactly(n, mul, unit):
    q = read_quantity(f"{n}{mul}{unit}")
    assert q.low == q.high == n * {"万": 10_000, "亿": 100_000_000, "": 1}[mul] and q.unit == unit
