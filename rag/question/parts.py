"""Questions with more than one part: two questions in one message, "A和B分别是多少", comparisons.

    split_parts("阿里云2025年上半年收入多少？同比增长了多少？")
        -> ["阿里云2025年上半年收入多少？", "同比增长了多少？"]      (the second resolved like a follow-up)
    split_parts("中国钢研那个项目，检测准确率和质检人力节省分别是多少？")
        -> ["中国钢研那个项目，检测准确率是多少？", "中国钢研那个项目，质检人力节省是多少？"]
    split_parts("阿里云和百度智能云各自的市场份额是多少？")
        -> ["阿里云的市场份额是多少？", "百度智能云的市场份额是多少？"]
    comparison_of("百度近十年的研发投入和阿里云未来三年的投入，哪个更大？")
        -> Comparison(("百度近十年的研发投入", "阿里云未来三年的投入"), "larger")

A part is answered and cited on its own (rag.pipeline); a comparison states its result only from the
two quoted figures (rag.answer.quantity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.question.analyse import ASKING_JI, has_named_subject
from rag.text.tokenize import has_han

_END = re.compile(r"[？?]")
_AND_EACH_ZH = re.compile(r"^(?P<head>.*?[，,])?(?P<a>[^，,]{2,30}?)(?:和|与|及|以及|、)(?P<b>[^，,]{2,30}?)分别(?P<ask>.+)$")
# each party's own (A和B各自的X分别是多少): the parts ask A's X and B's X
_EACH_OWN_ZH = re.compile(r"^(?P<head>.*?[，,])?(?P<a>[^，,]{2,20}?)(?:和|与|及|以及|、)(?P<b>[^，,]{2,20}?)各自(?:的)?"
                          r"(?P<what>[^，,]*?)(?:分别|各)?(?P<ask>(?:是|有|为|占|达到)?(?:多少|几|什么|哪|怎样|如何).*)$")
_AND_ASK_EN = re.compile(r"^(?P<a>.+?),?\s+and\s+(?P<b>(?:how|what|which|when|who|where|why|over|in)\b.+)$", re.I)
_WH_EN = re.compile(r"^(?:how|what|which|when|who|where|why|is|are|did|does|do)\b", re.I)

# a comparison: the sides before 哪个/谁/which, joined by 和/与/跟/还是/or; what is compared, from the asked relation
# which (哪个, 哪一笔, 谁...), then what is compared in a word or two of its own (数额, 量级, 规模: any), then the relation
_COMPARE_ZH = re.compile(r"^(?P<sides>.+?)[，,]?\s*(?:哪一?[个件项家笔位种款样]|谁)(?:的)?(?:[\u4e00-\u9fff]{1,4}?)?"
                         r"(?:更|比较)?(?P<rel>大|多|高|长|早|晚|少|小|低|短)")
_RATIO_ZH = re.compile(r"^(?P<a>.+?)(?:大概|差不多|大约)?是(?P<b>.+?)的(?:几|多少)倍")
_COMPARE_EN = re.compile(r"^which (?:is|was|costs?|cost|has|had)?\s*(?P<rel>bigger|larger|more|higher|longer|earlier|later|"
                         r"smaller|less|lower|shorter)\b[^:]*[:,]?\s*(?P<sides>.+?)\??$", re.I)
# a yes/no comparison: A比B多吗？ (比 of its own, not of 比例, 相比, 同比), Is A larger than B?
_COMPARE_YN_ZH = re.compile(r"^(?P<a>.+?)(?<![对相无同类好])比(?![例较重赛如率值])(?P<b>[^，,]+?)(?:还|更|要)?"
                            r"(?P<rel>大|多|高|长|早|晚|少|小|低|短)(?:吗|么|不|没有)$")
_COMPARE_YN_EN = re.compile(r"^(?:is|was|are|were)\s+(?P<a>.+?)\s+(?P<rel>bigger|larger|greater|more|higher|longer|earlier|"
                            r"later|smaller|less|lower|shorter)\s+than\s+(?P<b>.+?)$", re.I)
_SPLIT_ZH = re.compile(r"[，,]?\s*(?:和|与|跟|同|还是)\s*|[，,]\s*(?=[^，,]{2,}(?:比|相比))")
_SPLIT_EN = re.compile(r"\s+or\s+|\s+and\s+", re.I)
RELATIONS = {"大": "larger", "多": "larger", "高": "larger", "长": "larger", "早": "earlier", "晚": "later",
             "少": "smaller", "小": "smaller", "低": "smaller", "短": "smaller",
             "bigger": "larger", "larger": "larger", "greater": "larger", "more": "larger", "higher": "larger",
             "longer": "larger",
             "earlier": "earlier", "later": "later", "smaller": "smaller", "less": "smaller", "lower": "smaller",
             "shorter": "smaller"}


MAX_PARTS = 4  # more questions than this in one message are answered as one question, not one by one


def _asks(piece: str) -> bool:
    """Whether a piece of a message asks something (a question mark, a question word), not an instruction."""
    return bool(_END.search(piece[-1:]) or _ASKS_ZH.search(piece) or _WH_EN.match(piece))


@dataclass(frozen=True)
class Comparison:
    sides: tuple[str, str]
    relation: str  # larger, smaller, earlier, later, ratio


def split_parts(question: str) -> list[str]:
    """The questions a message asks, in order; one part when it asks one thing."""
    q = question.strip()
    pieces = [p.strip() for p in re.split(r"(?<=[？?])\s*", q) if p.strip()]
    pieces = [p for p in pieces if re.search(r"\w", p)]  # a trailing emoji or symbol is no question
    if 1 < len(pieces) <= MAX_PARTS and all(len(p) >= 4 and _asks(p) for p in pieces):
        return pieces
    clauses = [c for c in re.split(r"[，,]", q) if c.strip()]
    if len(clauses) == 2 and all(_ASKS_ZH.search(c) and len(c) >= 4 for c in clauses) and not comparison_of(q):
        first = clauses[0].strip()
        return [first + ("？" if not _END.search(first[-1:]) else ""), clauses[1].strip()]
    m = _EACH_OWN_ZH.match(q)
    if m:
        head, what = m.group("head") or "", m.group("what")
        return [f"{head}{m.group(side)}{'的' if what else ''}{what}{m.group('ask')}" for side in ("a", "b")]
    m = _AND_EACH_ZH.match(q)
    if m:
        head = m.group("head") or ""
        return [f"{head}{m.group('a')}{m.group('ask')}", f"{head}{m.group('b')}{m.group('ask')}"]
    m = _AND_ASK_EN.match(q)
    if m and _WH_EN.match(q) and not comparison_of(q):
        b = m.group("b")
        return [m.group("a").rstrip(" ,") + "?", b[:1].upper() + b[1:]]
    return [q]


_COMMA_AND = re.compile(r"[，,]\s*(?:和|与|跟|同|还是)")  # the top-level join, when the sides hold 和 themselves
_ASKS_ZH = re.compile(rf"多少|{ASKING_JI}|什么|哪|谁|怎么|为什么|如何|吗|多大|多高|多长|多久|多快")


def _shared_modifier(sides: tuple[str, str]) -> tuple[str, str]:
    """A bare second side shares what the first is of: in OpenAI上半年的收入和现金消耗, 现金消耗 is
    OpenAI上半年的现金消耗 (a second side naming its own subject, 阿里云的投入, stands as it is); a
    topic set off by a comma before both sides belongs to both."""
    a, b = sides
    head = max(a.rfind("，"), a.rfind(","))
    if head > 0 and not re.search(r"[，,]", b):  # OpenAI上半年，进账的钱和烧掉的现金: the topic before the comma is both's
        return a, a[: head + 1] + b
    at = a.rfind("的")
    if at <= 0 or "的" in b or has_named_subject(b):
        return sides
    return a, a[: at + 1] + b


# a second side that opens with a pronoun (它2025年上半年的收入) is about what the first is of
_PRONOUN_ZH = re.compile(r"^(?:它们|它|其|他们|他|她)(?:的)?")
_TIME_OWNER = re.compile(r"[年月日季期天]$|^(?:今|去|明|前|上|下)")


def _pronoun_resolved(sides: tuple[str, str]) -> tuple[str, str]:
    """The second side with an opening pronoun replaced by the first side's owner, when the first names one
    (阿里云的三年投资计划, 它2025年上半年收入 -> 阿里云2025年上半年收入). An English side's "its" stays: asked
    alone, "How much is its cash burn?" finds the sentence that "OpenAI's cash burn" (without the first side's
    time) misses."""
    a, b = sides
    m = _PRONOUN_ZH.match(b)
    owner = a[: a.find("的")] if "的" in a else ""
    if m and len(owner) >= 2 and not _TIME_OWNER.search(owner):  # (去年的收入和它的增速: 它 is the revenue)
        return a, owner + ("的" if m.group(0).endswith("的") else "") + b[m.end():]
    return sides


def _two(sides: str, splitter: re.Pattern) -> tuple[str, str] | None:
    top = [p for p in _COMMA_AND.split(sides) if p.strip(" ，,。")]
    pieces = top if len(top) == 2 else splitter.split(sides)
    parts = [p.strip(" ，,。") for p in pieces if p.strip(" ，,。")]
    parts = [re.sub(r"(?:相比|比|比较|比起来)$", "", p).strip() for p in parts]
    return _pronoun_resolved((parts[0], parts[1])) if len(parts) == 2 and all(len(p) >= 2 for p in parts) else None


def comparison_of(question: str) -> Comparison | None:
    """The two sides and the asked relation of a comparison question, or None."""
    q = question.strip().rstrip("？?")
    m = _RATIO_ZH.match(q)
    if m:
        return Comparison(_pronoun_resolved((m.group("a").strip(" ，,"), m.group("b").strip(" ，,"))), "ratio")
    m = _COMPARE_ZH.match(q)
    if m:
        sides = _two(m.group("sides"), _SPLIT_ZH)
        return Comparison(_shared_modifier(sides), RELATIONS[m.group("rel")]) if sides else None
    m = _COMPARE_EN.match(q)
    if m:
        sides = _two(m.group("sides"), _SPLIT_EN)
        return Comparison(sides, RELATIONS[m.group("rel").lower()]) if sides else None
    m = _COMPARE_YN_ZH.match(q) or _COMPARE_YN_EN.match(q)
    sides = (m.group("a").strip(" ，,"), m.group("b").strip(" ，,")) if m else ()
    if sides and all(len(s) >= 2 for s in sides):
        sides = _pronoun_resolved(sides)
        return Comparison(_shared_modifier(sides) if has_han(q) else sides, RELATIONS[m.group("rel").lower()])
    return None
