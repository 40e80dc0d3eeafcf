"""What a question asks for: its language, content terms, and the kind of answer it expects.

(kinds: number, date, time, name, list, reason, compare, overview, other)

Cues: 多少/几/how much/how many ask for a number (with the unit that follows, e.g. 几纳米 -> 纳米),
哪一年/何时/when for a time, 谁/哪家/which/who for a name, 有哪些/what are for a list,
为什么/why for a reason, 哪个更/which ... more for a comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.answer.quantity import COUNTERS
from rag.text.lang import detect_lang
from rag.text.tokenize import (
    NOUN_TAGS,
    PROPER_TAGS,
    STOPWORDS,
    content_terms,
    general_frequency,
    glued_function_word,
    has_han,
    pos_words,
    pos_words_before,
)

# 几 asks for a number, except as "a few" (这几家, 那几年, 好几个) or in a rough figure (几百亿美元, 几十年, 几千万)
ASKING_JI = r"(?<![这那前后好头近])几(?![十百千乎])"
_NUMBER_ZH = re.compile(rf"多少|{ASKING_JI}|百分之几|多大|多高|多快|多长|多久|比例|占比|份额|增速|增长率")
# a place in an order asked in English (Where does IDC rank X? What rank...?): a number question whose answer
# is an ordinal (rag.evidence.cues.asks_ordinal)
RANK_ASKED_EN = r"\bwhere\b.*\brank(?:s|ed)?\b|\bwhat (?:rank|position)\b"
_NUMBER_EN = re.compile(r"\bhow (?:much|many|large|big|fast|long|high)\b|\bwhat (?:[a-z-]+ ){0,2}?(?:percentage|share|proportion|amount|number|rate)\b|\bpercent"
                        rf"|{RANK_ASKED_EN}"
                        r"|\b(?:what|which) (?:was|is|were|are)\b.*\b(?:revenue|income|sales|cost|spending|investment|funding|growth|rate|price|size|share|number|amount|total|profit|loss|valuation|margin|budget|salary)\b"
                        # (the measure right after what: What revenue did Anthropic generate?)
                        r"|\bwhat (?:[a-z]+ )?(?:revenue|income|sales|profit|loss|turnover|earnings|valuation|budget|salary)\b", re.I)
_ASKS_TIME_ZH = re.compile(r"哪一?年|何时|什么时候|哪个月|哪一天|几月|哪年")  # (几号 asks a day: _DAY; 几号线 a number)
# "when" asking a time: opening the question or a clause after a comma (and when, so when; not a clause a wh-question
# follows: when the article talks of X, what...), after a preposition (since when), ending it
# (it opened when?) or after a verb of knowing or saying (do you know when); not a clause's "when" (what share of
# firms struggle when applying AI)
_ASKS_TIME_EN = re.compile(r"(?:^|[,;:])\W*(?:(?:and|so|then|but)\s+)?when\b(?![^,?]*,\s*(?:what|which|how|who|whom|whose|where|why)\b)"
                           r"|\b(?:since|until|till|by|from)\s+when\b|\bwhen\W*$"
                           r"|\b(?:know|knows|say|says|said|tell(?:\s+(?:me|us))?|ask|asked|remember|find\s+out)\s+when\b"
                           r"|\b(?:what|which) year\b(?!-)|\bwhat date\b", re.I)  # (not "at what year-on-year growth rate")
_NAME_ZH = re.compile(r"谁|哪家|哪个|哪些公司|哪两|哪几|什么公司|什么机构|叫什么|名字|全称|全名|哪位|哪一家")
# (also with words before the kind of body: which engineering firm, what national bank)
_BODY_EN = (r"company|companies|firm|organisation|organization|bank|group|club|team|university|agency|authority"
            r"|airline|manufacturer|supplier|carrier|operator|insurer|lender|investor|partner|rival|competitor|contractor"
            r"|consortium|institute|institution|ministry|department|charity|party|person|player|coach|manager|utility")
_NAME_EN = re.compile(rf"\bwho\b|\bwhich (?:two|one)\b|\b(?:which|what) (?:[a-z-]+ ){{0,2}}(?:{_BODY_EN})\b"
                      r"|\bwhat is the name\b", re.I)
_LIST_ZH = re.compile(r"有哪些|哪些|包括什么|包括哪|分别|哪几|几个方面|哪三|三方面")
# (which + a plural noun: which companies, which banks; not the possessive of "Which bank uses Alibaba's chips")
_LIST_EN = re.compile(r"\bwhat are\b|\bwhich\s+[a-z]+[^s\W]s\b|\blist\b|\bname (?:the|all)\b"
                      r"|\bwhat (?:three|two)\b", re.I)
# not the 目的 inside 项目的; not 为什么 after a verb it completes (被称为什么 "is called what", 改为, 变化为)
# (a purpose asked in speech: 图个啥, 为了什么; not 地图, 插图)
_REASON_ZH = re.compile(r"(?<![称叫作译改封名变成化视定列选评认之])为什么|为何|凭什么|原因|怎么会|何以|why|(?<!项)目的"
                        r"|(?<![地插配构截附制绘蓝拼视示版试意])图(?:个|的是)?什么(?!时候|意思)|为了什么|为的是什么")
_REASON_EN = re.compile(r"\bwhy\b|\breason\b|\bpurpose\b|\bcause\b", re.I)
_COMPARE = re.compile(r"哪个更|谁更|哪家更|更快|更高|更多|更大|相比|比较|差距|相差|高出|区别|\bmore than\b|\bcompared?\b|\bfaster\b|\bhigher\b|\blarger\b|\bdifference\b|\bwhich .* (?:more|less)\b", re.I)
_UNIT_AFTER = re.compile(rf"(?:多少|{ASKING_JI})([个位家倍年月天台块项种条亿万千百元美元%％纳米纳秒米吨瓦兆瓦吉瓦卡人次分钟小时岁名座所款辆层届]{{1,3}})")
# a sum of money is asked for: the money word itself is what "多少" asks about (收入是多少, 多少钱),
# not its growth (收入增长了多少 asks for a rate or a difference)
_MONEY_ZH = re.compile(r"(?:收入|营收|营业额|销售额|利润|净利润?|亏损|投入|投资|成本|花费|开支|支出|费用|金额|总额|估值|融资|资金|价格|售价|"
                       r"市值|薪酬|工资|预算|现金消耗|钱)(?:规模)?(?:是|为|达到?了?|有|约|大约|大概|一共|总共|共|合计|高达)?(?:多少|几)"
                       r"|多少钱|多少(?:资金|收入|营收|利润|投资|成本|费用|金额)|花了多少|赚了多少|烧掉?了?多少"
                       r"|(?:这|那)笔(?:钱|款|资金|投资|投入)?(?:是|有|约|大约|大概|一共|总共)?多少")  # (那笔: a sum)
_MONEY_EN = re.compile(r"\bhow much (?:money|revenue|income|profit|funding|cash|did \w+ (?:earn|make|spend|raise|invest|burn|pay|cost))\b"
                       r"|\bwhat (?:was|is|were|are) (?:the )?[\w' ]*\b(?:revenue|income|sales|profit|cost|spending|funding|valuation|price|budget)\b", re.I)
_NOT_MONEY = re.compile(r"增长|增速|同比|环比|占比|比例|份额|百分|涨|降|\bgrow|\bgrowth\b|\bincrease|\brise\b|\brose\b|\bshare\b|\brate\b|\bpercent", re.I)
# a question about the documents as a whole: it names the document (or nothing else) and asks for its gist
_OVERVIEW_ZH = re.compile(r"(?:文章|本文|全文|这篇|这份|资料|文档|材料|报道|它)[^，,？?]{0,8}?(?:主要|大概|都|一共)?(?:讲|说|写|谈|介绍|报道|提到)(?:了|的是|的)?(?:些)?"
                          r"(?:什么(?!样)|哪些(?:内容|事|方面|观点)?)|总结|概括|概述|摘要|要点|主旨|大意|核心观点|主要观点|主要内容")
_OVERVIEW_EN = re.compile(r"\bsummar(?:y|ise|ize)\b|\boverview\b|\bkey (?:points|takeaways)\b|\bmain (?:points|ideas?|message)\b"
                          r"|\bgist\b|\btl;?dr\b|\bwhat(?:'s| is| are)? (?:this|it|these|the)(?: (?:article|document|text|piece|report|file)s?)?"
                          r" (?:all )?about\s*\??$|\bwhat does (?:it|this|the (?:article|document|piece)) (?:say|cover)\s*\??$", re.I)
# a day asked (not 几号线 / 几号球衣, a number; not 哪一日本..., "which Japanese")
_DAY = re.compile(r"哪一?天|哪一?日(?!本)|几号(?![线楼门位车房码球])|几月几[日号]|什么日期|具体日期|哪个日期|\bwhich day\b"
                  r"|\bwhat date\b|\bexact date\b|\bon what day\b", re.I)


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    lang: str  # "zh" or "en"
    terms: tuple[str, ...]  # content terms, lower-cased, in order
    kind: str  # number, time, name, list, reason, compare or other
    unit: str  # the unit a number answer should carry ("纳米", "亿元"...), or ""
    subject: str = ""  # the first name-like phrase: what the question is about ("阿里云", "OpenAI")
    focus: tuple[str, ...] = ()  # the terms right next to the question word: what is asked about it
    numbers: tuple[str, ...] = ()  # numbers and model names the answer must be about (2024, P800, 910B)


# spoken question words and the written ones they stand for (叫啥 asks a name as 叫什么 does)
_SPOKEN_ZH = {"啥时候": "什么时候", "啥时": "什么时候", "多会儿": "什么时候", "几时": "什么时候", "啥子": "什么", "啥": "什么",
              "咋样": "怎么样", "咋": "怎么", "哪儿": "哪里", "哪旮旯": "哪里",
              "干嘛": "为什么", "干吗": "为什么", "干啥": "为什么"}
_SPOKEN = re.compile("|".join(sorted(_SPOKEN_ZH, key=len, reverse=True)))


def written_asking(text: str) -> str:
    """`text` with spoken question words in their written form (啥 -> 什么, 咋 -> 怎么, 啥时候 -> 什么时候);
    为啥 and 凭啥 become 为什么 and 凭什么."""
    return _SPOKEN.sub(lambda m: _SPOKEN_ZH[m.group(0)], text)


def question_kind(text: str) -> str:
    """The kind of answer asked for, read from the question words in their written form (written_asking)."""
    zh = has_han(text)
    text = written_asking(text) if zh else text
    if (_OVERVIEW_ZH if zh else _OVERVIEW_EN).search(text):
        return "overview"
    if (_COMPARE.search(text)):
        return "compare"
    if _DAY.search(text):
        return "date"
    if (_ASKS_TIME_ZH if zh else _ASKS_TIME_EN).search(text):
        return "time"
    if (_REASON_ZH if zh else _REASON_EN).search(text):
        return "reason"
    if zh and re.search(r"哪几|哪些", text):
        return "list"
    if (_NUMBER_ZH if zh else _NUMBER_EN).search(text):
        return "number"
    if (_LIST_ZH if zh else _LIST_EN).search(text):
        return "list"
    if (_NAME_ZH if zh else _NAME_EN).search(text):
        return "name"
    return "other"


_PERCENT = re.compile(r"百分点|百分比|百分之|\bpercent|%|％", re.I)


MONEY = "money"  # the unit of an answer that is a sum of money, in any currency


def answer_unit(text: str) -> str:
    """The unit a number answer must carry, when the question names one (几纳米 -> 纳米)."""
    if _PERCENT.search(text):
        return "%"
    if (_MONEY_ZH.search(text) or _MONEY_EN.search(text)) and not _NOT_MONEY.search(text):
        return MONEY
    m = _UNIT_AFTER.search(text)
    if not m:
        return ""
    unit = m.group(1)
    following = text[m.end() : m.end() + 1].strip("？?")
    if following and _word_across(text, m.end() - 1):
        return ""  # the first character of a noun (多少人力, 多少人口; not 多少人参加), not a unit
    return "" if unit in ("个", "位", "家", "种", "项", "条") and following else unit


def _word_across(text: str, at: int) -> bool:
    """Whether the question's segmentation has a word holding both the character at `at` and the next."""
    start = 0
    for word, _ in pos_words(text):
        end = start + len(word)
        if start <= at < end:
            return at + 1 < end
        start = end
    return False


# numbers and model names the answer must be about: 2024, 194, P800, 910B, GPT-5, H20 (not H1 or Q3)
_NUMBER_OR_MODEL = re.compile(r"[A-Za-z]{2,}-?\d+(?:\.\d+)?[A-Za-z]*|[A-Za-z]-?\d{2,}[A-Za-z]*|\d{2,}(?:[A-Za-z]+\d*)?")


# the degree word of an English "how" question asks, as 多大 or 多久 does: no word the answer is written with
_HOW_DEGREE_EN = re.compile(r"\b(how)\s+(?:big|large|long|old|far|high|tall|wide|deep|often|soon|fast|heavy|small|early|late)\b",
                            re.I)


def analyse(text: str) -> QuestionInfo:
    kind, unit = question_kind(text), answer_unit(text)
    asked = _HOW_DEGREE_EN.sub(r"\1", text)
    return QuestionInfo(
        text=text,
        lang=detect_lang(text),
        terms=tuple(content_terms(asked)),
        kind="number" if unit == MONEY and kind == "other" else kind,  # a sum of money is a number
        unit=unit,
        subject=subject_of(text),
        focus=focus_terms(asked),
        numbers=tuple(dict.fromkeys(m.lower() for m in _NUMBER_OR_MODEL.findall(text))),
    )


_ASK = re.compile(rf"多少|{ASKING_JI}|什么|干嘛|干吗|啥|哪|谁|为什么|为何|如何|怎么|怎样|咋|是否|吗|呢")


def focus_terms(text: str, n: int = 3) -> tuple[str, ...]:
    """Up to `n` content terms closest before the question word in its clause (after it, if none)."""
    if not has_han(text):
        return tuple(content_terms(text)[:n])
    m = _ASK.search(text)
    if not m:
        return tuple(content_terms(text)[-n:])
    clause_start = max((c.end() for c in re.finditer(r"[，,；;：:]", text[: m.start()])), default=0)
    before = content_terms(text[clause_start : m.start()])
    if before:
        return tuple(before[-n:])
    return tuple(content_terms(text[m.end() :])[:n])


_NAME_PHRASE = r"\b(?:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)"  # a run of capitalised words: Alibaba Cloud, Google
_ENTITY_EN = re.compile(_NAME_PHRASE)
LATIN_NAME_PHRASE = re.compile(_NAME_PHRASE, re.ASCII)  # the same inside Chinese text (Google的TPU: 的 ends it)
# words that open an English question capitalised without naming anything (lower-cased); the subject
# is read past the first set only (with "By" or "For" skipped too, "China's" in "By how much did ... in
# China's ..." became the subject and the subject checks refused the question)
QUESTION_OPENERS_EN = frozenset({"what", "how", "which", "who", "when", "why", "where", "did", "does", "do", "is", "are",
                                 "according", "in", "the", "and", "was", "were", "has", "have", "can", "could", "will"})
QUESTION_WORDS_EN = QUESTION_OPENERS_EN | {"would", "should", "a", "by", "for", "from", "on", "at", "with", "to", "of",
                                           "since", "during", "over", "after", "before", "as", "if"}


_WHICH = re.compile(r"哪[家个位款种类些一]?|什么|何种")
_SCOPE_ZH = re.compile(r"^(?:在|于|就|对于)[^，,。？?]{2,30}[，,]")


def _subject_zh(question: str) -> str:
    """The first name-like phrase of a Chinese question: a run of noun/name words (中国钢研, 阿里云); past
    an opening phrase that sets the scope (在金融行业的中标数量上，阿里云排第几), the first one after it."""
    scope = _SCOPE_ZH.match(question)
    if scope:
        after = _subject_zh(question[scope.end() :])
        if after:
            return after
    run: list[str] = []
    last_flag = ""
    asked = False  # the run right after a which-word (哪家科技大厂) is the kind of answer asked for, not the subject
    for word, flag in pos_words(question):
        word = word.strip()
        # a verbal noun after a name is its predicate (OpenAI预计..., 百度投资...), not part of it
        named_before = last_flag.startswith(PROPER_TAGS) or bool(re.fullmatch(r"[A-Za-z][\w.&-]*", run[-1] if run else ""))
        if (word and flag.startswith(NOUN_TAGS) and word.lower() not in STOPWORDS and not (flag == "vn" and named_before)
                and not glued_function_word(word)):
            run.append(word)
            last_flag = flag
        elif run and not asked:
            break
        else:
            run, asked = [], bool(_WHICH.fullmatch(word))
    if asked:
        return ""
    return "".join(run) if len("".join(run)) <= 10 else run[0]


_ROLE_TITLES_EN = frozenset("ceo cfo cto coo cio chairman chairwoman president founder".split())  # whose post, not who


_ACRONYM_EN = re.compile(r"[A-Z]{2,4}s?")
_AUXILIARY_EN = re.compile(r"(?:is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must)",
                           re.I)
_LINK_EN = re.compile(r"(?:of|in|on|for|and|or|to|by)", re.I)  # a word after an acronym that makes it no modifier
_NEXT_WORD_EN = re.compile(r"[ -]([a-z]\w*)")


def _modifies_next(question: str, end: int) -> bool:
    """The word after `end` is a lower-case one that an acronym before it modifies (AI chip), not a link or
    an auxiliary verb (AI in, AMD was)."""
    m = _NEXT_WORD_EN.match(question, end)
    return bool(m) and not (_LINK_EN.fullmatch(m.group(1)) or _AUXILIARY_EN.fullmatch(m.group(1)))


def _subject_en(question: str) -> str:
    """The first capitalised phrase past the question's opening words; in "How many X does Y have?" and
    "Which X has Y ...?" the X is what is asked, so Y comes first (How many Google TPUs is OpenAI going to
    use? -> OpenAI; Which AI chip has Alibaba Cloud developed? -> Alibaba Cloud); an acronym before a noun says
    what kind of thing is asked, so a name after it comes first (the AI chip Alibaba Cloud uses -> Alibaba Cloud)."""
    count = _HOW_MANY.search(question) or _WHICH_THING.search(question)
    counted = ""
    for m in _ENTITY_EN.finditer(question):
        words = [w for w in m.group(0).split() if w.lower() not in QUESTION_OPENERS_EN]
        if not words:
            continue
        if count and m.start() < count.end(1) and m.end() > count.start(1):  # (Which AI: the opener joins it)
            counted = counted or " ".join(words)
            continue
        if len(words) == 1 and words[0].lower() in _ROLE_TITLES_EN:  # (Who is the CEO of Anthropic? -> Anthropic)
            counted = counted or words[0]
            continue
        if all(_CALENDAR.fullmatch(w.lower()) for w in words):  # a month or a weekday names a time, not a party
            continue
        before = question[: m.start()].split()[-1:]
        if (_modifies_next(question, m.end()) and len(words) == 1 and _ACRONYM_EN.fullmatch(words[0])
                and not (before and _AUXILIARY_EN.fullmatch(before[0]))):  # (not the subject of a verb: did AMD agree)
            counted = counted or words[0]  # an acronym before a noun says what kind (the AI chip that Alibaba uses)
            continue
        return " ".join(words)
    return counted


def subject_of(question: str) -> str:
    return _subject_zh(question) if has_han(question) else _subject_en(question)



def has_named_subject(question: str) -> bool:
    """Does the question name someone or something (a proper noun, a Latin name, an unknown word that is no
    verb, adverb or other function word: 比涨 of 跟去年全年比涨了多少 is a verb jieba's dictionary lacks)?"""
    if not has_han(question):
        return bool(_subject_en(question))
    for word, flag in pos_words(question):
        word = word.strip()
        if (len(word) >= 2 and (flag.startswith(PROPER_TAGS)
                                or not general_frequency(word) and not flag.startswith(_NOT_NAMING_TAGS))
                and not word.isdigit() and not glued_function_word(word)):
            return True
    return False


# tags of an unknown word that names nobody: verbs (verbal nouns too), adverbs, adjectives, function words, numbers, times
_NOT_NAMING_TAGS = ("v", "d", "a", "p", "c", "u", "m", "q", "r", "t")


# months and weekdays are capitalised in English but name a time, not a party
_CALENDAR = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?|(?:january|february|march|april"
                       r"|june|july|august|september|october|november|december)|(?:mon|tues|wednes|thurs|fri|satur|sun)day",
                       re.I)


def english_names(text: str) -> list[str]:
    """The capitalised words of an English phrase (Microsoft Azure -> Microsoft, Azure); not months or days."""
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9&-]*", text)
            if (w[0].isupper() or any(ch.isupper() for ch in w[1:])) and not _CALENDAR.fullmatch(w)]


_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'-]+\s+){0,3}?[\w'-]+?)\s+(?:do|does|did|has|have|had|is|are|was|were|will|can|could|would)\b", re.I)
_WHICH_THING = re.compile(r"^\s*(?:which|what)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+?)\s+(?:do|does|did|has|have|had|will|can|could|would)\b", re.I)


# 多少员工, 几家企业: the noun counted, right after the question word and an optional measure word
_COUNTED_ZH = re.compile(rf"(?:多少|{ASKING_JI})(?:[{COUNTERS}])?(?P<rest>[\u4e00-\u9fff]{{2,6}})")


def counted_noun_zh(question: str) -> str:
    """What a Chinese count question counts: `百度智能云有多少员工？` -> 员工, `多少个多媒体数字网络语言实验室`
    -> 实验室 (the head: the last noun of the noun phrase; two characters or more; not a unit or a sum:
    多少钱, 多少亿元)."""
    m = _COUNTED_ZH.search(question)
    if not m:
        return ""
    head = ""
    for word, flag in pos_words(m.group("rest")):
        if not (flag.startswith(("n", "j")) and not flag.startswith("nr")):
            break
        head = word
    return head if len(head) >= 2 and not head.endswith(tuple(_MEASURE_NOUNS)) else ""


# nouns of a measure, not of things counted: 多少市场份额 asks a share (超50%的份额), 多少收入 a sum
_MEASURE_NOUNS = frozenset("份额 比例 比重 占比 百分比 比率 增速 增幅 增长率 金额 数额 收入 营收 利润 成本 费用 资金 投入 规模 体量"
                           " 程度 量级 水平".split())


# (the word after "how many", with the plural nouns right after it: How many bidding wins for ... -> bidding wins)
_HOW_MANY_WORD = re.compile(r"\bhow many\s+([a-z][\w'-]*(?:\s+(?!(?:is|was|has|does|its|this|thus|as|us)\b)[a-z][\w'-]*s\b){0,2})", re.I)


def counted_phrase(question: str) -> str:
    """What an English "how many" question counts: `How many employees does OpenAI have?` -> employees;
    with no auxiliary verb after it, the word after "how many" (How many engineers work on X? -> engineers)."""
    m = _HOW_MANY.search(question)
    if m:
        return m.group(1)
    m = _HOW_MANY_WORD.search(question)
    return m.group(1) if m else ""


# the words between a measure and the question word (研发投入是多少, 收入达到多少, 份额大约有多少)
_LINK_ZH = frozenset("是 有 为 达到 达 约 大约 大概 一共 共 总共 合计 到底 究竟 能 能够 会 将 在".split())
_MEASURE_ASK_ZH = re.compile(rf"多少|{ASKING_JI}|多大|多高")


def _lone_character(word: str, flag: str) -> bool:
    """One Han character the tagger cut off that is no particle (的, 了), number or symbol."""
    return len(word) == 1 and has_han(word) and not flag.startswith(("u", "m", "x")) and word not in STOPWORDS


def measure_compound_zh(question: str, corpus_has: Callable[[str], bool] | None = None, least: int = 2) -> tuple[str, ...]:
    """The words of a Chinese compound measure a figure is asked for, right before the question word:
    `阿里云2025年上半年的研发投入是多少？` -> (研发, 投入). () when the measure is one word (收入是多少) or
    there is none: a compound says which figure is meant (R&D spending, not revenue nor an investment plan).
    `corpus_has`: two single characters the tagger split are one word when the corpus writes them so
    (占 比 -> 占比)."""
    m = _MEASURE_ASK_ZH.search(question)
    if not m:
        return ()
    words = pos_words_before(question, m.start())
    if corpus_has is not None:
        # (a character glued to the link by the tagger's unknown-word model, 占比是 -> 占 比是: cut apart again)
        words = [piece for word, flag in words for piece in
                 ([(word[0], "g"), (word[1], "v")] if len(word) == 2 and word[1] in _LINK_ZH and glued_function_word(word) else [(word, flag)])]
        joined: list[tuple[str, str]] = []
        for word, flag in words:
            if joined and _lone_character(word, flag) and _lone_character(*joined[-1]) and corpus_has(joined[-1][0] + word):
                joined[-1] = (joined[-1][0] + word, "n")
            else:
                joined.append((word, flag))
        words = joined
    # the link (是, 有, 达到) and adverbs (一般, 大概, 具体) between the measure and the question word
    while words and (words[-1][0].strip() in _LINK_ZH or words[-1][1] in ("d", "ad", "a")):
        words.pop()
    run: list[str] = []
    # nouns, verbal nouns and abbreviations (研发 is tagged one, 投入 a verb): not names, times or numbers
    while words and words[-1][1].startswith(("n", "v", "j")) and not words[-1][1].startswith(PROPER_TAGS + ("t",)):
        word = words.pop()[0].strip()
        if len(word) < 2 or word.lower() in STOPWORDS:
            break
        run.insert(0, word)
    return tuple(run) if len(run) >= least else ()
