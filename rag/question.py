"""What a question asks for: its language, content terms, and the kind of answer it expects.

Cues: 多少/几/how much/how many ask for a number (with the unit that follows, e.g. 几纳米 -> 纳米),
哪一年/何时/when for a time, 谁/哪家/which/who for a name, 有哪些/what are for a list,
为什么/why for a reason, 哪个更/which ... more for a comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.tokenize import content_terms, has_han

_NUMBER_ZH = re.compile(r"多少|几(?!乎)|百分之几|多大|多高|多快|多长|多久|比例|占比|份额|增速|增长率|规模")
_NUMBER_EN = re.compile(r"\bhow (?:much|many|large|big|fast|long|high)\b|\bwhat (?:percentage|share|proportion|amount|number)\b|\bpercent", re.I)
_TIME_ZH = re.compile(r"哪一?年|何时|什么时候|哪个月|哪一天|几月|几号|哪年")
_TIME_EN = re.compile(r"\bwhen\b|\bwhat year\b|\bwhich year\b|\bwhat date\b", re.I)
_NAME_ZH = re.compile(r"谁|哪家|哪个|哪些公司|哪两|哪几|什么公司|什么机构|叫什么|名字|哪位|哪一家")
_NAME_EN = re.compile(r"\bwho\b|\bwhich (?:company|companies|firm|organisation|organization|bank|two|one)\b|\bwhat (?:company|firm|bank|is the name)\b", re.I)
_LIST_ZH = re.compile(r"有哪些|哪些|包括什么|包括哪|分别|哪几|几个方面|哪三|三方面")
_LIST_EN = re.compile(r"\bwhat are\b|\bwhich\b.*\bs\b|\blist\b|\bname (?:the|all)\b|\bwhat (?:three|two)\b", re.I)
_REASON_ZH = re.compile(r"为什么|为何|原因|怎么会|何以|why|目的")
_REASON_EN = re.compile(r"\bwhy\b|\breason\b|\bpurpose\b|\bcause\b", re.I)
_COMPARE = re.compile(r"哪个更|谁更|哪家更|更快|更高|更多|更大|相比|比较|差距|相差|高出|区别|\bmore than\b|\bcompared?\b|\bfaster\b|\bhigher\b|\blarger\b|\bdifference\b|\bwhich .* (?:more|less)\b", re.I)
_UNIT_AFTER = re.compile(r"(?:多少|几)([个位家倍年月天台块项种条亿万千百元美元%％纳米纳秒米吨瓦兆瓦吉瓦卡人次分钟小时]{1,3})")


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    lang: str  # "zh" or "en"
    terms: tuple[str, ...]  # content terms, lower-cased, in order
    kind: str  # number, time, name, list, reason, compare or other
    unit: str  # the unit a number answer should carry ("纳米", "亿元"...), or ""


def detect_lang(text: str) -> str:
    return "zh" if has_han(text) else "en"


def question_kind(text: str) -> str:
    zh = has_han(text)
    if (_COMPARE.search(text)):
        return "compare"
    if (_TIME_ZH if zh else _TIME_EN).search(text):
        return "time"
    if (_REASON_ZH if zh else _REASON_EN).search(text):
        return "reason"
    if (_NUMBER_ZH if zh else _NUMBER_EN).search(text):
        return "number"
    if (_LIST_ZH if zh else _LIST_EN).search(text):
        return "list"
    if (_NAME_ZH if zh else _NAME_EN).search(text):
        return "name"
    return "other"


def analyse(text: str) -> QuestionInfo:
    unit = _UNIT_AFTER.search(text)
    return QuestionInfo(
        text=text,
        lang=detect_lang(text),
        terms=tuple(content_terms(text)),
        kind=question_kind(text),
        unit=unit.group(1) if unit else "",
    )
