"""What kind of answer a sentence holds: the answer-type cues a question's kind is matched against.

A number question (多少, how much) wants a figure, with the asked unit when it names one (几纳米 ->
"N纳米", a sum of money -> a currency); a time question a year or month; a date question a day; a why
question a reason connective (因为, 由于, because); a list question an enumeration (、, 一是); a who/which
question a name. `cue_score` says 1 when a sentence has such a cue, 0 when not (0.5 for a number
written only in Han numerals). The patterns are shared by evidence scoring, the explicit constraints
and the extractive answerer's clause trimming.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.quantity import COUNTERS
from rag.evidence.periods import periods
from rag.question.analyse import ASKING_JI, MONEY, RANK_ASKED_EN, QuestionInfo
from rag.text.tokenize import PROPER_TAGS, STOPWORDS, general_frequency, has_han, pos_words, pos_words_before
from rag.types import Chunk

_NUM = r"\d+(?:[.,]\d+)*|[一二三四五六七八九十百千万亿两]+"
# a figure: digits that are not part of a Latin model name (P800, GPT-4, A100)
_FIGURE = re.compile(r"(?<![A-Za-z0-9.,])(?<![A-Za-z]-)\d+(?:[.,]\d+)*")
# a sentence tells a time: a year (2025年, 2025; a reign year in Han numerals: 光海君七年, 元年; not a span:
# 四年间, 近十年) or a month; a century, decade, era or period (20世纪, 80年代, 嘉靖年间, 上新世晚期); a season or
# a time of day (晚春, 夜间); not the year a question names (constraints._A_YEAR)
_HAN_YEAR = (r"(?<![近去来多几数这那每两一二三四五六七八九十百千〇零元])[一二三四五六七八九十百千〇零元]+年"
             r"(?![级龄轻间来内后前多中里])")
_TIME_CUE = re.compile(rf"\d{{4}}\s*年|\d{{1,2}}\s*月|\d{{4}}[-/]\d{{1,2}}|(?:19|20)\d{{2}}\b|{_HAN_YEAR}|[一二三四五六七八九十]月"
                       r"|世纪|年代|时期|(?<![一二三四五六七八九十百千两几数多\d])年间|[上中下]旬|[早晚初][春夏秋冬]|[春夏秋冬][季天]"
                       r"|夜间|夜晚|白天|清晨|凌晨|傍晚|黄昏|[晚早]上|[\u4e00-\u9fff][新古中]?世[早中晚]期")
_REASON = re.compile(r"因为|由于|原因|为了|倒逼|因此|所以|目的|在于|导致|驱动|是因|意味着|背后|because|due to|reason"
                     r"|\b(?:caused|owing to|as a result of|thanks to|blamed|attributed to|led to|so that|in order to)\b", re.I)
_LIST = re.compile(r"、|；|;|一是|二是|首先|其次|包括|以及")
_NAME = re.compile(r"[A-Z][A-Za-z0-9]+|《[^》]+》|“[^”]{2,12}”|[\u4e00-\u9fff]{2,6}(?:公司|集团|银行|云|研|机构|平台|大学|政府)")
_MONEY = re.compile(r"(?:\d[\d.,]*|[一二三四五六七八九十两数几百千万]+)\s*[十百千万亿]*\s*(?:多|余)?\s*(?:美元|美金|元|港元|港币|欧元|英镑|日元|人民币|块钱?)"
                    r"|[$¥￥€£]\s*\d|\d[\d.,]*\s*(?:[mb]illion|bn|[kmb])?\s*(?:dollars|usd|yuan|rmb|euros?)\b", re.I)
# a sentence that opens with a pronoun is about whoever the passage named before it
OPENS_WITH_PRONOUN = re.compile(r"^(?:而|但|且|并)?(?:双方|其|该公司|该|他们|它们|它|他|她|对方|这家公司|这一|此举|两者)"
                                r"|^(?:its|it|they|their|the company|the firm|he|she|his|her)\b", re.I)
END_PUNCT = "。！？!?；;…."


def _quantity_pattern(unit: str) -> re.Pattern[str]:
    """A quantity of the asked unit: a sum of money, N纳米..., or any figure when no unit is asked."""
    return _unit_quantity(unit) if unit else _FIGURE


def _unit_quantity(unit: str) -> re.Pattern[str]:
    return _MONEY if unit == MONEY else _unit_pattern(unit)


@lru_cache(maxsize=256)
def _unit_pattern(unit: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{_NUM})\s*(?:多|余)?\s*{re.escape(unit)}")


_YEAR = re.compile(r"(?:19|20)\d{2}")


def quantity_spans(info: QuestionInfo, text: str) -> list[tuple[int, int]]:
    """Where `text` holds a quantity of the kind a number question asks for; a year is not one."""
    return [m.span() for m in _quantity_pattern(info.unit).finditer(text) if not _YEAR.fullmatch(m.group(0))]


# what every sum of money _MONEY finds holds: a currency's word or sign
_CURRENCY_MARK = re.compile(r"[元金币镑块$¥￥€£]|dollars|usd|yuan|rmb|euro", re.I)


def holds_quantity(info: QuestionInfo, text: str) -> bool:
    """Whether `text` holds a quantity of the asked unit (quantity_spans finds one). The short answer asks
    it of the ~100 spans of each cited sentence: a span without the unit's word or, for money, a currency's
    mark is not searched, and the answer is kept per unit and span (cited sentences recur)."""
    return _holds_quantity(info.unit, text)


@lru_cache(maxsize=16384)
def _holds_quantity(unit: str, text: str) -> bool:
    if unit and not (_CURRENCY_MARK.search(text) if unit == MONEY else unit in text):
        return False
    return any(not _YEAR.fullmatch(m.group(0)) for m in _quantity_pattern(unit).finditer(text))


# a place in an order asked (第几, 第多少, 排名多少): told as an ordinal (第三, 第 26 届, 第51) or as first
# (首位, 榜首, 居首), not as a count or an amount
_ASKS_ORDINAL = re.compile(rf"第\s*(?:几|多少)|排名(?:多少|如何|怎样)|\bwhat place\b|{RANK_ASKED_EN}", re.I)
_ORDINAL = re.compile(r"第\s*(?:\d+|[一二三四五六七八九十百千零〇两]+)|首位|榜首|居首|头名|冠军|\d+(?:st|nd|rd|th)\b"
                      r"|\b(?:first|second|third|fourth|fifth|top)\b", re.I)


def asks_ordinal(info: QuestionInfo) -> bool:
    return info.kind == "number" and _asks_ordinal(info.text)


@lru_cache(maxsize=1024)
def _asks_ordinal(question: str) -> bool:
    return bool(_ASKS_ORDINAL.search(question))


def cue_score(info: QuestionInfo, text: str) -> float:
    """1 when `text` holds the kind of answer the question asks for, 0 when it does not."""
    if info.kind == "name":  # (the question's own names count: not kept per sentence)
        return 1.0 if _NAME.search(text) or _other_proper_noun(info, text) else 0.0
    return _cue_score(asks_ordinal(info), info.kind, info.unit, text)


@lru_cache(maxsize=8192)  # the same passages' sentences are scored question after question
def _cue_score(ordinal: bool, kind: str, unit: str, text: str) -> float:
    if ordinal:
        return 1.0 if _ORDINAL.search(text) else 0.0
    if kind in ("number", "compare"):
        if unit:
            return 1.0 if _unit_quantity(unit).search(text) else 0.0
        return 1.0 if _FIGURE.search(text) else (0.5 if _HAN_FIGURE.search(text) else 0.0)
    if kind == "time":
        return 1.0 if _TIME_CUE.search(text) else 0.0
    if kind == "date":
        return 1.0 if _DAY.search(text) else 0.0
    if kind == "reason":
        return 1.0 if _REASON.search(text) else 0.0
    if kind == "list":
        return 1.0 if _LIST.search(text) else 0.0
    return 0.0


def tells_figure(info: QuestionInfo, text: str) -> bool:
    """`text` gives a figure a number question could be answered with: one in the asked unit (a sum of
    money, a span of years, a percentage), except that a count may be told with another measure word
    (多少家 asked, 28间 told), and "a few" may be told by listing them (身兼几家: A、B、C和D). A part of a
    total the question names (那194亿的收入里…贡献了多少) is told only by another figure of the total's kind."""
    total = total_asked(info)
    if total is not None:
        return tells_part(total, text)
    if _FEW.search(info.text) and "、" in text:
        return True
    if asks_ordinal(info):
        return cue_score(info, text) > 0.0
    if info.unit and not _COUNTER.match(info.unit):
        return cue_score(info, text) > 0.0
    if info.unit or _HOW_MANY.search(info.text):
        # a count: not a year, a month, a rate of change, nor the count the question gives (那358个项目里), nor
        # a sum of money (how many GPUs, 数亿美元 told)
        text = _MONEY.sub(" ", text)
        return any(_counts(m, text, info.numbers) for m in _FIGURE.finditer(text)) or han_figure(text)
    return bool(_FIGURE.search(text)) or han_figure(text)


def han_figure(text: str) -> bool:
    """`text` writes a figure in Han numerals (三家, 十多个) outside an idiom's (冰冻三尺, 非一日之寒)."""
    if not _HAN_FIGURE.search(text):
        return False
    return any(_HAN_FIGURE.search(word) for word, flag in pos_words(text) if not flag.startswith(("i", "l")))


# a part of a total asked: the total's figure, then (its measure word and what it counts) 里/中/之中, and after it the
# question word (那194亿的收入里，光智能云贡献了多少; 150多个模型里，百度自家的占几个); English "of the 150 models, how many"
_TOTAL_ZH = re.compile(r"(?<![\d.\-－~～至到])(?P<n>\d+(?:\.\d+)?)(?!\s*[年月日号时点季\-－~～至到])\s*(?:多|余)?\s*"
                       r"(?P<u>[十百千万亿]*[^\d\s，,。；;？?、的]?)"
                       rf"[^，,。；;？?\d]{{0,8}}?(?P<in>里面|里头|里|之中|当中|中)[，,\s]*[^，,。；;？?]*?(?:多少|{ASKING_JI})")
_TOTAL_EN = re.compile(r"\b(?:of|out of|among)\s+(?:the|those|these|its|that|their)\s+(?P<n>\d+(?:\.\d+)?)\+?\s*"
                       r"(?P<u>billion|million|thousand|\w*)[^,?]{0,30}?,?\s*how (?:much|many)\b", re.I)


@dataclass(frozen=True)
class Total:
    figure: str  # the total's digits (194)
    unit: str  # what follows them (亿, 个, billion), "" when nothing does


def total_asked(info: QuestionInfo) -> Total | None:
    """The total a number question asks a part of (那194亿的收入里…多少 -> 194, 亿), or None."""
    if info.kind != "number":
        return None
    m = (_TOTAL_ZH if info.lang == "zh" else _TOTAL_EN).search(info.text)
    if m is None or _YEAR.fullmatch(m.group("n")):
        return None
    if info.lang == "zh" and not _word_at(info.text, m.start("in"), m.group("in")):
        return None  # (the 中 of 中标, 中心: no part of anything)
    unit = m.group("u")
    return Total(m.group("n"), unit[:1] if info.lang == "zh" else unit.lower())


def _word_at(text: str, at: int, word: str) -> bool:
    """The tagger reads `word` at `at` as a word of its own (里, 中 as places in something; not 中 of 中标)."""
    start = 0
    for w, _ in pos_words(text):
        if start == at:
            return w == word
        if start > at:
            return False
        start += len(w)
    return False


def tells_part(total: Total, text: str) -> bool:
    """`text` holds a figure of the total's kind other than the total itself: a part of it may be told."""
    unit = "" if total.unit.isascii() and has_han(text) else total.unit  # (billion asked, 亿 written)
    for m in _FIGURE.finditer(text):
        if m.group() == total.figure or _YEAR.fullmatch(m.group()) or _DATE_PART.match(text, m.end()):
            continue
        after = text[m.end() : m.end() + 12].lstrip(" 多余+").lower()
        if not unit or after.startswith(unit):
            return True
    if unit and unit in COUNTERS:  # a count in Han numerals (十多个), not 一个 "a"
        return bool(re.search(rf"(?<![一二三四五六七八九十百千万亿两\d])(?!一{unit})[一二三四五六七八九十两百千万]+(?:多|余)?{unit}",
                              text))
    return False


_HOW_MANY = re.compile(rf"\bhow many\b(?! times\b)|(?:多少|{ASKING_JI})\s*[{COUNTERS.replace('倍', '')}]", re.I)  # a count asked


# what follows a figure that is no count: a date's part, or the first end of a range of them (1-9月); a
# percentage is one only as a share of the counted (质检人力节省40%), not as a rate of change (激增170%: a
# change word, _CHANGE, in the six characters before it)
_DATE_PART = re.compile(r"\s*(?:[年月日号]|[-–~至到]\s*\d+\s*[年月日号])")
_PERCENT = re.compile(r"\s*[%％]")
_CHANGE = re.compile(r"提高|提升|增长|增加|下降|降低|减少|上涨|下跌|上升|翻|多出|缩|增|涨|降|减")  # a change told


def _counts(figure: re.Match, text: str, asked: tuple[str, ...]) -> bool:
    if figure.group() in asked or _DATE_PART.match(text, figure.end()) or _YEAR.fullmatch(figure.group()):
        return False
    return not (_PERCENT.match(text, figure.end()) and _CHANGE.search(text, max(0, figure.start() - 6), figure.start()))


_COUNTER = re.compile(f"[{COUNTERS}]")
_FEW = re.compile(rf"{ASKING_JI}\s*[{COUNTERS.replace('倍', '')}]")  # 几家, 几个; not 几倍, a ratio
# a figure in Han numerals: a run of numerals (数百亿, 三百) or one numeral with a measure word (三年,
# 两家, 一半); not a numeral character of a word (百度, 一些, 十分)
_HAN_FIGURE = re.compile(rf"[一二三四五六七八九十两百千万亿数几]{{2,}}|[一二三四五六七八九十两][{COUNTERS}类年月天日周岁元卡半成级期批轮场只头匹首篇章集季代世亩米克吨里秒]")


# a model designation is asked (什么型号, 哪款芯片): it is written as a code (P800, H20, C-170A, 910B, 长征五号)
_PRODUCTS = r"(?:芯片|处理器|GPU|CPU|显卡|加速卡|服务器|手机|机型|车型)"
_ASKS_MODEL = re.compile(rf"型号|哪一?款(?=[^，。？?]{{0,4}}?{_PRODUCTS})"
                         r"|\bmodel (?:number|name)\b|\b(?:which|what) (?:[a-z0-9-]+ )?(?:chips?|processors?|gpus?|accelerators?)\b", re.I)
# (a half or a quarter of a year, 2025H1, 2024Q3, is no model)
_MODEL_CODE = re.compile(r"(?<![\dA-Za-z])[A-Za-z]+-?\d|(?<!\d)(?!(?:19|20)\d{2}[HQ][1-4])\d+-?[A-Za-z]|[\u4e00-\u9fff]-\d"
                         r"|[一二三四五六七八九十\d]+号(?!称)")


def asks_model(info: QuestionInfo) -> bool:
    return bool(_ASKS_MODEL.search(info.text))


# which product a Chinese question asks (哪一款AI芯片), not its model number (型号): the thing it names
_WHICH_PRODUCT = re.compile(rf"哪一?款(?P<x>[^，。？?]{{0,4}}?{_PRODUCTS})")


def tells_model(info: QuestionInfo, text: str) -> bool:
    """`text` writes a model designation the question does not already name; where a Chinese question asks
    which product (哪一款AI芯片), not its model number, a name right before the thing answers too (昆仑芯AI芯片)."""
    asked = info.text.lower()
    if any(m.group(0).lower() not in asked for m in _MODEL_CODE.finditer(text)):
        return True
    product = _WHICH_PRODUCT.search(info.text) if "型号" not in info.text else None
    if not product:
        return False
    thing = re.sub(r"^(?:AI|ai)", "", product.group("x"))
    return any(_other_proper_noun(info, text[max(0, m.start() - 6): m.start()]) for m in re.finditer(re.escape(thing), text))


# a day (asked by a "date" question: 哪一天, 几月几日, what date) is written as a day of the month (6日,
# 初三, October 6), a weekday (星期一) or a relative day (当天, 次日): a year or a month does not answer it
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = re.compile(rf"\d{{1,2}}\s*[日号]|(?<![非一朝终同有某每数几])[一二三四五六七八九十廿卅初]{{1,3}}[日号]|初[一二三四五六七八九十]|(?:星期|礼拜|周)[一二三四五六日天]"
                  rf"|当天|当日|同日|次日|翌日|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\b{_MONTHS}\s+\d{{1,2}}\b"
                  rf"|\b\d{{1,2}}\s+{_MONTHS}", re.I)


def asks_day(info: QuestionInfo) -> bool:
    return info.kind == "date"


def tells_day(text: str) -> bool:
    """`text` writes a day (6日, 初三, 星期一, 当天, October 6), not only a year or a month."""
    return bool(_DAY.search(text))


# a year asked (哪一年, what year): told by a time (2017年, 80年代, 嘉靖年间) or a year named by reference to
# another (同年, 次年, 当年, 去年); a sentence with none does not answer it, whatever else it shares
_ASKS_YEAR = re.compile(r"哪一?年|何年|\b(?:what|which) year\b", re.I)
# (also a year of two or three digits, which the time cue leaves out: 965年, 前108年)
_YEAR_TOLD = re.compile(r"同年|次年|翌年|当年|那年|该年|隔年|前一年|后一年|去年|今年|明年|前年|后年|\d{2,3}\s*年")


def asks_year(info: QuestionInfo) -> bool:
    return info.kind == "time" and bool(_ASKS_YEAR.search(info.text))


def tells_year(text: str) -> bool:
    return bool(_TIME_CUE.search(text) or _YEAR_TOLD.search(text))


# a time of any kind, for a question asking when (什么时候, when): besides years and days, a time told by
# an event or an age (出征陈友谅时, 四国征伐后, 15岁, 唐末, 上白垩纪早期, 当时); loose on purpose, as CMRC answers
# "when" with such phrases. A year in a title (《市场报告2025H1》) is the title's, not a time told.
_TIME_MORPHEME = re.compile(r"[时后前期岁初末纪世年月日天夜晨晚早季旬朝代今昔曾点秒]|以来|之际|现在|目前|如今"
                            r"|\b(?:ago|since|after|before|during|until|when|then|now|today|yesterday|tomorrow)\b"
                            r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b\d{4}\b", re.I)
_TITLE = re.compile(r"《[^》]*》")
# words of a time morpheme that tell no time: 同时 (while), 及时 (promptly), 实时 (live), 秒级 (a grade of speed)
_NO_TIME = re.compile(r"同时|及时|实时|随时|适时|按时|准时|[秒分时天]级")


def asks_time(info: QuestionInfo) -> bool:
    return info.kind == "time"


def tells_time(text: str) -> bool:
    """`text` tells a time in any way a when-question could be answered (outside titles of works)."""
    return bool(_TIME_MORPHEME.search(_NO_TIME.sub("", _TITLE.sub("", text))))


# a superlative asked of a "which one" (哪一年...最多, 哪家云厂商最大, which company was first): a sentence
# answers it with that superlative or by ranking first (第一, 居首, 头号; for the earliest also 首次, 率先); one
# telling another superlative (最早 for 最多) or none does not. Not 最近 (recently), 最终/最后/最初 (finally, at first).
_DEGREE = "多少高低大小早先晚快慢强弱长短贵久重远好"
_SUPERLATIVE = re.compile(rf"最([{_DEGREE}])|\b(most(?! of)|largest|biggest|highest|earliest"
                          r"|first(?! (?:half|quarter))|top|fewest|least|lowest|smallest)\b", re.I)
ANY_DEGREE = "*"  # an English superlative, told in Chinese by any 最X
_EARLY = "早先"  # the earliest, the first
_FIRST_RANK = re.compile(r"第一|首位|居首|榜首|冠军|头号|之首|首屈一指|龙头|\b(?:most|largest|biggest|highest|top|leading|"
                         r"first|record)\b", re.I)
_FIRST_TIME = re.compile(r"首个|首家|首次|首款|首批|首创|率先|第一个|第一家|\bfirst\b", re.I)


def asks_superlative(info: QuestionInfo) -> str:
    """The superlative a which-question asks for (最多 -> 多; the first, the earliest -> 早; other English
    ones ANY_DEGREE), or ""."""
    if info.kind not in ("time", "name"):
        return ""
    m = _SUPERLATIVE.search(info.text)
    if not m:
        return ""
    if m.group(1):
        return m.group(1)
    return "早" if m.group(2).lower() in ("earliest", "first") else ANY_DEGREE


def ranks_needed(asked: str) -> bool:
    """Whether a sentence must rank to answer the superlative: not for the earliest (最早由谁描述, 最先制得):
    an event told once is the first, with no word saying so."""
    return bool(asked) and asked not in _EARLY


def tells_superlative(asked: str, text: str, ranked: bool = True) -> bool:
    """`text` names the top of a ranking of the asked kind: the same superlative (最多), or with `ranked`
    first place in any (第一, 居首); for the earliest also a first time (首次, 率先). An English superlative
    is told by any 最X, or by first place."""
    if asked == ANY_DEGREE:
        return bool(re.search(f"最[{_DEGREE}]", text) or _FIRST_RANK.search(text) or _FIRST_TIME.search(text))
    if f"最{asked}" in text or (ranked and _FIRST_RANK.search(text)):
        return True
    return asked in _EARLY and bool(_FIRST_TIME.search(text) or re.search(f"最[{_EARLY}]", text))


# the name of a thing asked (AI芯片叫啥名字, 平台的名称是什么): the thing is the last common noun before the asking words
_ASKS_NAME_OF = re.compile(r"叫什么|叫啥|叫做什么|叫作什么|什么名字|啥名字|的名字|名称")
_NAME_WORDS = frozenset(("名字", "名称"))


def named_thing(info: QuestionInfo) -> str:
    """The thing whose name a Chinese question asks (芯片 in 阿里自己做的AI芯片叫啥名字), or ""."""
    m = _ASKS_NAME_OF.search(info.text)
    if info.kind != "name" or not m:
        return ""
    nouns = [w for w, tag in pos_words_before(info.text, m.start())
             if tag in ("n", "nz", "vn") and len(w) >= 2 and w not in _NAME_WORDS]
    # a name of the subject's own (真名, 本名, 姓名): the answer itself, no thing a sentence must mention
    return nouns[-1].lower() if nouns and not re.fullmatch(r"[真本原姓小]名", nouns[-1]) else ""


def tells_thing(thing: str, text: str) -> int:
    """How much `text` says of the thing: 2 word for word, 1 by a word sharing a character with it (胞弟 for
    弟弟, 妻 for 妻子: what it names may be it), 0 not at all."""
    low = text.lower()
    return 2 if thing in low else int(any(ch in low for ch in thing))


def _other_proper_noun(info: QuestionInfo, text: str) -> bool:
    """A person, place or organisation the tagger finds in `text` and the question does not name:
    who killed 耶律乞奴, whose daughter 王法慧 was (a Chinese personal name has no marker a pattern sees)."""
    asked = info.text.lower()
    return any(flag.startswith(PROPER_TAGS) and len(word) >= 2 and word.lower() not in asked
               for word, flag in pos_words(text))


def is_heading_like(text: str, chunk: Chunk) -> bool:
    return len(text) < 4 or text == chunk.heading or (len(text) <= 40 and text[-1] not in END_PUNCT + "”’\"")


# a change asked of a measure (检测准确率比原来提高了多少, 收入同比增长了多少, 现金比去年同期多出来多少): told by a clause that writes the measure
# (a pair of its characters), a change and a figure; a level (95%以上的检测准确率) or another measure's change
# (产线效率提升50%) is not it. Chinese only: the verbs are Chinese, and CMRC 2018 asks no such question.
_ASKS_CHANGE = re.compile(r"(?:提高|提升|增长|增加|下降|降低|减少|上涨|下跌|上升|缩减|增)了?(?:多少|几)"
                          r"|(?<![对相无同类好])比(?![例较重赛如率值])[^，,。？?]{1,12}?(?:多|少|高|低)(?:出来|出|了)*(?:多少|几)")
_CHANGE_BASE = re.compile(r"同比|环比|比|较")
_CLAUSE = re.compile(r"[，,；;。！？!?]")


def changed_measure(info: QuestionInfo) -> str:
    """The measure whose change a Chinese question asks, as its last four characters (测准确率), or ""."""
    m = _ASKS_CHANGE.search(info.text)
    if not m:
        return ""
    head = _without_time_at_end(_CHANGE_BASE.split(info.text[: m.start()])[0])
    pieces = [p.strip() for p in re.split(r"[的，,、]", head) if p.strip()]
    return pieces[-1][-4:] if pieces else ""


# a year or a period at the end of the words before the change asked (阿里云2025年上半年同比增长了多少): when, not what
_YEAR_AT_END = re.compile(r"(?:(?:19|20)\d{2}\s*年(?:度)?|今年|去年|前年|明年|当年|同期)\s*$")


def _without_time_at_end(head: str) -> str:
    """`head` without the years and parts of a year it ends with (阿里云2025年上半年 -> 阿里云)."""
    while True:
        cut = head.rstrip()
        for words in periods(cut).values():
            if words and cut.endswith(words):
                cut = cut[: -len(words)].rstrip()
        cut = _YEAR_AT_END.sub("", cut)
        if cut == head.rstrip():
            return cut
        head = cut


# the same asked in English of a Chinese corpus (by how much did Baidu's R&D spending grow): the measure is
# what stands between the auxiliary and the change, but the subject, and its words are their translations
_ASKS_CHANGE_EN = re.compile(r"\bhow (?:much|many (?:percentage )?points|fast)\b.*?\b(?:did|does|do|has|have|had|will)\s+"
                             r"(?P<measure>.+?)\s+(?:grow|grew|grown|increase|increased|rise|rose|risen|improve|improved"
                             r"|fall|fell|fallen|drop|dropped|decline|declined|jump|jumped|climb|climbed)\b", re.I)


_LINK_AFTER_EN = r"(?:in|by|over|from|to|during|since|between|compared|than|after|before|at|on|for|year|last|this|so|as)\b"
_CHANGE_OBJECT_EN = re.compile(rf"\s+(?!{_LINK_AFTER_EN})([a-z][\w'’ -]*?)(?=\s+{_LINK_AFTER_EN}|\s*[?.!]|$)", re.I)


def changed_measure_en(info: QuestionInfo, translated: dict[str, tuple[str, ...]],
                       subject_forms: Sequence[str] = ()) -> tuple[str, ...]:
    """The corpus words for the measure whose change an English question asks (研发, 开支 for "annual R&D
    spending"), but the subject as the corpus writes it (百度 of "Baidu's annual"); () when no change is asked
    or only the subject is said to change (how fast did Baidu grow)."""
    m = _ASKS_CHANGE_EN.search(info.text)
    if not m:
        return ()
    subject = set(re.findall(r"[a-z0-9&]+", info.subject.lower()))
    # what changed: the object of the verb when it has one (how much did the project improve line efficiency),
    # else what comes before it (how much did revenue grow in 2025)
    changed = _CHANGE_OBJECT_EN.match(info.text, m.end())
    measure = changed.group(1) if changed else m.group("measure")
    words = {w for w in re.findall(r"[a-z0-9&]+", measure.lower()) if w not in subject and w not in STOPWORDS
             and len(w) > 1}  # (not the s of Baidu's)
    return tuple(dict.fromkeys(w for phrase, ws in translated.items() if set(phrase.lower().split()) & words
                               for w in ws if not _CHANGE.search(w) and not any(f in w for f in subject_forms)))


def tells_change(measure: str | Sequence[str], text: str) -> bool:
    """A clause of `text` tells a change with a figure, of the measure: the clause writes it, or an earlier
    clause does and this one names no measure of its own before the change (百度AI新业务收入达到194亿元,同比增长36%).
    The measure is one word, or several (an English question's translations), each read by its character pairs."""
    words = [measure] if isinstance(measure, str) else list(measure)
    pairs = {w[i : i + 2] for w in words for i in range(len(w) - 1)} | {w for w in words if len(w) == 1}
    written = False
    for clause in _CLAUSE.split(text):
        here = any(p in clause for p in pairs)
        if _CHANGE.search(clause) and (_FIGURE.search(clause) or _HAN_FIGURE.search(clause)) and (here or (written and not _own_measure(clause))):
            return True
        written = written or here
    return False


def _own_measure(clause: str) -> bool:
    """A noun before the clause's change word: what changed is named there (产线效率提升50%)."""
    words = pos_words(clause)
    at = next((i for i, (w, _) in enumerate(words) if _CHANGE.search(w)), len(words))
    return any(tag in ("n", "vn", "nz") and len(w) >= 2 for w, tag in words[:at])


# a place in a ranking the question names (排第三的是谁, 第三名, the third-largest): the evidence must name it
_HAN_DIGIT = "一二三四五六七八九"
_RANK_NAMED = re.compile(r"(?:排(?:名|在)?|位列|位居|名列|位于)\s*第\s*(?P<a>[二三四五六七八九十]{1,3}|\d{1,2})(?![\d十百千万亿])"
                         r"|第\s*(?P<b>[二三四五六七八九十]{1,3}|\d{1,2})\s*(?:名|位|大)"
                         r"|\b(?P<c>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ](?:largest|biggest|place"
                         r"|highest|most|ranked)\b|\branked (?P<d>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.I)
_ORDINAL_EN = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _han_number(text: str) -> int:
    """二 -> 2, 十三 -> 13, 二十 -> 20 (up to 99); digits as they are."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _HAN_DIGIT.index(text) + 1 if len(text) == 1 else 0
    return (_HAN_DIGIT.index(tens) + 1 if tens else 1) * 10 + (_HAN_DIGIT.index(ones) + 1 if ones else 0)


def rank_named(info: QuestionInfo) -> int:
    """The place in a ranking the question names (2 for 排第二的, the third-largest -> 3), or 0; the
    first is left out (首个, 率先, the largest: many words say it)."""
    m = _RANK_NAMED.search(info.text)
    if not m:
        return 0
    han = m.group("a") or m.group("b")
    return _han_number(han) if han else _ORDINAL_EN.index((m.group("c") or m.group("d")).lower()) + 2


def tells_rank(rank: int, text: str) -> bool:
    """`text` names that place: 第三, 第 3, third, 3rd."""
    han = (_HAN_DIGIT[rank // 10 - 1] if rank >= 20 else "") + ("十" if rank >= 10 else "") + (
        _HAN_DIGIT[rank % 10 - 1] if rank % 10 else "")
    en = _ORDINAL_EN[rank - 2] if rank - 2 < len(_ORDINAL_EN) else "-"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank % 10 if rank % 100 not in (11, 12, 13) else 0, "th")
    return bool(re.search(rf"第\s*(?:{han}|{rank})(?![\d十])|\b{en}\b|\b{rank}{suffix}\b", text, re.I))


# a sector or field (钢铁行业, 制造业, 人工智能领域): the evidence about another sector is not about the one asked
_SECTOR_HEAD = ("行业", "产业", "领域")


@lru_cache(maxsize=4096)
def sectors(text: str) -> frozenset[str]:
    """The sectors a text names, by their stem: the word before 行业, 产业 or 领域 (or the word's own
    beginning: 钢铁行业 -> 钢铁), or a word of three characters or more ending in 业 whose stem is a word
    (制造业 -> 制造, 金融业 -> 金融; not 中小企业)."""
    words = [w for w, _ in pos_words(text)]
    out = set()
    for i, w in enumerate(words):
        if w.endswith(_SECTOR_HEAD):
            stem = w[:-2] or (words[i - 1] if i else "")
        elif len(w) >= 3 and w.endswith("业") and general_frequency(w[:-1]):
            stem = w[:-1]
        else:
            continue
        if len(stem) >= 2 and stem.lower() not in STOPWORDS and not stem.isdigit():
            out.add(stem.lower())
    return frozenset(out)


def other_sector(asked: frozenset[str], text: str, around: str) -> bool:
    """`text` names a sector and none of the `asked` ones is named in it or `around` it (its passage)."""
    told = sectors(text)
    low = (text + around).lower()
    return bool(told) and not any(a in low for a in asked)


# a person asked by a post (百度智能云的负责人是谁, Who founded Anthropic?): the evidence must tell someone's post, with
# the post's own word or any word of holding, taking up, founding or leading one (a closed class of words; not
# an author, designer or namer, whose works are told with many verbs: 创作, 提出, 命名)
_ROLES_ZH = (r"负责人|首席执行官|CEO|联合创始人|创始人|创办人|董事长|总裁|总经理|掌门人|掌舵人|老板|一把手|领导人?|主席|校长|主任"
             r"|局长|院长|总统|首相|部长|会长|队长|团长|社长|总监|首席\w{0,4}官")
_PERSON_ROLE_ASKED = re.compile(
    rf"(?:{_ROLES_ZH})(?:是|为|叫)?(?:谁|哪位)|谁(?:创办|创立|创建|领导|掌管|执掌|负责|带领)|谁是[^，,。？?]{{0,20}}?(?:{_ROLES_ZH})"
    r"|\bwho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:current\s+)?(?:head|ceo|chief executive|founder|co-founder|chairman|chair"
    r"|president|boss|leader|director|manager)\b"
    r"|\bwho\s+(?:founded|co-founded|set up|established|started|runs|ran|heads|headed|leads|led|manages|managed)\b"
    r"|\bwho\s+(?:is|was)\s+[\w&.' -]{1,40}['’]s\s+(?:head|ceo|chief executive|founder|chairman|president|boss|leader)\b", re.I)
_PERSON_ROLE_TOLD = re.compile(
    rf"{_ROLES_ZH}|创办|创立|创建|创始|成立|建立|兴建|筹建|发起|执掌|掌舵|掌管|带领|率领|领导|担任|出任|任命|接任|继任|上任|主持"
    r"|当选|负责|经营|运营|营运|管理"
    r"|\b(?:head|heads|headed|ceo|chief|founder|founders|founded|co-founded|chairman|chair|president|director|leader|led|leads"
    r"|runs|ran|run by|operates|operated|manager|managed|appointed|elected|established|built|boss)\b", re.I)


def asks_person_role(info: QuestionInfo) -> bool:
    """Whether the question asks who holds a role or did a founding or leading act (负责人是谁, who founded)."""
    return info.kind == "name" and bool(_PERSON_ROLE_ASKED.search(info.text))


def tells_person_role(text: str) -> bool:
    """Whether `text` tells anyone's role or post (其CEO山姆·奥特曼, 由他创办, was appointed)."""
    return bool(_PERSON_ROLE_TOLD.search(text))


# a place asked by the kind of place (哪个城市, 哪座城市, 哪个省, 总部在哪, 建在哪儿; which city, where is it headquartered);
# not 在哪里 or 位于哪里 alone: the first mostly asks where something lies in the abstract (优势在哪里), and the
# answer to the second may be a country, a sea or a street the dictionary does not call a city or province
_PLACE_ASKED = re.compile(
    r"哪(?:一)?(?:个|座)?(?:城市|省份?|县城?|市)(?![场值])|(?:总部|选址)(?:在|于|设在|位于)?(?:哪里|哪儿|哪(?![一年个]))"
    r"|建在(?:哪里|哪儿|哪(?![一年个]))"
    r"|\b(?:which|what) (?:city|province|region|town|county)\b"
    r"|\bwhere (?:is|are|was|were)\b[^?]*\bheadquartered\b", re.I)


def asks_place(info: QuestionInfo) -> bool:
    """Whether the question asks in which city, province or region something is (哪个城市, 建在哪里, which city)."""
    return bool(_PLACE_ASKED.search(info.text))


# a word of three characters or more ending in the kind of place it is (皮尔斯县, 胡志明市, 九龙省, 三峡镇), not 大城市
_PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{2,}(?<!城|都)[县市省州郡镇]")


def tells_place(text: str, is_place: Callable[[str], bool], names_in: Callable[[str], set[str]]) -> bool:
    """Whether `text` names a city, province or region: one the dictionary calls so (`is_place`, of the names
    `names_in` finds in it), or a word the tagger cuts whole that ends in the kind of place it is (皮尔斯县)."""
    return (any(is_place(n) for n in names_in(text))
            or any(len(w) >= 3 and _PLACE_WORD.fullmatch(w) for w, _ in pos_words(text)))
