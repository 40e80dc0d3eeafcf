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
from collections.abc import Callable
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
_COMPARE_ZH = re.compile(r"^(?P<sides>.+?)[，,]?\s*(?:哪一?[个件项家笔位种款样]|谁)(?:的)?"
                         r"(?:(?P<what>[\u4e00-\u9fff]{1,4}?)|[^，,。？?]{1,16}?(?=更|比较))?"  # (谁在全栈AI云市场的份额更高)
                         r"(?:更|比较)?(?P<rel>大|多|高|长|早|晚|少|小|低|短|快|慢)(?![\u4e00-\u9fff]{2})")
# words for "the amount" that say nothing of what is compared (哪个数额更大, 哪一笔的量级更大)
_GENERIC_MEASURE = frozenset("数额 量级 规模 体量 数字 数值 金额 数量 程度 幅度 水平 大小 多少 一个 一笔 一项".split())
_CHANGE_VERB = re.compile(r"(?:上涨|增加|提升|增|涨)$")
_RATIO_ZH = re.compile(r"^(?P<a>.+?)(?:大概|差不多|大约)?是(?P<b>.+?)的(?:几|多少)倍")
# (after a time or a topic set off by a comma, which both sides are of: In the first half of 2025, which was bigger: ...)
_COMPARE_EN = re.compile(r"^(?:(?P<lead>[^,:?]{3,60}),\s*)?which (?:is|was|costs?|cost|has|had|came|happened)?\s*"
                         r"(?P<rel>bigger|larger|more|higher|longer|earlier|later|first|smaller|less|lower|shorter)\b[^:]*[:,]?\s*"
                         r"(?P<sides>.+?)\??$", re.I)
# a yes/no comparison: A比B多吗？ (比 of its own, not of 比例, 相比, 同比), Is A larger than B?
_COMPARE_YN_ZH = re.compile(r"^(?P<a>.+?)(?<![对相无同类好])比(?![例较重赛如率值])(?P<b>[^，,]+?)(?:还|更|要)?"
                            r"(?P<rel>大|多|高|长|早|晚|少|小|低|短)(?:吗|么|不|没有)$")
# the sides first, then which: Anthropic's revenue or OpenAI's, which is larger?
_COMPARE_EN_AFTER = re.compile(r"^(?P<sides>.+?\bor\b.+?),\s*which(?:\s+one)?\s+(?:is|was|are|were)\s+(?:the\s+)?"
                               r"(?P<rel>bigger|larger|greater|more|higher|longer|earlier|later|smaller|less|lower|shorter)\b"
                               r"[^,]*$", re.I)
# as much as the other? A，有B那么多吗 / A有没有B多: A compared with B
_AS_MUCH_ZH = re.compile(r"^(?P<a>.+?)[，,]?\s*(?:有没有(?P<b1>(?!那么|这么)[^，,]{2,15}?)(?:那么|这么)?"
                         r"|有(?P<b2>(?!没)[^，,]{2,15}?)(?:那么|这么))(?P<rel>多|大|高|长|快)(?:吗|么|没|没有|不|呢)?$")
_COMPARE_YN_EN = re.compile(r"^(?:is|was|are|were)\s+(?P<a>.+?)\s+(?P<rel>bigger|larger|greater|more|higher|longer|earlier|"
                            r"later|smaller|less|lower|shorter)\s+than\s+(?P<b>.+?)$", re.I)
# a yes/no comparison of what two parties did: Did A burn more cash than B in the first half of 2025?
_COMPARE_DID_EN = re.compile(r"^(?:did|does|do|has|have)\s+(?P<a>.+?)\s+(?P<verb>[a-z]+)\s+(?P<rel>more|less|fewer)\s+"
                             r"(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+than\s+(?P<b>.+?)"
                             r"(?P<tail>\s+(?:in|during|over|for|by|since|last|this)\b.*)?$", re.I)
# the sides first, then which: Between Alibaba Cloud and Baidu AI Cloud, which one holds the bigger share of the market?
_COMPARE_BETWEEN_EN = re.compile(r"^between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?),\s*which\b.*?\b(?P<rel>bigger|larger|greater|"
                                 r"more|higher|longer|earlier|later|smaller|less|lower|shorter)\b\s*(?P<what>[^?]*)$", re.I)
_SPLIT_ZH = re.compile(r"[，,]?\s*(?:和|与|跟|同|还是)\s*|[，,]\s*(?=[^，,]{2,}(?:比|相比))")
_SPLIT_EN = re.compile(r"\s+or\s+|\s+and\s+", re.I)
RELATIONS = {"大": "larger", "多": "larger", "高": "larger", "长": "larger", "早": "earlier", "晚": "later",
             "少": "smaller", "小": "smaller", "低": "smaller", "短": "smaller", "快": "larger", "慢": "smaller",
             "bigger": "larger", "larger": "larger", "greater": "larger", "more": "larger", "higher": "larger",
             "longer": "larger", "first": "earlier",
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
    # the growth compared, asked of each side (谁的收入涨得更快: 收入增长); "" for other comparisons, whose sides
    # are asked as they are (with the measure, 阿里云的市场份额是多少？ quotes a sentence whose only figure is a year)
    measure: str = ""


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


# a later part about the person an earlier part asks for (Who heads X, and what is that person's title?; 负责人是谁？他…)
_WHO = re.compile(r"谁|\bwho\b", re.I)
_THAT_PERSON = re.compile(r"此人|这个人|那个人|这人|那人|该人|这位|那位|他|她|\b(?:he|she|him|his|her)\b"
                          r"|\b(?:that|this|the same) (?:person|man|woman|executive|individual)\b", re.I)


def about_answer_of(part: str, earlier: str) -> bool:
    """Whether `part` is about the person `earlier` asks for (who?), by a pronoun: when the documents do not
    say who, they say nothing of that person either."""
    return bool(_WHO.search(earlier) and _THAT_PERSON.search(part))


_OR = re.compile(r"\s+or\s+|[，,]?\s*还是\s*", re.I)
_COMMA_AND = re.compile(r"[，,]\s*(?:和|与|跟|同|还是)")  # the top-level join, when the sides hold 和 themselves
_ASKS_ZH = re.compile(rf"多少|{ASKING_JI}|什么|哪|谁|怎么|为什么|如何|吗|多大|多高|多长|多久|多快")


def _shared_modifier(sides: tuple[str, str], party: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """A bare second side shares what the first is of: in OpenAI上半年的收入和现金消耗, 现金消耗 is
    OpenAI上半年的现金消耗 (a second side naming its own subject, 阿里云的投入, stands as it is); a
    topic set off by a comma before both sides belongs to both. A second side that is a party alone
    (`party`: 阿里云的研发投入占比跟百度比) has the first side's measure: 百度的研发投入占比."""
    a, b = sides
    head = max(a.rfind("，"), a.rfind(","))
    if head > 0 and not re.search(r"[，,]", b):  # OpenAI上半年，进账的钱和烧掉的现金: the topic before the comma is both's
        return a, a[: head + 1] + b
    at = a.rfind("的")
    if at > 0 and party is not None and party(b) and not party(a[at + 1 :]):
        return a, b + a[at:]
    if at <= 0 or "的" in b or has_named_subject(b):
        return sides
    return a, a[: at + 1] + b


_NAME_ALONE_EN = re.compile(r"^(?:the\s+)?(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})(?:['’]s)?$")


def _shared_measure_en(sides: tuple[str, str]) -> tuple[str, str]:
    """A second side that is a name alone (OpenAI's, or OpenAI) has the first side's measure: Anthropic's revenue
    in the first half of 2025 or OpenAI's -> OpenAI's revenue in the first half of 2025."""
    a, b = sides
    owner, alone = _OWNER_EN.match(a), _NAME_ALONE_EN.match(b)
    if owner and alone and a[owner.end():].strip():
        return a, f"{alone.group('name')}'s{a[owner.end():]}"
    return sides


def _as_other_party(sides: tuple[str, str], party: Callable[[str], bool] | None) -> tuple[str, str]:
    """A second side that is a party alone asks what the first side asks, of that party: 阿里这些年搞研发砸了多少钱,
    有百度那么多没 -> 百度这些年搞研发砸了多少钱 (the first side's party is the longest name it opens with)."""
    a, b = sides
    if party is None or not party(b):
        return _shared_modifier(sides, party)
    opening = next((a[:n] for n in range(min(len(a) - 1, 12), 1, -1) if party(a[:n])), "")
    return (a, b + a[len(opening):]) if opening and opening != b else _shared_modifier(sides, party)


# a second side that opens with a pronoun (它2025年上半年的收入) is about what the first is of
_PRONOUN_ZH = re.compile(r"^(?:它们|它|其|他们|他|她)(?:的)?")
_ITS_EN = re.compile(r"^(?:its|their)\s+", re.I)
_OWNER_EN = re.compile(r"^(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s\b")
# a bare measure after "its" (its cash burn, its revenue in 2024): nothing in it names another party
_MEASURE_EN = re.compile(r"^[a-z][\w&-]*(?:\s+[a-z][\w&-]*){0,2}(?:\s+(?:in|during|for|over)\b.*)?$")
_TIME_OWNER = re.compile(r"[年月日季期天]$|^(?:今|去|明|前|上|下)")


def _pronoun_resolved(sides: tuple[str, str]) -> tuple[str, str]:
    """The second side with an opening pronoun replaced by the first side's owner, when the first names one
    (阿里云的三年投资计划, 它2025年上半年收入 -> 阿里云2025年上半年收入; its chip deal with AMD -> OpenAI's chip
    deal with AMD, where AMD would be taken for whose deal it is). An English "its" before a bare measure stays:
    asked alone, "How much is its cash burn?" finds the sentence that "OpenAI's cash burn" (without the first
    side's time) misses."""
    a, b = sides
    en = _ITS_EN.match(b)
    owner_en = _OWNER_EN.match(a)
    if en and owner_en and not _MEASURE_EN.match(b[en.end():]):  # (its chip deal with AMD: OpenAI's chip deal)
        return a, f"{owner_en.group(1)}'s {b[en.end():]}"
    m = _PRONOUN_ZH.match(b)
    owner = a[: a.find("的")] if "的" in a else ""
    if m and len(owner) >= 2 and not _TIME_OWNER.search(owner):  # (去年的收入和它的增速: 它 is the revenue)
        return a, owner + ("的" if m.group(0).endswith("的") else "") + b[m.end():]
    return sides


def _two(sides: str, splitter: re.Pattern) -> tuple[str, str] | None:
    top = [p for p in _COMMA_AND.split(sides) if p.strip(" ，,。")]
    either = [p for p in _OR.split(sides) if p.strip(" ，,。")]  # (A or B, each of which may hold "and")
    pieces = top if len(top) == 2 else either if len(either) == 2 else splitter.split(sides)
    parts = [p.strip(" ，,。") for p in pieces if p.strip(" ，,。")]
    parts = [re.sub(r"(?:相比|(?<![占对类无好同环])比|比较|比起来)$", "", p).strip() for p in parts]  # (not 占比)
    return _pronoun_resolved((parts[0], parts[1])) if len(parts) == 2 and all(len(p) >= 2 for p in parts) else None


def comparison_of(question: str, party: Callable[[str], bool] | None = None) -> Comparison | None:
    """The two sides and the asked relation of a comparison question, or None; `party` tells whether a
    side is a party's name alone (it then shares the other side's measure)."""
    q = question.strip().rstrip("？?")
    m = _RATIO_ZH.match(q)
    if m:
        return Comparison(_pronoun_resolved((m.group("a").strip(" ，,"), m.group("b").strip(" ，,"))), "ratio")
    m = _COMPARE_ZH.match(q)
    if m:
        sides = _two(m.group("sides"), _SPLIT_ZH)
        what = (m.group("what") or "").strip().removesuffix("得")  # (收入涨得更快)
        measure = ""
        if m.group("rel") in "快慢":  # how fast something grows: its growth (谁的收入涨得更快: 收入增长), asked of each side
            measure = what if len(what) >= 2 and what not in _GENERIC_MEASURE and not any(what in s for s in sides or ()) else ""
            measure = _CHANGE_VERB.sub("", measure) + "增长" if not measure.endswith(("增长", "增速")) else measure
        elif (sides and party is not None and all(party(s) for s in sides) and len(what) >= 2
              and what not in _GENERIC_MEASURE and not any(what in s for s in sides)):
            measure = what  # what two parties alone are compared by (百度和阿里云，谁的投入金额更大: 投入金额), asked of each
        return Comparison(_shared_modifier(sides, party), RELATIONS[m.group("rel")], measure) if sides else None
    m = _COMPARE_EN.match(q)
    if m:
        sides = _two(m.group("sides"), _SPLIT_EN)
        lead = (m.group("lead") or "").strip()
        if sides and lead:
            sides = (f"{sides[0]} {lead[:1].lower()}{lead[1:]}", f"{sides[1]} {lead[:1].lower()}{lead[1:]}")
        return Comparison(sides, RELATIONS[m.group("rel").lower()]) if sides else None
    m = _COMPARE_EN_AFTER.match(q)
    if m:
        sides = _two(m.group("sides"), _SPLIT_EN)
        if sides:
            return Comparison(_shared_measure_en(sides), RELATIONS[m.group("rel").lower()])
    m = _COMPARE_BETWEEN_EN.match(q)
    if m:  # (each side's own what: Alibaba Cloud's share of the AI cloud market)
        what = m.group("what").strip()
        return Comparison(tuple(f"{m.group(s)}'s {what}" if what else m.group(s) for s in ("a", "b")),
                          RELATIONS[m.group("rel").lower()])
    m = _COMPARE_DID_EN.match(q)
    if m:  # (each side what its party did: Anthropic burn cash in the first half of 2025)
        tail, did = m.group("tail") or "", f"{m.group('verb')} {m.group('what')}"
        return Comparison((f"{m.group('a')} {did}{tail}", f"{m.group('b')} {did}{tail}"),
                          RELATIONS[m.group("rel").lower().replace("fewer", "less")])
    m = _AS_MUCH_ZH.match(q)
    if m:
        a, b = m.group("a").strip(" ，,"), (m.group("b1") or m.group("b2")).strip(" ，,")
        if len(a) >= 2 and len(b) >= 2:
            return Comparison(_as_other_party((a, b), party), RELATIONS[m.group("rel")])
    m = _COMPARE_YN_ZH.match(q) or _COMPARE_YN_EN.match(q)
    sides = (m.group("a").strip(" ，,"), m.group("b").strip(" ，,")) if m else ()
    if sides and all(len(s) >= 2 for s in sides):
        sides = _pronoun_resolved(sides)
        return Comparison(_shared_modifier(sides, party) if has_han(q) else _shared_measure_en(sides),
                          RELATIONS[m.group("rel").lower()])
    return None
