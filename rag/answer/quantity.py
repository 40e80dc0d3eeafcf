"""Quantities as the documents write them, read into numbers: 超过3800亿元, 约43亿美元, 数百亿美元,
50%以上, 2017年, 四年. One reader for every part that compares or renders figures.

    read_quantity("超过3800亿元")  -> Quantity(low=3.8e11, high=3.8e11, kind="money", unit="元", qualifier="over")
    read_quantity("数百亿美元")    -> Quantity(low=2e10, high=9e10, kind="money", unit="美元", qualifier="")

Vague amounts (数百亿, 数十万, 千亿级) are ranges; two quantities compare only when they are of the same
kind and unit and their ranges do not overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_HAN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_MULTIPLIER = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000, "万亿": 10**12}
_CURRENCY = ("美元", "美金", "人民币", "港元", "港币", "欧元", "英镑", "日元", "元", "块钱")
COUNTERS = "个位家间倍台块项种条座所款辆层届名人次张枚颗部本"  # measure words of a count (28间, 150多个)
_OVER = re.compile(r"^(?:超过|超|逾)")
_REACHED = re.compile(r"^(?:高达|多达|达到|达)")  # "reached", "as much as": the figure itself, no bound
_ABOUT = re.compile(r"^(?:约|大约|大概|近|将近|接近|差不多)")
_ABOVE = re.compile(r"(?:以上|多|余)$")
QUANTITY = re.compile(
    r"(?:超过|超|逾|高达|多达|达到|达|约|大约|大概|近|将近|接近)?"
    r"(?:(?P<vague>数|几)(?P<vmul>十|百|千|万|亿)(?P<vmul2>万|亿)?|(?P<num>\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+))"
    r"\s*(?P<mul>万亿|亿|万|千|百)?(?P<level>级)?\s*(?:多|余)?"
    r"(?P<unit>%|％|美元|美金|人民币|港元|港币|欧元|英镑|日元|元|块钱|年|个月|月|天|[" + COUNTERS + r"])?"
    r"(?P<level2>级)?(?:以上)?")


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float  # low == high for an exact figure
    kind: str  # money, percent, year, duration, count, number
    unit: str  # 元, 美元, %, 年...
    qualifier: str = ""  # over, about, or ""
    text: str = ""  # as written

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def stated(self) -> str:
        """The figure as written, without a verb of reaching before it (达到194亿元 -> 194亿元, 高达36% -> 36%);
        a bound stays (超过1800亿元, 约43亿美元)."""
        return _REACHED.sub("", self.text)


def whole_value(text: str) -> int | None:
    """The value of a whole Arabic or Chinese numeral (2025, 三千八百), or None."""
    if text.isdigit():
        return int(text)
    try:
        import cn2an

        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def numeral_value(text: str) -> Decimal | None:
    """The value of an Arabic or Chinese numeral (1,800, 635.25, 三千八百, 一点五)."""
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", text):
        return Decimal(text.replace(",", ""))
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = whole_value(whole)
        digits = "".join(str("零一二三四五六七八九".find(ch)) if ch in "零一二三四五六七八九" else "" for ch in frac)
        return None if w is None or len(digits) != len(frac) else Decimal(f"{w}.{digits}")
    value = whole_value(text)
    return None if value is None else Decimal(value)


def _number(text: str) -> float | None:
    if text in ("十", "百", "千"):  # 千亿: a thousand 亿
        return float(_MULTIPLIER[text])
    value = numeral_value(text)
    return None if value is None else float(value)


def read_quantity(text: str) -> Quantity | None:
    """The first quantity written in `text`, or None."""
    for m in QUANTITY.finditer(text):
        q = _from_match(m)
        if q is not None:
            return q
    return None


def _from_match(m: re.Match) -> Quantity | None:
    unit = m.group("unit") or ""
    mul = _MULTIPLIER.get(m.group("mul") or "", 1)
    if m.group("vague"):
        base = _MULTIPLIER[m.group("vmul")] * _MULTIPLIER.get(m.group("vmul2") or "", 1) * mul
        low, high = 2 * base, 9 * base  # 数百 is a few hundred: two to nine hundred
    else:
        value = _number(m.group("num"))
        if value is None:
            return None
        low = high = value * mul
        if m.group("level") or m.group("level2"):  # 千亿级, 千亿美元级: of that order of magnitude
            high = low * 10
    if not unit and mul == 1 and not m.group("vague") and not (m.group("level") or m.group("level2")):
        if not re.fullmatch(r"\d+(?:\.\d+)?", m.group("num") or ""):
            return None  # a bare Han numeral is too often part of a word (一站式, 三方面)
    written = m.group(0)
    qualifier = "over" if _OVER.match(written) or _ABOVE.search(written) else "about" if _ABOUT.match(written) else ""
    if unit in ("%", "％"):
        kind, unit = "percent", "%"
    elif unit in _CURRENCY:
        kind = "money"
    elif unit == "年" and not m.group("mul") and re.fullmatch(r"(?:19|20)\d{2}", m.group("num") or ""):
        kind = "year"
    elif unit in ("年", "个月", "月", "天"):
        kind = "duration"
    elif unit:
        kind = "count"
    else:
        kind = "year" if re.fullmatch(r"(?:19|20)\d{2}", m.group("num") or "") else "number"
    return Quantity(low, high, kind, unit, qualifier, written)


def compare(a: Quantity | None, b: Quantity | None) -> int | None:
    """1 when a is larger (later, for years), -1 when smaller, 0 when equal; None when either is
    missing, they are of different kinds or units, or their ranges overlap."""
    if a is None or b is None or a.kind != b.kind or (a.kind in ("money", "count", "duration") and a.unit != b.unit):
        return None
    if a.low > b.high:
        return 1
    if a.high < b.low:
        return -1
    return 0 if a.exact and b.exact and a.low == b.low else None
