"""English renderings of a Chinese short answer that is a number, an amount, a percentage, a date or a period.

    render_english("超过1800亿元")   # "over 180 billion yuan"
    render_english("约43亿美元")     # "about 4.3 billion US dollars"
    render_english("2025年上半年")   # "the first half of 2025"
    render_english("50%以上")        # "more than 50%"
    render_english("10月")           # "October"
    render_english("昆仑芯")         # None: not a number or a date; show the Chinese span, marked as such

Deterministic and faithful: a qualifier is rendered only when the Chinese has one (约 -> about,
近 -> nearly, 超过 -> over, 以上 -> more than ...), the value is computed exactly (Decimal) from
Arabic digits with 万/亿 magnitudes or from Chinese numerals (cn2an, loaded on first use), and
anything else — an unknown unit, two qualifiers that disagree, a vague amount (数亿) — gives None.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rag.answer.quantity import numeral_value, whole_value

_BEFORE = {"超过": "over", "超": "over", "逾": "over", "约": "about", "大约": "about", "约为": "about", "大概": "about",
           "近": "nearly", "将近": "nearly", "接近": "nearly", "多达": "up to", "高达": "as much as", "至少": "at least",
           "不到": "less than", "不足": "less than", "仅": "only", "达": "", "达到": ""}
_AFTER = {"以上": "more than", "多": "more than", "余": "more than", "有余": "more than", "之多": "as many as",
          "以下": "at most", "左右": "about", "上下": "about"}
_MAGNITUDE = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8,
              "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12}
_CURRENCY = {"元": "yuan", "元人民币": "yuan", "人民币": "yuan", "块": "yuan", "美元": "US dollars", "美金": "US dollars",
             "港元": "Hong Kong dollars", "港币": "Hong Kong dollars", "欧元": "euros", "日元": "yen", "英镑": "pounds"}
# units rendered after the number; a counting word (个, 家, 项...) says nothing the number does not
_UNITS = {"%": "%", "％": "%", "个百分点": "percentage points", "百分点": "percentage points", "倍": "times",
          "岁": "years old", "年": "years", "个月": "months", "天": "days", "小时": "hours", "分钟": "minutes", "秒": "seconds",
          "人": "people", "人次": "visits", "次": "times", "纳米": "nm", "米": "metres", "公里": "km", "千米": "km",
          "平方公里": "square kilometres", "吨": "tonnes", "公斤": "kg", "千克": "kg", "瓦": "W", "千瓦": "kW", "兆瓦": "MW",
          "吉瓦": "GW", "万人": "people", "个": "", "家": "", "项": "", "位": "", "名": "", "款": "", "种": "", "块": "",
          "台": "", "条": "", "座": "", "所": "", "枚": "", "只": "", "头": "", "辆": "", "架": "", "艘": "", "部": "",
          "本": "", "册": "", "卷": "", "集": "", "首": "", "张": "", "颗": "", "件": "", "间": "", "栋": "", "层": "",
          "届": "", "场": "", "期": "", "支": ""}
_DURATIONS = ("年", "个月", "天", "小时", "分钟", "秒")
_HAN_NUMBER = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
_NUMBER = rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_HAN_NUMBER}]+(?:点[{_HAN_NUMBER}]+)?)"
_AMOUNT = re.compile(
    rf"^(?P<before>{'|'.join(sorted(_BEFORE, key=len, reverse=True))})?{_NUMBER}"
    rf"(?P<mag>{'|'.join(sorted((m for m in _MAGNITUDE if m), key=len, reverse=True))})?"
    rf"(?P<after1>{'|'.join(sorted(_AFTER, key=len, reverse=True))})?"
    rf"(?P<unit>{'|'.join(sorted(list(_CURRENCY) + list(_UNITS), key=len, reverse=True))})?"
    rf"(?P<after2>{'|'.join(sorted(_AFTER, key=len, reverse=True))})?$")
_PERCENT_WORDS = re.compile(rf"^(?P<before>{'|'.join(sorted(_BEFORE, key=len, reverse=True))})?百分之(?P<num>[{_HAN_NUMBER}\d.点]+)"
                            rf"(?P<after1>{'|'.join(sorted(_AFTER, key=len, reverse=True))})?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_PARTS = {"上半年": "the first half of {y}", "下半年": "the second half of {y}", "初": "early {y}", "年初": "early {y}",
          "底": "the end of {y}", "末": "the end of {y}", "年底": "the end of {y}", "年末": "the end of {y}",
          "中": "mid-{y}", "年中": "mid-{y}", "第一季度": "the first quarter of {y}", "第二季度": "the second quarter of {y}",
          "第三季度": "the third quarter of {y}", "第四季度": "the fourth quarter of {y}", "一季度": "the first quarter of {y}",
          "二季度": "the second quarter of {y}", "三季度": "the third quarter of {y}", "四季度": "the fourth quarter of {y}",
          "前三季度": "the first three quarters of {y}", "全年": "the whole of {y}", "": "{y}"}
_YEAR = r"(?P<year>\d{4}|[〇零一二三四五六七八九]{4})年"
_DATE = re.compile(rf"^(?:{_YEAR})?(?:(?P<m1>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:\s*[-－—~～至到]\s*(?P<m2>\d{{1,2}}|[一二三四五六七八九十]{{1,3}}))?月份?"
                   rf"(?:(?P<day>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号])?)?$")
_YEAR_PART = re.compile(rf"^{_YEAR}(?P<part>{'|'.join(sorted((p for p in _PARTS if p), key=len, reverse=True))})?$")
_DECADE = re.compile(r"^(?P<decade>\d{3}0)年代(?P<part>初|末|中期)?$")


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros (63.525, 4.3, 180)."""
    text = format(value.normalize(), "f")
    return text


def english_number(value: Decimal) -> str:
    """180000000000 -> "180 billion", 4300000000 -> "4.3 billion", 12000 -> "12,000", 3.5 -> "3.5"."""
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return _plain(value)


def chinese_value(text: str) -> Decimal | None:
    """The number a Chinese amount states, magnitudes applied (超过1800亿元 -> 180000000000), or None."""
    m = _AMOUNT.match(text.strip()) or _PERCENT_WORDS.match(text.strip())
    if not m:
        return None
    number = numeral_value(m.group("num"))
    if number is None:
        return None
    magnitude = m.groupdict().get("mag") or ""
    return number * _MAGNITUDE[magnitude]


def _qualifier(m: re.Match) -> str | None:
    """The English qualifier of an amount, "" for none, None when two disagree."""
    words = {_BEFORE[m.group("before")]} if m.group("before") else set()
    words |= {_AFTER[g] for g in (m.groupdict().get("after1"), m.groupdict().get("after2")) if g}
    words.discard("")
    return None if len(words) > 1 else next(iter(words), "")


def _amount(text: str) -> str | None:
    m = _AMOUNT.match(text)
    percent_words = False
    if not m:
        m, percent_words = _PERCENT_WORDS.match(text), True
        if not m:
            return None
    value = chinese_value(text)
    qualifier = _qualifier(m)
    if value is None or qualifier is None:
        return None
    unit = "%" if percent_words else (m.groupdict().get("unit") or "")
    if unit == "年" and not m.groupdict().get("mag") and not qualifier and len(m.group("num")) == 4 and m.group("num").isdigit():
        return None  # 2017年 is a year, not 2017 years: a date
    bare = not (m.groupdict().get("mag") or unit or qualifier)
    if bare:
        return m.group("num") if m.group("num")[0].isdigit() else english_number(value)  # 2025 may be a year: as written
    if unit in _DURATIONS and m.group("before") in ("近", "将近"):
        return None  # 近十年 is "the past ten years" as often as "nearly ten years"
    number = english_number(value)
    if unit in _CURRENCY:
        body = f"{number} {_CURRENCY[unit]}"
    elif unit in ("%", "％"):
        body = f"{_plain(value)}%"
    elif unit in _UNITS:
        word = _UNITS[unit]
        body = f"{number} {word}".rstrip() if word else number
    else:
        body = number
    return f"{qualifier} {body}" if qualifier else body


def _month(text: str) -> int | None:
    value = whole_value(text)
    return value if value is not None and 1 <= value <= 12 else None


def _date(text: str) -> str | None:
    m = _DECADE.match(text)
    if m:
        part = {"初": "the early ", "末": "the late ", "中期": "the mid-"}.get(m.group("part") or "", "the ")
        return f"{part}{m.group('decade')}s"
    m = _YEAR_PART.match(text)
    if m and m.group("part") is not None:
        year = whole_value(m.group("year"))
        return None if year is None else _PARTS[m.group("part")].format(y=year)
    m = _DATE.match(text)
    if not m or not (m.group("year") or m.group("m1")):
        return None
    year = whole_value(m.group("year")) if m.group("year") else None
    if m.group("year") and year is None:
        return None
    if not m.group("m1"):
        return str(year)
    first = _month(m.group("m1"))
    last = _month(m.group("m2")) if m.group("m2") else None
    if first is None or (m.group("m2") and (last is None or last <= first)):
        return None
    if m.group("day"):
        day = whole_value(m.group("day"))
        if day is None or not 1 <= day <= 31 or last:
            return None
        return f"{MONTHS[first - 1]} {day}, {year}" if year else f"{MONTHS[first - 1]} {day}"
    months = f"{MONTHS[first - 1]} to {MONTHS[last - 1]}" if last else MONTHS[first - 1]
    return f"{months} {year}" if year else months


def render_english(span: str) -> str | None:
    """The English rendering of a Chinese number, amount, percentage, date or period; None for anything else."""
    text = re.sub(r"\s+", "", span).rstrip("。.，,")
    if not text or not re.search(rf"\d|[{_HAN_NUMBER}]", text):
        return None
    return _date(text) or _amount(text)
