"""Explicit constraints a question puts on its answer, checked against the evidence sentences.

Meaning and word overlap say a sentence is *about* the question; they do not say it answers it.
These checks are cheap and decisive when broken (each returns False/True for the refusal decision,
rag.evidence.decision, or reorders the candidates):
- time scope: a quantity asked for a named year (百度2024年的研发投入, revenue in 2025) needs a sentence
  about that year (the year in it, in the sentence before it, 同期/其..., or in its heading) holding a
  quantity of the asked kind;
- asked quantity: the thing asked about (总金额) is named in the passages but never with such a quantity;
- the subject's quantity (English questions): the quantity (revenue -> 收入) is given only for others;
  in Chinese, for a compound measure (研发投入) of a party, told only in sentences naming other parties;
- alone vs joint: a figure asked for the subject alone (单独, alone) is not a joint one (共同, together);
- head count: the counted thing (多少员工, employees -> 员工) never has a figure beside it;
- financial measure: a figure asked for a measure that has no stand-in (净利润, 估值, 价格) and that
  the corpus never writes, in any of its forms (revenue is not profit; 投资 and 投入 are one thing);
- subject first: the best sentence names another party (百度 for a question about 阿里云) while one that
  names the subject scores nearly as well: that one leads;
- subject conflict: a Latin-script name the corpus knows (Anthropic) is asked about and the best
  evidence names only other Latin-script names (OpenAI).
Each was measured on the article dev and held-out sets and on CMRC 2018; the ones limited to number
questions or to English questions cost answerable questions elsewhere (see the notes in each).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.english import MONTHS
from rag.evidence.cues import (
    OPENS_WITH_PRONOUN,
    asks_person_role,
    asks_superlative,
    cue_score,
    named_thing,
    quantity_spans,
    tells_figure,
    tells_person_role,
    tells_superlative,
    tells_thing,
)
from rag.evidence.periods import compares, year_told
from rag.evidence.score import SHORTLIST, Candidate
from rag.question.analyse import QuestionInfo, english_names, measure_compound_zh
from rag.question.names import writes
from rag.text.tokenize import has_han, pos_tags, pos_words
from rag.types import Chunk

_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a year a question names (2024), not a time cue of a sentence

Context = Callable[[Candidate], str]  # a candidate's sentence with the one before it and its heading, lower-cased
DEPTH = 8  # candidate sentences a check looks through: about the best few of each top passage


def question_years(info: QuestionInfo) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_A_YEAR.findall(info.text)))


def scope_met(info: QuestionInfo, cands: Sequence[Candidate], context: Context, depth: int = DEPTH) -> bool:
    """False when the question names years and no good candidate sentence is about all of them while
    holding the kind of answer asked for."""
    years = question_years(info)
    if not years or info.kind != "number":
        # checked for quantities only: a name, a reason or an event of a year is often told a few
        # sentences after the year is (measured on CMRC 2018, where that rule refused 2% of answerable questions)
        return True
    bases = compares(info.text)  # (a year a sentence names only as its comparison's base is not what it tells)
    for c in cands[:depth]:
        if cue_score(info, c.text) < 1.0:
            continue
        ctx = context(c)
        if all(year_told(ctx, y, bases) for y in years):
            return True
    return False


def year_first(info: QuestionInfo, cands: list[Candidate], context: Context, depth: int = DEPTH) -> list[Candidate]:
    """For a number question naming years whose best sentence (with the one before it) tells none of them
    (Brennholt's 2023 revenue for `How much revenue did Brennholt make in 2024?`), the best of the next
    `depth` about all of them with a figure of the asked kind leads (its forecast for 2024): what is
    quoted is then about the year asked, and the checks that follow judge that sentence (a forecast
    asked as done is qualified). None about them all: the order stays, and `scope_met` refuses."""
    years = question_years(info)
    if info.kind != "number" or not years or not cands or _about_years(context(cands[0]), years):
        return cands
    for c in cands[1:depth]:
        if not c.off_subject and tells_figure(info, c.text) and _about_years(context(c), years):
            return _first(c, cands)
    return cands


# an English date of one day (said on 27 February 2024, on May 4, 2024): the day something was said or done,
# not the period a figure is for
_MONTH_NAME = "|".join(MONTHS)
_DAY_DATE = re.compile(rf"\b\d{{1,2}} (?:{_MONTH_NAME}) \d{{4}}\b|\b(?:{_MONTH_NAME}) \d{{1,2}},? \d{{4}}\b", re.I)


def _about_years(text: str, years: Sequence[str]) -> bool:
    """Whether `text` names every one of the years other than in the date of a day."""
    text = _DAY_DATE.sub(" ", text)
    return all(y in text for y in years)


# financial measures that no other figure stands in for, with the forms a corpus may write each in
# (not 费用: 研发费用 is a spending, which 研发投入 tells)
_PRICE = ("价格", "售价", "定价", "报价", "单价", "收费", "计费", "价钱", "资费")
_MEASURES = {"净利润": ("净利润", "净利", "利润"), "利润": ("利润", "净利", "盈利"), "净亏": ("净亏", "亏损"),
             "亏损": ("亏损", "净亏"), "估值": ("估值",), "市值": ("市值",), **{p: _PRICE for p in _PRICE},
             "毛利": ("毛利",), "薪酬": ("薪酬", "工资", "薪资"), "预算": ("预算",),
             "净赚": ("净赚", "净利", "利润", "盈利"), "纯利": ("纯利", "净利", "利润"), "盈利": ("盈利", "利润", "净利")}
_MEASURE = re.compile("|".join(sorted(_MEASURES, key=len, reverse=True)))


# the same measures asked in English, by the Chinese measure whose forms the corpus would write
_MEASURES_EN = {"net profit": "净利润", "net income": "净利润", "profit": "利润", "net loss": "净亏", "loss": "亏损",
                "valuation": "估值", "market value": "市值", "market cap": "市值", "price": "价格", "gross margin": "毛利",
                "salary": "薪酬", "budget": "预算"}
_MEASURE_EN = re.compile(r"\b(" + "|".join(sorted(_MEASURES_EN, key=len, reverse=True)) + r")(?:es|s)?\b", re.I)


def measure_met(info: QuestionInfo, corpus_has: Callable[[str], bool], corpus_lang: str = "zh") -> bool:
    """False when a financial measure is asked (净利润, 估值, 收费; net profit), its figure or anything else
    of it (怎么收费), that the corpus writes in none of its forms: another figure of the same company (its
    revenue) is not that measure. Only for a Chinese corpus, whose forms these are."""
    if corpus_lang != "zh":
        return True
    if info.lang == "zh":
        asked = [m.group(0) for m in _MEASURE.finditer(info.text)]
    else:
        asked = [_MEASURES_EN[m.group(1).lower()] for m in _MEASURE_EN.finditer(info.text)]
    return all(any(corpus_has(f) for f in _MEASURES[m]) for m in asked)


# words for the size of something (营收规模有多大): the thing measured is what the question asks about
MAGNITUDE_WORDS = frozenset("规模 体量 程度 数额 量级 水平 大小".split())


def quantity_met(info: QuestionInfo, cands: Sequence[Candidate], corpus_has: Callable[[str], bool], depth: int = DEPTH) -> bool:
    """False when a quantity is asked of a thing (总金额是多少, 份额多少) that the candidate sentences name
    only without a quantity of the asked kind: 中标金额 mentioned, no sum of money given; or with one
    written as another thing's (约20亿美元的现金花费 beside OpenAI的融资额)."""
    if info.kind != "number":
        return True
    # the words right before the question word say what is measured (总金额是多少); where a verb stands there
    # (砸进去多少钱) its object is no measure (搞技术), and the focus words are read only when nothing does
    run = [t.lower() for t in measure_compound_zh(info.text, corpus_has, 1)] if info.lang == "zh" else []
    words = [t for t in info.focus if any(t in w for w in run)] if run else list(info.focus)  # (金额 of 总金额)
    head = next((t for t in reversed(words) if len(t) >= 2 and corpus_has(t) and t not in info.subject.lower()
                 and not _A_YEAR.fullmatch(t) and t not in MAGNITUDE_WORDS), "")
    head = _noun_asked(info, corpus_has) or head  # (多少份额: the share is measured, not the 市场 before it)
    if not head:
        return True
    # the measure's other words told with a quantity of the asked kind name it with one (投入金额 asked: 投入超过3800亿元),
    # though the corpus writes its last word of something else only (中标金额)
    rest = [w for w in run if w != head and len(w) >= 2 and w not in info.subject.lower()]
    if rest and any(cue_score(info, c.text) >= 1 and any(w in c.text.lower() for w in rest) for c in cands[:depth]):
        return True
    holding = [c for c in cands[:depth] if head in c.text.lower()]
    return not holding or any(cue_score(info, c.text) >= 0.5 and not _figures_of_others(info, c.text.lower(), head)
                              for c in holding)  # 0.5: a number in Han numerals


def _noun_asked(info: QuestionInfo, corpus_has: Callable[[str], bool]) -> str:
    """The noun right after a Chinese question's 多少 or 几 (多少份额, 多少现金), when the corpus has it: what the
    question measures; "" otherwise (多少钱, 多少个模型, 多少亿元)."""
    word = _word_asked(info, ("n",))
    return word if word and corpus_has(word) else ""


def _word_asked(info: QuestionInfo, tags: tuple[str, ...] = ("n", "v")) -> str:
    """The first word of two or more characters right after a Chinese question's 多少 or 几 with one of `tags`
    (by default a noun, or a verb the tagger may read one as: 多少收入, 收入 tagged a verb), not a magnitude
    word, lower-cased; "" otherwise."""
    if info.lang != "zh":
        return ""
    words = pos_words(info.text)
    return next((after.lower() for (w, _), (after, flag) in zip(words, words[1:])
                 if w in ("多少", "几") and flag.startswith(tags) and len(after) >= 2
                 and after not in MAGNITUDE_WORDS), "")


# 20亿美元的现金花费: the figure (with its unit) is the 现金花费's
_OWNED = re.compile(r"[\u4e00-\u9fff%％]{0,4}?的([\u4e00-\u9fff]{2,6})")


def _figures_of_others(info: QuestionInfo, text: str, head: str) -> bool:
    """True when every figure of the asked kind in `text` is written as another thing's (20亿美元的现金花费)
    and the clause naming `head` holds none: `OpenAI的融资额超过了...` beside `约20亿美元的现金花费` gives no
    sum for 融资."""
    spans = quantity_spans(info, text)
    if not spans:
        return False
    for _, end in spans:
        owner = _OWNED.match(text, end)
        if not owner or head in owner.group(1):
            return False
    at = text.find(head)
    clause = re.split(r"[，,；;。]", text[at:])[0]
    before = re.split(r"[，,；;。]", text[:at])[-1]
    return not quantity_spans(info, before + clause)


def subject_quantity_met(info: QuestionInfo, cands: Sequence[Candidate], context: Context, forms: Sequence[str],
                         heads: Sequence[str], names_in: Callable[[str], set[str]] | None = None,
                         depth: int = DEPTH) -> bool:
    """False when the passages give the asked quantity (收入, revenue) only for others: every sentence that
    holds it names another party and none the question's subject (Anthropic's revenue, where only OpenAI's
    and Baidu's are told). With `names_in`, the best sentence naming no party at all may be the subject's
    (千帆大模型平台集成了150多个模型, for How many models does Baidu's Qianfan platform bring together?)."""
    forms = [f for f in forms if f]
    if info.kind != "number" or not forms or not heads:
        return True
    holding = [c for c in cands[:depth] if any(h in c.text.lower() for h in heads)]
    return not holding or any(any(writes(context(c), f) for f in forms)
                              or (c is cands[0] and names_in is not None and not parties(names_in(c.text) - set(forms)))
                              for c in holding)


def measure_of_subject_met(info: QuestionInfo, cands: Sequence[Candidate], context: Context, forms: Sequence[str],
                           measure: Sequence[str], names_in: Callable[[str], set[str]], depth: int = DEPTH) -> bool:
    """False when a Chinese question asks the subject's figure for a compound measure (研发投入: R&D
    spending) and the candidate sentences that say the whole measure, with a figure, name others only:
    百度's 研发 sentence for `阿里云的研发投入是多少？`, while 阿里云's sentences give its revenue or an
    investment plan. A one-word measure (收入) is not checked: a Chinese sentence often leaves its
    subject unsaid (see subject_quantity_met)."""
    forms = [f for f in forms if f]
    if info.kind != "number" or not forms or len(measure) < 2:
        return True
    if not (parties(names_in(info.subject)) or re.search(r"[A-Za-z]", info.subject)):
        return True  # a subject that is no party (亚洲电视高清制式, 天门冬): whose figure it is, is not a name
    holding = [c for c in cands[:depth] if all(w in context(c) for w in measure) and cue_score(info, c.text) >= 0.5]
    # told of others: each names another party (not a place: 分布于日本、湖南... names no owner of a figure)
    # and not the subject (双方, 其: the subject may be meant)
    return not holding or any(any(writes(context(c), f) for f in forms) or not parties(names_in(c.text) - set(forms))
                              for c in holding)


_ITEMS = re.compile(r"[；;]")  # the items of a list of deals or figures, each with its own party


def figure_clause_met(info: QuestionInfo, text: str, asked: Sequence[str], names_in: Callable[[str], set[str]]) -> bool:
    """False when a number question's figure is told in `text` only in items (its parts between semicolons)
    that name another party, and not in the item naming every asked party: 与AMD达成…在四年间订购…；和英伟达…合作
    does not say for how many years the Nvidia deal runs."""
    asked = [a for a in asked if a]
    if info.kind != "number" or not asked:
        return True
    items = [c for c in _ITEMS.split(text) if c.strip()]
    if len(items) < 2:
        return True
    own = [c for c in items if all(writes(c.lower(), a) for a in asked)]
    if not own or any(tells_figure(info, c) for c in own):
        return True
    return not any(tells_figure(info, c) and parties(names_in(c)) - set(asked) for c in items if c not in own)


def parties(names: set[str]) -> set[str]:
    """The names that are no place (jieba's ns tag): companies, people, products."""
    return {n for n in names if not (pos_tags(n).get(n.lower()) or "").startswith("ns")}


_ALONE = re.compile(r"单独|独自|单凭|自己|\balone\b|\bby itself\b|\bon its own\b|\bsingle-handedly\b", re.I)
# (a total that includes the asked part is not the part's: 涵盖智能云服务在内的…收入达到194亿元)
_TOGETHER = r"共同|合计|一起|加起来|联合|联手|\btogether\b|\bcombined\b|\bjointly\b"  # a figure had together
_JOINT = re.compile(rf"{_TOGETHER}|两大|涵盖|在内|\bincluding\b", re.I)


def attribution_met(info: QuestionInfo, cands: Sequence[Candidate], depth: int = 3) -> bool:
    """False when the question asks for the subject's figure alone (单独, alone) and the best evidence
    with a figure gives a joint one (共同, together) or a total that includes it (在内, including):
    阿里云与百度智能云共同占据超50%的份额.
    (Also tried: "every figure comes before the subject is named" -> not the subject's. It refused 1% of
    CMRC's answerable questions and two of the article's, and was dropped.)"""
    if info.kind != "number" or not cands or not _ALONE.search(info.text):
        return True
    with_quantity = [c for c in cands[:depth] if quantity_spans(info, c.text)]
    return not with_quantity or not _JOINT.search(with_quantity[0].text.lower())


# a figure the subject shares with others: told of a coordination before 共同 (阿里云与百度智能云共同占据超50%),
# or of a whole the subject is part of (涵盖智能云服务在内的…收入): not the subject's own
_SHARED = re.compile(rf"(?P<who>[^，,。；;：:—!?！？]{{2,40}}?)(?:{_TOGETHER})"
                     r"|(?:涵盖|包括|包含)(?P<part>[^，,。；;]{1,30}?)在内", re.I)
_COORDINATED = re.compile(r"[与和及、同跟]|\band\b|&", re.I)
_JOINT_ASKED = re.compile(rf"{_TOGETHER}|一共|总共|两家|两者|\bin total\b|\bboth\b", re.I)
_EACH_ASKED = re.compile(r"各自|分别|各是|各占|\brespectively\b|\beach\b", re.I)  # each party's own figure asked
_FIGURE_TOLD = re.compile(r"\d|[一二三四五六七八九十百千万亿两半数]")


def told_jointly(info: QuestionInfo, text: str, forms: Sequence[str], names_in: Callable[[str], set[str]]) -> str:
    """The subject's form (one of `forms`) when the figure `text` gives for a number question's subject is one
    it shares with others, else "": the subject coordinated with another party before 共同, 合计, together...,
    or named as a part of a whole (涵盖…在内), with a figure after it in its clause. Not when the question asks
    the joint figure itself (一共, both, or the other party named too, unless each one's is asked: 各自, 分别)."""
    if info.kind != "number" or not forms or _JOINT_ASKED.search(info.text):
        return ""
    low, asked = text.lower(), info.text.lower()
    for m in _SHARED.finditer(low):
        who = m.group("who")
        part = m.group("part")
        rest = re.split(r"[。；;!?！？]", low[m.end():], maxsplit=1)[0]
        if not _FIGURE_TOLD.search(rest):
            continue
        if part is not None and any(f in part for f in forms):
            return next(f for f in forms if f in part)
        if who is None or not _COORDINATED.search(who):
            continue
        for f in (f for f in forms if f in who):
            others = {n for n in names_in(who) if not (n in f or f in n)}
            if others and (_EACH_ASKED.search(asked) or not any(n in asked for n in others)):
                return f
    return ""



# a count: not the 数 of 数字, nor 一 with a measure word, the indefinite article (一个强大的工具, 一种模式)
_COUNT = re.compile(r"\d+(?:[.,]\d+)*|(?!一[个种套款项家位次场件条只批])[一二三四五六七八九十两]+[十百千万亿]*"
                    r"|[数几][十百千万亿]+")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")


_SHARE = re.compile(r"\s*(?:[%％]|个?百分点)")
_VALUE_OF = re.compile(r"\s*[十百千万亿]*\s*(?:美元|美金|元|港元|欧元|英镑|日元|块钱|人民币)[^，,。；;]*的")


def _counts_before(before: str, shares: bool) -> bool:
    """The words before the counted thing hold a count of it: not the value of a thing (数百亿美元的芯片采购: a sum of
    money, then 的); a share (80%企业) only when `shares` (多少企业, not 多少家企业, which asks a head count)."""
    return any(not _VALUE_OF.match(before, m.end()) and (shares or not _SHARE.match(before, m.end()))
               for m in _COUNT.finditer(before))


def _is_count(m: re.Match, following: str) -> bool:
    """A figure after the counted thing that counts it: not a rate of another thing named between them, a
    noun and its verb (产线效率提升50%: the 效率's); a share of the thing itself is one (质检人力节省40%)."""
    if not re.match(r"\s*(?:[%％]|个?百分点|倍)", following[m.end():]):
        return True
    words = [(w, tag) for w, tag in pos_words(following[: m.start()]) if w.strip()]
    return not (len(words) >= 2 and words[0][1].startswith("n") and len(words[0][0]) >= 2)  # (another noun, then its verb)


def count_met(cands: Sequence[Candidate], nouns: Sequence[str], window: int = 12, depth: int = DEPTH,
              named_needed: bool = False, about: Callable[[Candidate], bool] | None = None, shares: bool = True) -> bool:
    """False when the sentences that name the counted thing (员工) never give a figure next to it
    (within `window` characters, in the same clause): `...告诉员工` is not a head count, nor is the
    indefinite article 一个 (`客户需要的不仅仅是一个强大的AI工具`). With `named_needed`, also when none of
    them names it: an English count's translations (employees -> 员工) are the words a count of that
    thing is written with, while a Chinese sentence often counts with a measure word alone (28间).
    `about`: whether a sentence is about the question's subject; only those count (OpenAI's 数千兆瓦数据中心
    is no count of Anthropic's data centers). `shares`: a percentage before the thing counts it (多少企业 asked)."""
    if not nouns:
        return True
    holding = [c for c in cands[:depth] if any(n in c.text for n in nouns) and (about is None or about(c))]
    for c in holding:
        for n in nouns:
            for m in re.finditer(re.escape(n), c.text):
                before = c.text[max(0, m.start() - window) : m.start()]
                following = c.text[m.end() : m.end() + window]
                before = _CLAUSE_END.split(before)[-1]
                following = _CLAUSE_END.split(following)[0]
                if _counts_before(before, shares) or any(_is_count(m, following) for m in _COUNT.finditer(following)):
                    return True
    return not holding and not named_needed


def _names(text: str) -> set[str]:
    return {n.lower() for n in english_names(text) if len(n) >= 2}


def subject_first(info: QuestionInfo, cands: list[Candidate], context: Context, margin: float,
                  forms: Sequence[str] | None = None, names_in: Callable[[str], set[str]] | None = None,
                  kinds: Sequence[str] = ("number",), synonyms: Sequence[str] = ()) -> list[Candidate]:
    """The candidates with a sentence that names the question's subject moved to the front when the best
    one names another party instead (百度 for a question about 阿里云) and the subject's sentence scores
    within `margin` with the answer type met (for a name asked, also holding every word of the question
    the best one holds besides the subject: the chip of 芯片, not any sentence naming 百度; for a figure,
    holding a character of the measure the best one gives it for (增长 for 增速): Anthropic's chip deal is no
    answer to its 收入).
    `forms`: how the corpus writes the subject (an English question's 阿里 for Alibaba); default its own words.
    `names_in`: the names a text mentions (Latin-script names when not given).
    `kinds`: the questions it applies to: quantities (on questions in the corpus's language, names
    asked too cost more than they gained: 谁 asks for another party, named in its own sentence).
    `synonyms`: the corpus's words for a measure the question words its own way (收入 for 营收)."""
    forms = [f for f in (forms if forms is not None else (info.subject.lower(),)) if f]
    if not forms or not cands or info.kind not in kinds:
        return cands
    named = lambda c: any(writes(context(c), f) for f in forms)  # noqa: E731
    others_of = lambda c: {n for n in (x.lower() for x in (names_in or _names)(c.text))  # noqa: E731
                           if not any(n in f or f in n for f in forms)}
    if named(cands[0]) or not others_of(cands[0]):
        return cands
    best = cands[0]
    asked = [t for t in info.terms if has_han(t) and not any(t in f or f in t for f in forms)]
    # (the measure before the question word, 收入是多少, or the word after it, 创造了多少收入)
    measure = ([t.lower() for t in measure_compound_zh(info.text, None, 1)] or
               [t for t in (_word_asked(info),) if t]) + list(synonyms) if info.kind == "number" else []
    needed = [t for t in asked if t in best.text.lower()] if info.kind == "name" else []
    measured = [t for t in measure if t in best.text.lower()]
    for c in cands[1:SHORTLIST]:
        if best.score - c.score > margin:
            break
        if (named(c) and cue_score(info, c.text) >= cue_score(info, best.text)
                and all(t in c.text.lower() for t in needed)
                and (not measured or any(ch in c.text.lower() for t in measured for ch in t))):
            for x in cands:  # sentences about the other party do not join the answer
                x.off_subject = not named(x) and bool(others_of(x))
            return _first(c, cands)
    return cands


def figure_first(info: QuestionInfo, cands: list[Candidate], margin: float, forms: Sequence[str] = (),
                 names_in: Callable[[str], set[str]] | None = None) -> list[Candidate]:
    """For a number question whose best sentence gives no figure of the asked kind (中国钢研与百度智能云的合作
    for `干活快了多少？`), the best one within `margin` that gives one leads (产线效率提升50%以上), when it names
    no party the best one and the question do not: a figure of another party's is not moved up."""
    if info.kind != "number" or not cands or tells_figure(info, cands[0].text):
        return cands
    best = cands[0]
    known = {n.lower() for n in (names_in or _names)(best.text)} | {f.lower() for f in forms if f}
    for c in cands[1:SHORTLIST]:
        if best.score - c.score > margin:
            break
        if c.off_subject or not tells_figure(info, c.text):
            continue
        others = {n.lower() for n in (names_in or _names)(c.text)}
        if all(any(n in k or k in n for k in known) for n in others):
            return _first(c, cands)
    return cands


def measure_first(info: QuestionInfo, cands: list[Candidate], heads: Sequence[str], context: Context,
                  forms: Sequence[str] = (), names_in: Callable[[str], set[str]] | None = None,
                  depth: int = DEPTH, whole: bool = False) -> list[Candidate]:
    """For a number question whose best sentence holds none of the corpus words for what is asked
    (`heads`: the translations of an English question's words, cash -> 现金; or with `whole`, the words
    of a Chinese compound measure, 研发 投入, every one of which must be held), the best of the next
    `depth` that holds them and a figure of the asked kind leads, when it names the subject or no other
    party: the sentence score leans on the words it shares, so OpenAI's revenue sentence outscores its
    cash burn for "How much cash did OpenAI burn?", and Baidu's half-year revenue its decade of R&D
    for 百度2025年上半年的研发投入. No margin: a sentence saying what is asked outranks one that does not."""
    if info.kind != "number" or not cands or not heads or any(h in cands[0].text.lower() for h in heads):
        return cands
    forms = [f for f in forms if f]
    for c in cands[1:depth]:
        low = c.text.lower()
        held = all(h in low for h in heads) if whole else any(h in low for h in heads)
        if c.off_subject or not held or not tells_figure(info, c.text):
            continue
        named = any(writes(context(c), f) for f in forms)
        others = {n.lower() for n in (names_in or _names)(c.text)} - {f.lower() for f in forms}
        if named or not parties(others):
            return _first(c, cands)
    return cands


def superlative_first(info: QuestionInfo, cands: list[Candidate], context: Context, forms: Sequence[str] = (),
                      depth: int = DEPTH) -> list[Candidate]:
    """For a which-question asking the top one (OpenAI's biggest rival, 哪一年最多) whose best sentence ranks
    nothing, the best of the next `depth` that does (OpenAI头号劲敌Anthropic) leads (see `telling_first`).
    A Chinese superlative leads only with itself (最多), not with a first place in something else (增速位列第一)."""
    asked = asks_superlative(info)
    if not asked:
        return cands
    return telling_first(cands, lambda text: tells_superlative(asked, text, ranked=False), context, forms, depth)


def thing_first(info: QuestionInfo, cands: list[Candidate], context: Context, forms: Sequence[str] = (),
                depth: int = DEPTH) -> list[Candidate]:
    """For a Chinese question asking the name of a thing (百度自研的AI芯片叫啥名字) whose best sentence does
    not say it word for word, the best of the next `depth` that does (百度自研的昆仑芯AI芯片) leads, or else one
    saying it by a word sharing a character with it (胞弟 for 弟弟) when the best says it in no way (see
    `telling_first`)."""
    thing = named_thing(info)
    if not thing or not cands:
        return cands
    led = telling_first(cands, lambda text: tells_thing(thing, text) == 2, context, forms, depth)  # word for word
    if led[0] is cands[0] and tells_thing(thing, cands[0].text) == 0:  # or else by a shared character
        led = telling_first(cands, lambda text: tells_thing(thing, text) > 0, context, forms, depth)
    return led


def person_first(info: QuestionInfo, cands: list[Candidate], context: Context, forms: Sequence[str] = (),
                 depth: int = DEPTH) -> list[Candidate]:
    """For a question asking who holds a role (Who is the head of OpenAI?) whose best sentence tells nobody's
    role, the best of the next `depth` that tells one (其CEO山姆·奥特曼) leads (see `telling_first`)."""
    if not cands or not asks_person_role(info):
        return cands
    return telling_first(cands, tells_person_role, context, forms, depth)


def telling_first(cands: list[Candidate], tells: Callable[[str], bool], context: Context, forms: Sequence[str],
                  depth: int) -> list[Candidate]:
    """When the best sentence does not tell what is asked, the best of the next `depth` that does leads, if it
    is in the best one's passage or names the subject (another school's 最早 is not this one's). No margin,
    as for measure_first: a sentence saying what is asked outranks one that does not."""
    if not cands or tells(cands[0].text):
        return cands
    forms = [f for f in forms if f]
    for c in cands[1:depth]:
        if c.off_subject or not tells(c.text):
            continue
        if c.hit_n == cands[0].hit_n or any(writes(context(c), f) for f in forms):
            return _first(c, cands)
    return cands


def _first(c: Candidate, cands: list[Candidate]) -> list[Candidate]:
    """`cands` with `c` moved to the front, the others in their order."""
    return [c] + [x for x in cands if x is not c]


def subject_conflict(info: QuestionInfo, cands: Sequence[Candidate], context: Context, corpus_has: Callable[[str], bool]) -> bool:
    """True when the question is about a Latin-script name the corpus knows (Anthropic) and the best
    evidence names other Latin-script names (OpenAI) but not this one. Not when the answer is itself a
    party (谁, 哪家: OpenAI's rival is named in a sentence about the rival)."""
    if not cands or info.kind in ("compare", "list", "name"):
        return False
    wanted = {n for n in _names(info.subject) if corpus_has(n)}
    if not wanted:
        return False
    ctx = context(cands[0])
    others = _names(cands[0].text) - wanted
    return not any(writes(ctx, n) for n in wanted) and bool(others)


def role_met(info: QuestionInfo, cands: Sequence[Candidate], context: Context, forms: Sequence[str],
             heads: Sequence[str], names_in: Callable[[str], set[str]], depth: int = 5,
             elsewhere: Callable[[Candidate], bool] | None = None) -> bool:
    """False when a name is asked of the subject's role or part (百度的CEO是谁, Who is Anthropic's CEO?)
    and every one of the best sentences that tells that role tells it of another party: it names one,
    and neither it nor the text around it names the subject (the CEO the article names is OpenAI's).
    `heads`: the corpus words for the role (the question's head noun, or its translation). When no
    best sentence tells the role at all, or the subject is not a name `names_in` knows as a party's
    (魏玩, 达曼: a sentence naming the answer would seem to name another party), other signals decide.
    `elsewhere`: whether a sentence's passage is about other parties only (the sentence naming none), so
    that what it tells is theirs (千帆, the platform of a passage on 百度, for Anthropic's platform)."""
    variants = {v for f in forms if f for v in (f, f.replace("·", ""), *re.findall(r"[a-z][a-z0-9]{2,}", f))}
    if info.kind != "name" or not heads or not (names_in(info.subject) or any(names_in(v) for v in variants)):
        return True
    telling = [c for c in cands[:depth] if any(h in context(c).lower() for h in heads)]
    if not telling:
        return True
    about_subject = [c for c in telling if any(v in context(c).lower() for v in variants)]
    others = [c for c in telling if any(n not in heads and not any(n in v or v in n for v in variants)
                                        for n in names_in(c.text)) or (elsewhere is not None and elsewhere(c))]
    return bool(about_subject) or len(others) < len(telling)


def abbreviated_in(name: str, text: str) -> bool:
    """`text` writes a Chinese name in full that `name` abbreviates: its characters in order, a few Han
    characters apart (招行 in 招商银行, 中国 in 中华人民共和国, 文革 in 文化大革命)."""
    if not (1 < len(name) <= 4) or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    return bool(re.search("[\u4e00-\u9fff]{0,5}".join(map(re.escape, name)), text))


def names_several(heading: str, names_in: Callable[[str], set[str]]) -> bool:
    """A heading or title naming several parties (a news story's, 全栈AI云：OpenAI、Anthropic、百度与阿里云的算力
    之争) says nothing of whom a sentence or passage under it is about."""
    return len(names_in(heading)) >= 2


def passage_body(chunk: Chunk, names_in: Callable[[str], set[str]]) -> str:
    """A passage's text without a heading it opens with that names several parties (the first passage of
    a file whose title line is kept: PDF, DOCX, HTML)."""
    heading = chunk.heading
    if heading and chunk.text.startswith(heading) and names_several(heading, names_in):
        return chunk.text[len(heading):]
    return chunk.text


def subject_unnamed(passage: str, context: str, title: str, own: Sequence[str], other: Callable[[str], bool],
                    names_in: Callable[[str], set[str]]) -> bool:
    """Whether a passage (lower-cased) never names the question's subject, so that what it tells is about
    whoever it does name (a passage on 百度's stack, for 阿里云's platform). The subject (`own`: its forms,
    lower-cased) counts as named in the passage or the text just before it (`context`), written in full
    (中华人民共和国 for 中国), by a title naming it alone (an encyclopedia article's, not a news story's naming
    several parties: `other` says whether a name is another party's), and in a passage opening with a
    pronoun (他的十五部小说: told of someone named before it)."""
    return bool(passage) and not (
        OPENS_WITH_PRONOUN.match(passage)
        or any(writes(passage, f) or writes(context, f) or abbreviated_in(f, passage) for f in own)
        or (any(f in title or title in f for f in own if title) and not any(other(n) for n in names_in(title))))
