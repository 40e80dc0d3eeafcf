"""English renderings of Chinese numbers, amounts, percentages and dates: examples, refusals, and round trips.

The round trips read the English back with a parser written here, independently of the module, and
compare the number with the one the Chinese states (mantissa x magnitude, computed in the test).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.english import chinese_value, render_english


@pytest.mark.parametrize(("chinese", "english"), [
    ("超过1800亿元", "over 180 billion yuan"),
    ("约43亿美元", "about 4.3 billion US dollars"),
    ("43亿美元", "4.3 billion US dollars"),
    ("2025年上半年", "the first half of 2025"),
    ("50%以上", "more than 50%"),
    ("10月", "October"),
    ("三千八百亿元", "380 billion yuan"),
    ("635.25亿元", "63.525 billion yuan"),
    ("150多个", "more than 150"),
    ("多达100万个", "up to 1 million"),
    ("超50%", "over 50%"),
    ("百分之五十", "50%"),
    ("1.2万人", "12,000 people"),
    ("2025年初", "early 2025"),
    ("2025年1-9月", "January to September 2025"),
    ("1668年7月25日", "July 25, 1668"),
    ("2017年", "2017"),
    ("1990年代", "the 1990s"),
    ("四年", "4 years"),
    ("358个", "358"),
    ("2025", "2025"),  # a bare number as written: it may be a year
    ("三百五十八", "358"),
])
def test_renderings(chinese, english):
    assert render_english(chinese) == english


@pytest.mark.parametrize("chinese", [
    "昆仑芯",  # not a number
    "数亿美元",  # a vague amount
    "约150多个",  # two qualifiers that say different things
    "近十年",  # the past ten years, or nearly ten years
    "80%的企业",  # more than an amount
    "13月",  # no such month
    "",
])
def test_what_cannot_be_rendered_faithfully_is_none(chinese):
    assert render_english(chinese) is None


def test_about_only_when_the_chinese_says_so():
    assert "about" not in render_english("43亿美元")
    assert render_english("约43亿美元").startswith("about ")
    assert render_english("大约43亿美元").startswith("about ")
    assert render_english("近43亿美元").startswith("nearly ")


# ---- round trips --------------------------------------------------------------------------------

MAGNITUDES = {"": 1, "千": 10**3, "万": 10**4, "百万": 10**6, "亿": 10**8}
CURRENCIES = {"元": "yuan", "美元": "US dollars", "人民币": "yuan"}
QUALIFIERS = {"": ("", ""), "超过": ("超过", ""), "约": ("约", ""), "近": ("近", ""), "以上": ("", "以上")}
ENGLISH_QUALIFIER = {"": "", "超过": "over", "约": "about", "近": "nearly", "以上": "more than"}
SCALES = {"trillion": 10**12, "billion": 10**9, "million": 10**6}
_ENGLISH = re.compile(r"^(?:(?P<q>over|about|nearly|more than|up to|at least) )?(?P<n>[\d,]+(?:\.\d+)?)"
                      r"(?: (?P<scale>trillion|billion|million))?(?P<pct>%)?(?: (?P<unit>.+))?$")


def read_english(text: str) -> tuple[str, Decimal, str]:
    """(qualifier, value, unit) of an English amount: "over 180 billion yuan" -> ("over", 180000000000, "yuan")."""
    m = _ENGLISH.match(text)
    assert m, text
    value = Decimal(m.group("n").replace(",", "")) * SCALES.get(m.group("scale") or "", 1)
    return m.group("q") or "", value, "%" if m.group("pct") else (m.group("unit") or "")


mantissas = st.one_of(st.integers(min_value=1, max_value=99_999).map(str),
                      st.tuples(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=99))
                      .map(lambda t: f"{t[0]}.{t[1]:02d}".rstrip("0")))


@settings(max_examples=150, deadline=None)
@given(mantissa=mantissas, magnitude=st.sampled_from(sorted(MAGNITUDES)), currency=st.sampled_from(sorted(CURRENCIES)),
       qualifier=st.sampled_from(sorted(QUALIFIERS)))
def test_amounts_round_trip(mantissa, magnitude, currency, qualifier):
    before, after = QUALIFIERS[qualifier]
    chinese = f"{before}{mantissa}{magnitude}{currency}{after}"
    english = render_english(chinese)
    assert english is not None, chinese
    q, value, unit = read_english(english)
    assert value == Decimal(mantissa) * MAGNITUDES[magnitude]
    assert value == chinese_value(chinese)
    assert q == ENGLISH_QUALIFIER[qualifier]
    assert unit == CURRENCIES[currency]


@settings(max_examples=100, deadline=None)
@given(number=st.integers(min_value=1, max_value=9999), magnitude=st.sampled_from(["", "万", "亿"]),
       qualifier=st.sampled_from(sorted(QUALIFIERS)))
def test_chinese_numerals_round_trip(number, magnitude, qualifier):
    import cn2an

    before, after = QUALIFIERS[qualifier]
    chinese = f"{before}{cn2an.an2cn(number)}{magnitude}元{after}"
    q, value, unit = read_english(render_english(chinese))
    assert (q, value, unit) == (ENGLISH_QUALIFIER[qualifier], Decimal(number * MAGNITUDES[magnitude]), "yuan")


@settings(max_examples=100, deadline=None)
@given(whole=st.integers(min_value=0, max_value=100), tenths=st.integers(min_value=0, max_value=9),
       qualifier=st.sampled_from(sorted(QUALIFIERS)))
def test_percentages_round_trip(whole, tenths, qualifier):
    before, after = QUALIFIERS[qualifier]
    number = f"{whole}.{tenths}" if tenths else str(whole)
    q, value, unit = read_english(render_english(f"{before}{number}%{after}"))
    assert (q, value, unit) == (ENGLISH_QUALIFIER[qualifier], Decimal(number), "%")
