"""The periods a text names within a year or as a span of years, normalised, with how the text writes them.

    periods("2025年上半年收入")       -> {"H1": "上半年"}
    periods("今年第三季度", ...)      -> {"Q3": "第三季度"}
    periods("2025年1-9月") / "前三季度" -> {"M1-9": ...}
    periods("未来三年投入")           -> {"next 3y": "未来三年"}

A question about one period answered from a sentence about another of the same kind (全年 asked,
上半年 told; 第三季度 asked, 1-9月 told; 未来五年 asked, 未来三年 told) is answered with a
qualification that says so (rag.evidence.qualify). Years themselves are compared there.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PART = re.compile(r"(?P<h>[上下])半年|(?P<fy>全年度?|一整年)|(?:第)?(?P<q>[一二三四1-4])季度|\bQ(?P<qe>[1-4])\b"
                   r"|(?<=\d)H(?P<he>[12])\b|前三季度|前(?:九|9)个月|1\s*[-－~～至到]\s*9\s*月"
                   r"|first half|second half|full[- ]year"
                   r"|(?P<fyen>\b(?:the )?(?:whole|entire|all) (?:of )?(?:the )?(?:(?:19|20)\d{2}|year)\b)"
                   r"|(?:the )?(?P<qen>first|second|third|fourth) quarter", re.I)
# (这十年, 这十来年: the years up to now; 十来年, 十多年: about ten)
_SPAN = re.compile(r"(?P<dir>未来|接下来|今后|近|过去|最近|这|next|past|last)\s*(?P<n>[一二两三四五六七八九十\d]{1,2})\s*"
                   r"(?:来|多)?(?:个)?(?:年|years?\b)", re.I)
# a comparison's base right before a period (较2024年全年, 比去年一整年, 同比上年, compared with the first half)
_BASE = re.compile(r"(?:较|比|相比|相较|对比|同比|环比)(?:于)?\s*(?:(?:19|20)\d{2}\s*年?|去年|上年|前年)?\s*(?:的)?$"
                   r"|\b(?:compared (?:with|to)|than|versus|vs\.?)\s+(?:the\s+)?(?:(?:19|20)\d{2}\s+)?$", re.I)
_COMPARES = re.compile(r"比|较|相比|相较|对比|超过|多出|增长|增加|减少|下降|涨|跌|哪个更|\bexceed|\bcompared?\b|\bthan\b"
                       r"|\bgrowth\b|\bgr[eo]w\b|\brise\b|\bincrease|\bdecrease|\bfell\b|\bdrop", re.I)
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
PART_KIND, SPAN_KIND = "part", "span"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUM.get(text[1:], 0)
    if text.endswith("十"):
        return 10 * _NUM.get(text[0], 0)
    return _NUM.get(text, 0)


def compares(question: str) -> bool:
    """The question compares (比, 增长, than): the base of a comparison a sentence names is what it asks about too."""
    return bool(_COMPARES.search(question))


def year_told(text: str, year: str, bases: bool) -> bool:
    """`text` names `year` other than as the base of a comparison (较2024年全年激增170% tells 2025's count, not
    2024's), or at all with `bases`."""
    return any(bases or not compared_against(text, m.start()) for m in re.finditer(re.escape(year), text))


def compared_against(text: str, at: int) -> bool:
    """The words at `at` name the base of a comparison (比去年同期, 较2024年全年, than 2024; 跟去年全年比,
    和2024年相比), not the period the text is about."""
    before = text[max(0, at - 20) : at]
    return bool(_BASE.search(before) or _WITH.search(before) and _THEN_COMPARED.match(text, at))


# the base of a comparison named between 跟/和/与/同 and 比/相比 (跟去年全年比涨了多少, 和2024年相比)
_WITH = re.compile(r"(?:跟|和|与|同)\s*(?:(?:19|20)\d{2}\s*年?|去年|上年|前年)?\s*(?:的)?$")
_THEN_COMPARED = re.compile(r"[^，,。；;？?比较]{1,10}?(?:相比|相较|比较|对比|比)(?![例重率值])")


def periods(text: str, bases: bool = True) -> dict[str, str]:
    """{normalised period: the words that name it} for the parts of a year and spans of years in `text`;
    without the bases of comparisons (较2024年全年激增170%: 全年 is compared against, not told) unless
    `bases`."""
    return dict(_periods(text, bases))


@lru_cache(maxsize=4096)  # the same passages' sentences are read question after question
def _periods(text: str, bases: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _PART.finditer(text):
        if not bases and compared_against(text, m.start()):
            continue
        word = m.group(0)
        low = word.lower()
        if m.group("h"):
            key = "H1" if m.group("h") == "上" else "H2"
        elif m.group("he"):
            key = "H" + m.group("he")
        elif m.group("fy") or m.group("fyen") or low.startswith("full"):
            key = "FY"
        elif m.group("q") or m.group("qe"):
            key = "Q" + str(_number(m.group("q") or m.group("qe")))
        elif m.group("qen"):
            key = "Q" + str(_EN_ORD[m.group("qen").lower()])
        elif "half" in low:
            key = "H1" if low.startswith("first") else "H2"
        else:
            key = "M1-9"
        if text[max(0, m.start() - 2) : m.start()] in ("去年", "上年", "前年"):
            key, word = "previous " + key, text[m.start() - 2 : m.end()]  # 去年全年 is not this year's
        found.setdefault(key, word)
    for m in _SPAN.finditer(text):
        ahead = m.group("dir").lower() in ("未来", "接下来", "今后", "next")
        found.setdefault(f"{'next' if ahead else 'past'} {_number(m.group('n'))}y", m.group(0))
    return found


def kind_of(key: str) -> str:
    """Parts of a year are compared with parts, spans with spans in the same direction (未来五年 with
    未来三年; 近十年 against 未来三年 is what happened against a plan, not another period)."""
    if key.endswith("y") and " " in key:
        return SPAN_KIND + " " + key.split()[0]
    return PART_KIND


def other_period(question: str, sentence: str, context: str) -> tuple[str, str] | None:
    """(asked, given) when the question names a period the sentence and its context do not, and the
    sentence names another of the same kind, or names none of that kind and its context (the sentence
    before: 同期, 但其...) does, or names a span of past years where a part of a year is asked (or the
    other way round) and its context names none of the asked kind; None otherwise."""
    # the base of a comparison answers a question that compares (超过2024年全年多少), not one that does not
    # (the question's own base, 比去年一整年, is what it compares against, not the period it asks about)
    bases = compares(question)
    asked, told, around = periods(question, False), periods(sentence, bases), periods(context, bases)
    for key, word in asked.items():
        if key in told or key in around:
            continue
        same_kind = [k for k in told if kind_of(k) == kind_of(key)]
        source = told if same_kind else around
        others = [w for k, w in source.items() if kind_of(k) == kind_of(key) and k not in asked]
        if others:
            return word, others[0]
        # a part of a year asked, a span of past years told (上半年 against 近十年累计), or the other way round:
        # a half-year's figure is not a decade's, when nothing around names the asked kind
        crossed = {PART_KIND, SPAN_KIND + " past"}
        if kind_of(key) in crossed and not any(kind_of(k) == kind_of(key) for k in around):
            spans = [w for k, w in told.items() if {kind_of(k), kind_of(key)} == crossed]
            if spans:
                return word, spans[0]
    return None


_EN_PART = {"H1": "the first half", "H2": "the second half", "FY": "the full year", "M1-9": "January to September",
            **{f"Q{n}": f"the {w} quarter" for w, n in _EN_ORD.items()}}


def in_english(words: str) -> str:
    """A period as English words (上半年 -> the first half, 近十年 -> the past 10 years, first half -> the
    first half); `words` as they are when they name no one period this module reads (a year)."""
    found = periods(words)
    if len(found) != 1:
        return words
    key = next(iter(found))
    previous = key.startswith("previous ")
    key = key.removeprefix("previous ")
    if key == "FY" and previous:
        return "the whole of the previous year"
    if key in _EN_PART:
        return f"{_EN_PART[key]} of the previous year" if previous else _EN_PART[key]
    direction, n = key.split()
    return f"the {direction} {n[:-1]} years"
