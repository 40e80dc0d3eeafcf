"""The signals the answer / qualify / refuse decision reads, computed once per question from its evidence.

A cosine threshold alone cannot separate the cases (unanswerable questions about the article's own
topic score as high as answerable ones), so the decision (rag.evidence.decision) combines:
- missing terms: question words that occur nowhere in the corpus, weighted by how specific they are
  (a rare word or name such as 昇腾 or 定价 weighs much more than a common one such as 钱, and a word
  with a synonym in the corpus much less);
- coverage: the IDF-weighted share of the question's corpus words found in the best sentence's passage;
- the answer-type cue: a number with the asked unit (几纳米 needs "N纳米"), a year, a reason...;
- meaning: the best sentence's cosine with the question, relative to the other candidates;
- the explicit constraints of rag.evidence.constraints (time scope, asked quantity, attribution...);
- how the best sentence relates to what is asked: does it name the question's subject, open with it
  or with another party, hold the words next to the question word, the question's numbers, a plan
  where what happened is asked.
Every signal is a named field of `EvidenceSignals`; the model reads them by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.protocol import AnswerRequest
from rag.answer.quantity import COUNTERS
from rag.evidence.constraints import (
    DEPTH,
    attribution_met,
    count_met,
    figure_clause_met,
    measure_met,
    measure_of_subject_met,
    parties,
    quantity_met,
    role_met,
    scope_met,
    subject_conflict,
    subject_quantity_met,
    subject_unnamed,
    told_jointly,
)
from rag.evidence.cues import (
    asks_day,
    asks_model,
    asks_person_role,
    asks_place,
    asks_superlative,
    asks_time,
    asks_year,
    changed_measure,
    changed_measure_en,
    cue_score,
    named_thing,
    other_sector,
    rank_named,
    ranks_needed,
    sectors,
    tells_change,
    tells_day,
    tells_figure,
    tells_model,
    tells_person_role,
    tells_place,
    tells_rank,
    tells_superlative,
    tells_thing,
    tells_time,
    tells_year,
)
from rag.evidence.periods import SPAN_KIND, kind_of, periods
from rag.evidence.score import Candidate
from rag.question.analyse import QuestionInfo, measure_compound_zh
from rag.question.names import CorpusNames, writes
from rag.retrieve.bm25 import BM25Index
from rag.text.tokenize import (
    IDIOM_TAG,
    NOUN_TAGS,
    PROPER_TAGS,
    STOPWORDS,
    general_frequency,
    glued_function_word,
    han_bigrams,
    pos_tags,
    tokens,
)

_LATIN = re.compile(r"[a-z]")
RETAGGED = ("nr", "ns", "nt")  # jieba's name tags that CC-CEDICT may overrule (rag.evidence.signals._retagged)
SHOWN_MISSING = 0.3  # a missing word this specific is named in a refusal
UNKNOWN_SUBJECT = 0.3  # the least a subject the corpus lacks weighs, even when its words are common
MARGIN_OF = 5  # the best sentence's cosine is compared with the mean of this many next ones
CUE_DEPTH = 5  # candidates searched for a sentence with the asked kind of answer


_SPOKEN_END = ("了", "吧", "呢", "啊", "嘛", "啦", "呗")
_SAYING = ("说", "讲")  # a locution opening with a verb of saying comments on the question, asks nothing


def specificity(term: str, tags: dict[str, str] | None = None) -> float:
    """0..1: how much a term's absence from the corpus says the question is about something else.
    Names and nouns weigh most, rare ones more than common ones; verbs, adverbs and particles
    (砸, 一共, 打算) barely count: a paraphrase uses words of its own."""
    if _LATIN.search(term):
        if tags is not None and tags.get(term) == "v":
            return 0.05  # an English verb the question says in its own words (runs, quit), as a Chinese one
        return 0.9 if len(term) >= 3 else 0.3
    if len(term) < 2:
        return 0.1
    if tags is not None:
        word = term if term in tags else next((w for w in tags if term in w), "")
        tag = tags.get(word) or "x"
        if not tag.startswith(NOUN_TAGS + (IDIOM_TAG,)):
            return 0.05
        if tag == IDIOM_TAG and (word.endswith(_SPOKEN_END) or word.startswith(_SAYING)):
            return 0.05  # a spoken locution (说白了, 算了) or the speaker's aside (说到底, 说实话): no content of its own
    freq = general_frequency(term)
    return 1.0 / (1.0 + math.log1p(freq) / 4.0) if freq else 1.0


def _retagged(tags: dict[str, str], names: CorpusNames, question: str = "") -> dict[str, str]:
    """jieba's tags with a word its dictionary calls a name but CC-CEDICT glosses only as a verb (卡住
    "to jam", tagged a person's name) read as the verb it is; so too an English word (jieba tags every
    one "eng") the question writes in lower case and the dictionary reads as a verb (runs, quit, went)."""
    bridge = names.bridge
    if bridge is None:
        return tags
    lower = set(_LOWER_WORD.findall(question))
    return {w: ("v" if (f.startswith(RETAGGED) and bridge.is_verb(w)
                        or f == "eng" and w in lower and bridge.english_verb(w)) else f) for w, f in tags.items()}


_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def subject_absent(subject: str, lexical: BM25Index, tags: dict[str, str]) -> bool:
    """True when the question is about a name the corpus never mentions: a Latin name that is not
    there, or a Han name (a proper noun, or a word jieba does not know) whose character pairs
    mostly occur in no passage (腾讯云, 华为). Generic phrases (科技大厂) do not count."""
    subject = subject.lower().strip()
    if len(subject) < 2:
        return False
    if not re.search(r"[\u4e00-\u9fff]", subject):  # (words as the tokenizer cuts them: Núñez is one word)
        words = [w for w in tokens(subject) if w not in STOPWORDS]  # a capitalised "By" opening a question names nothing
        return bool(words) and not any(lexical.has(w) for w in words)
    pairs = han_bigrams(subject)
    if not pairs or sum(1 for p in pairs if lexical.doc_freq.get(p, 0) == 0) < 0.6 * len(pairs):
        return False
    words = [w for w in tags if w and w in subject and len(w) >= 2]
    absent = [w for w in words if not lexical.has(w) and not glued_function_word(w)]
    if len(absent) >= 2 and len(absent) == len(words):
        return True  # a name made of several words the corpus never uses (字节跳动火山引擎)
    return any(tags[w].startswith(PROPER_TAGS) or not general_frequency(w) for w in absent)


def reworded(question: str, info: QuestionInfo, best: str, has: Callable[[str], bool]) -> float:
    """How well the words the corpus lacks read as the question's own wording of what the best sentence
    says: how many times more nouns and names of the question, all of them in the sentence, the corpus
    uses than nouns, times and verbal nouns it lacks (蛋糕 beside 阿里云, 百度, 智能, AI: 5, the share of
    the AI cloud market). 0 when the sentence lacks one of them, they are fewer than two, or what is
    missing is a Latin name or part of a period the question names (TPU; 第一季度 where 上半年 is told)."""
    if not best:
        return 0.0
    words = [(w, tag) for w, tag in pos_tags(question).items() if w in info.terms]
    nouns = [w for w, tag in words if has(w) and (tag.startswith("n") or tag == "eng")]
    # (a single character the corpus never writes alone weighs next to nothing: 钱 of 砸钱, see specificity)
    lacking = [w for w, tag in words if not has(w) and tag.startswith(("n", "t", "vn", "eng")) and len(w) >= 2]
    named_periods = "".join(periods(info.text).values())
    if (len(nouns) < 2 or not all(w in best.lower() for w in nouns)
            or any(_LATIN.search(t) or t in named_periods for t in info.terms if not has(t))):
        return 0.0
    return len(nouns) / max(1, len(lacking))


def missing_terms(info: QuestionInfo, lexical: BM25Index, cross_lingual: bool) -> tuple[str, ...]:
    """Question terms the corpus never uses. Across languages only terms with digits (model names,
    years) can be checked: an English word may be the translation of a Chinese one that is there."""
    return tuple(t for t in info.terms if not lexical.has(t) and (not cross_lingual or re.search(r"\d", t))
                 and not glued_function_word(t))


# what a question asks: a plan (打算, will) or what happened (花了, 去年, did); and what a sentence tells
_ASKS_PLAN = re.compile(r"打算|计划|将要|未来|预计|预期|拟|目标|\bwill\b|\bplans?\b|\bplanned\b|\bexpect|\btarget"
                        r"|\bgoing to\b", re.I)
_ASKS_ACTUAL = re.compile(r"了|已经|已|去年|过去|此前|实际|花了|花掉|\bdid\b|\bspent\b|\bhas\b|\bhave\b|\bso far\b"
                          r"|\blast year\b", re.I)
_TELLS_PLAN = re.compile(r"将|计划|预计|未来|拟|打算|目标|有望|\bwill\b|\bplans?\b|\bexpect|\btarget", re.I)
# 将 that marks the object (将AI作为核心战略, "taking AI as"), not the future: no plan
_DISPOSAL = re.compile(r"将[^，。；,;]{1,12}?(?:作为|视为|当作|当成|列为|定为|纳入|变成|变为|打造成)")
# an order or booking (订购, 预定): committed, not yet received or paid
_TELLS_ORDER = re.compile(r"订购|预定|预订|\bordered\b|\bbooked\b|\breserved\b", re.I)


def tells_plan(sentence: str) -> bool:
    """`sentence` tells a plan, forecast or target (将, 计划, 预计, will), not only what has happened."""
    return bool(_TELLS_PLAN.search(_DISPOSAL.sub("", sentence)))


def plan_mismatch(question: str, sentence: str) -> float:
    """1 when the question asks what happened and the sentence tells only a plan or forecast (or the
    question asks for a plan and the sentence tells none): a planned figure is not a spent one."""
    asks_plan, asks_actual = bool(_ASKS_PLAN.search(question)), bool(_ASKS_ACTUAL.search(question))
    told = tells_plan(sentence)
    if asks_actual and not asks_plan and told:
        return 1.0
    return 1.0 if asks_plan and not told else 0.0


_ASKS_DONE = re.compile(r"已经|实际|至今|到目前为止|\balready\b|\bso far\b|\bto date\b|\bactually\b", re.I)


def done_asked_plan_told(question: str, sentence: str) -> bool:
    """The question insists on what has already happened (已经, 实际, so far; with no plan asked after
    it) and the sentence tells only a plan, forecast or order (订购: ordered is not received): the
    stricter half of `plan_mismatch`, on which the answer is qualified."""
    done = _ASKS_DONE.search(question)
    # a plan the question names before asking what is done is its topic (3800亿计划里，已经投了多少？)
    if (bool(done) and not _ASKS_PLAN.search(question, done.start())
            and (tells_plan(sentence) or bool(_TELLS_ORDER.search(sentence)))):
        return True
    # the past years asked (这十年投了多少), a plan for years ahead told (未来三年投入...的计划) and no past span
    return (_spans(question, "past") and not _ASKS_PLAN.search(question) and tells_plan(sentence)
            and _spans(sentence, "next") and not _spans(sentence, "past"))


def _spans(text: str, direction: str) -> bool:
    """`text` names a span of years in `direction` (past: 近十年, 这十年; next: 未来三年)."""
    return any(kind_of(key) == f"{SPAN_KIND} {direction}" for key in periods(text))


def asked_thing(info: QuestionInfo, names: CorpusNames, cross: bool) -> str:
    """The thing whose name a Chinese question asks of a party (芯片 of 阿里的AI芯片叫啥名字), or "": only of
    a party, since a work's protagonist (主角 of 《铁拳男人》) is told in words no check here reads."""
    return named_thing(info) if not cross and parties(names.names_in(info.subject)) else ""


# a target or plan asked for (目标, 打算, 准备, target, aimed): a result achieved is not one
# (计划 and 准备 as verbs of intent, 计划投入/准备再投: not the 计划 of a project's name, not 准备 "prepare")
_ASKS_GOAL = re.compile(r"目标|打算|(?:计划|准备)(?=再|要|在|将|投|花|拿|建|用|推出|发布|上市)|\btargets?\b|\bgoals?\b"
                        r"|\baim(?:ed|s)?\b|\bplan(?:s|ned)? to\b", re.I)


def goal_asked_none_told(question: str, sentence: str) -> bool:
    """The question asks for a target or plan and the sentence tells none (only what happened): the
    other strict half of `plan_mismatch`, on which the answer is qualified."""
    return bool(_ASKS_GOAL.search(question)) and not tells_plan(sentence)


OPENING = 60  # characters of a sentence that may hold its opening noun phrase


def lead_party(sentence: str, is_name) -> str:
    """The party a sentence is about: the last name in its opening noun phrase (OpenAI头号劲敌Anthropic,
    也与谷歌... -> anthropic; Open AI正以... -> open ai), lower-cased; "" when it opens otherwise."""
    from rag.text.tokenize import pos_words

    found, started, at, latin = "", False, 0, False
    for word, flag in pos_words(sentence):  # the whole sentence: its tags are cached for other uses
        at += len(word)
        if at > OPENING:
            break
        w = word.strip().lower()
        if not w:
            latin = latin and word == " "  # (a Latin name of several words: Open AI, Google Cloud)
            continue
        if flag == "eng" and (w in STOPWORDS or not word.strip()[0].isupper()):
            started, latin = True, False  # a Latin word in lower case, or The opening English, is no name
        elif flag.startswith(PROPER_TAGS) or is_name(w):
            is_latin = bool(re.fullmatch(r"[A-Z][\w.&-]*", word.strip()))  # (a Latin name: may go on with the next)
            found = f"{found} {w}" if latin and is_latin else w
            started, latin = True, is_latin
        elif flag.startswith(NOUN_TAGS + ("m", "q", "a", "b")):
            started, latin = True, False
        elif started or not flag.startswith(("c", "d")):  # 而, 但, 则 may come before the noun phrase
            break
    return found


# the explicit checks of rag.evidence.constraints and the absent subject: hard evidence, yes or no
CONSTRAINTS = ("subject_absent", "scope_missing", "quantity_missing", "subject_quantity_missing", "attribution_missing",
               "count_missing", "subject_conflict", "figure_missing", "measure_missing", "model_missing",
               "day_missing", "year_missing", "time_missing", "role_missing", "superlative_missing", "thing_missing",
               "change_missing", "rank_missing", "sector_missing", "person_missing", "party_missing", "item_missing",
               "place_missing")


@dataclass(frozen=True)
class EvidenceSignals:
    missing: tuple[str, ...]  # question terms absent from the corpus (the specific ones, for the message)
    subject_missing: float  # the question's subject (its first name-like phrase) is not in the corpus
    focus_missing: float  # specificity of missing terms right next to the question word
    numbers_missing: float  # share of the question's numbers/model names (2024, P800) absent from the passages
    missing_weight: float  # specificity of the other missing terms
    coverage: float  # IDF-weighted share of corpus terms found in the best passage
    sentence_coverage: float  # the same, in the best sentence
    focus_coverage: float  # share of the terms next to the question word found in the best passage
    cue_met: float  # 1 when a candidate sentence has the expected answer type
    best_cosine: float  # best candidate sentence's cosine with the question
    cosine_margin: float  # how far the best sentence stands above the average of the next ones
    cross_lingual: bool  # the question's script differs from the corpus's
    subject_absent: bool = False  # the question is about a name the corpus never mentions
    content_terms: int = 2  # how many content words the question has
    top_cosine: float = 1.0  # the highest cosine of any candidate sentence
    scope_missing: bool = False  # the question names a year no answer-bearing sentence is about (rag.evidence.constraints)
    quantity_missing: bool = False  # the thing asked about is named only without a quantity (rag.evidence.constraints)
    subject_quantity_missing: bool = False  # the asked quantity is told only of others (rag.evidence.constraints)
    # the measure asked (研发投入; R&D) when the sentences giving it name others only and one of the subject's
    # holds a figure: the answer quotes that, saying the documents do not give the measure for the subject
    # (rag.evidence.constraints.measure_of_subject_met, subject_quantity_met)
    measure_elsewhere: str = ""
    # the subject as asked (阿里云) when the figure quoted is one it shares with others (阿里云与百度智能云共同占据超50%):
    # the answer quotes it, saying the documents give no figure of the subject alone (constraints.told_jointly)
    joint_figure: str = ""
    attribution_missing: bool = False  # the figure is not the subject's own (rag.evidence.constraints)
    count_missing: bool = False  # the counted thing is named without a figure next to it (rag.evidence.constraints)
    subject_conflict: bool = False  # the best evidence is about another named party (rag.evidence.constraints)
    figure_missing: bool = False  # a figure is asked and the sentences an answer would quote give none of its kind
    measure_missing: bool = False  # a financial measure is asked (净利润) that the corpus never writes (rag.evidence.constraints)
    model_missing: bool = False  # a model designation is asked (什么型号) and no best sentence about the subject writes one
    day_missing: bool = False  # a day is asked (哪一天, what date) and the best sentences write none
    year_missing: bool = False  # a year asked (哪一年), no sentence an answer would quote, nor the one before, writes a time
    time_missing: bool = False  # a time asked in English (when), no sentence an answer would quote, nor the one before, tells any
    role_missing: bool = False  # a name asked of the subject's role (百度的CEO) and no best sentence ties the two
    # the top one asked (哪一年最多) and neither the sentence an answer quotes nor the one before ranks anything
    superlative_missing: bool = False
    # the name of a party's thing asked (阿里的AI芯片叫啥名字) and no sentence an answer quotes, nor the one before,
    # says anything of it
    thing_missing: bool = False
    # a change of a measure asked (检测准确率提高了多少) and no sentence an answer quotes tells that measure's change
    change_missing: bool = False
    # a place in a ranking named (排第三的是谁) and no sentence an answer quotes, nor the one before, names it
    rank_missing: bool = False
    # a sector named (钢铁行业, 制造业) and every sentence an answer quotes is about another one, naming neither the
    # asked one nor having it in its passage (the 金融行业 count for 制造业)
    sector_missing: bool = False
    # who holds a role is asked (负责人是谁, Who founded Anthropic?) and no sentence an answer quotes, nor the one
    # before it, tells anyone's role or post
    person_missing: bool = False
    # a party the question joins to its subject (英伟达跟Anthropic那单合作) that the corpus writes, and no
    # sentence an answer quotes, the one before it or its passage names it: the evidence is another party's deal
    party_missing: bool = False
    # a figure asked of the party a Chinese question joins to its subject (else of the subject) that the quoted
    # sentence gives only in an item naming another party (与AMD…四年间…；和英伟达…合作): the other party's figure
    item_missing: bool = False
    # a city, province or region asked (建在哪个城市) and no sentence an answer quotes, nor the one before it, names one
    place_missing: bool = False
    # how the best sentence relates to what is asked (0.5 = cannot tell: the question names no subject...)
    passage_cosine: float = 0.0  # the best sentence's passage's cosine with the question
    cue_best: float = 1.0  # the best sentence itself has the asked kind of answer
    focus_in_best: float = 1.0  # share of the words next to the question word in the best sentence (or just before it)
    context_coverage: float = 0.0  # IDF-weighted share of the question's corpus words in the best sentence and around it
    subject_in_best: float = 0.5  # the subject is named in the best sentence, its passage's title/heading or the sentence before
    subject_leads_best: float = 0.5  # the best sentence opens with the subject (1) or with another party (0)
    other_party_in_best: float = 0.0  # the best sentence names another party and not the subject
    numbers_in_best: float = 1.0  # share of the question's numbers in the best sentence and around it
    missing_share: float = 0.0  # share of the question's words the corpus never uses
    plan_mismatch: float = 0.0  # a plan asked as what happened, or the reverse (rag.evidence.signals.plan_mismatch)
    untranslated_share: float = 0.0  # across languages: share of the question's words whose translations the corpus lacks
    head_in_best: float = 0.5  # the word right before the question word (what is asked about) is in the best sentence
    head_in_passage: float = 0.5  # ... in the best sentence's passage (0.5: no such word, or one the corpus lacks)
    # how many times more of the question's nouns (all in the best sentence) the corpus uses than it lacks (reworded)
    reworded: float = 0.0

    def features(self) -> dict[str, float]:
        """Every signal as a number, by name: what the learned decision (rag.evidence.decision) reads."""
        hard = CONSTRAINTS + ("cross_lingual",)
        return {"subject_missing": self.subject_missing, "focus_missing": self.focus_missing,
                "numbers_missing": self.numbers_missing, "missing_weight": self.missing_weight,
                "coverage": self.coverage, "sentence_coverage": self.sentence_coverage,
                "focus_coverage": self.focus_coverage, "cue_met": self.cue_met, "best_cosine": self.best_cosine,
                "cosine_margin": self.cosine_margin * 10,  # x10: into the range of the other signals
                "top_cosine": self.top_cosine, "content_terms": min(self.content_terms, 12) / 12,
                **{name: float(getattr(self, name)) for name in hard},
                "passage_cosine": self.passage_cosine, "cue_best": self.cue_best, "focus_in_best": self.focus_in_best,
                "context_coverage": self.context_coverage, "subject_in_best": self.subject_in_best,
                "subject_leads_best": self.subject_leads_best, "other_party_in_best": self.other_party_in_best,
                "numbers_in_best": self.numbers_in_best, "missing_share": self.missing_share,
                "plan_mismatch": self.plan_mismatch, "untranslated_share": self.untranslated_share,
                "head_in_best": self.head_in_best, "head_in_passage": self.head_in_passage}


Context = Callable[[Candidate], str]
# a head count asked with its measure word (多少家企业, 几个模型): a share of the thing does not answer it
_HEAD_COUNT = re.compile(rf"(?:多少|几)\s*[{COUNTERS}]")


def evidence_signals(request: AnswerRequest, info: QuestionInfo, cands: list[Candidate], lexical: BM25Index | None,
                    names: CorpusNames, corpus_lang: str, context: Context,
                    translated: dict[str, tuple[str, ...]] | None = None,
                    quoted: Sequence[Candidate] = ()) -> EvidenceSignals:
    """Every signal for one question: its analysis, its passages, its scored candidate sentences (best
    first), and the sentences an answer would quote (default: the best)."""
    translated = translated or {}
    cross = info.lang != corpus_lang
    missing = missing_terms(info, lexical, cross) if lexical is not None else ()
    best = cands[0] if cands else None
    if missing and best:  # a period's own wording (接下来三年 where the sentence says 未来三年: the same period)
        same = [text for key, text in periods(info.text).items() if key in periods(best.text)]
        missing = tuple(t for t in missing if not any(t in text for text in same))
    present = [t for t in info.terms if lexical is None or lexical.has(t)]
    idf = {t: (lexical.idf(t) if lexical else 1.0) for t in present}
    total = sum(idf.values()) or 1.0
    passage = request.hits[best.hit_n - 1].chunk.text.lower() if best else ""
    passages = " ".join((h.chunk.context + h.chunk.text).lower() for h in request.hits)
    focus = [t for t in info.focus if lexical is None or lexical.has(t)]
    tags = _retagged(pos_tags(request.question), names, request.question) if (missing or info.subject) else {}
    spec = {t: specificity(t, tags) * lexical.absent_share(t) * names.synonym_discount(t, cross) for t in missing}
    subject = info.subject.lower()
    subject_missing = 0.0
    # a subject the index has no single word for may still be written in a passage (百度AI新业务)
    if subject and lexical is not None and not cross and not lexical.has(subject) and subject not in passages:
        subject_missing = max([spec.get(t, 0.0) for t in missing if t in subject] + [UNKNOWN_SUBJECT])
    focus_missing = sum(v for t, v in spec.items() if t in info.focus and t not in subject)
    cosines = sorted((float(c.features[0]) for c in cands), reverse=True)
    following = cosines[1 : 1 + MARGIN_OF]
    around = _around(request, best, context) if best else ""
    head = next((t for t in reversed(info.focus) if len(t) >= 2 and t not in subject
                 and (lexical is None or lexical.has(t))), "") if not cross else ""
    forms = [f for f in names.question_forms(info)[0] if f] if subject else []
    others = {n for n in names.names_in(best.text) if not any(n in f or f in n for f in forms)} if best and forms else set()
    subject_in_best = _named(best.text.lower(), around, forms, others) if best else 0.0
    lead = lead_party(best.text, lambda w: w in others or w in forms) if best and forms else ""
    subject_forms = [f for f in names.subject_forms(info) if f]
    # the measure asked told of others only: a compound in Chinese (研发投入), any asked word's translation in
    # English (R&D -> 研发); with a figure the documents give of the subject, the answer quotes that, saying so
    heads = names.asked_heads(info, translated) if cross else ()
    measure = ([w for w in measure_compound_zh(info.text, lexical.has if lexical is not None else None)
                if lexical is None or lexical.has(w)] if not cross else [])
    others_only = (not subject_quantity_met(info, cands, context, subject_forms, heads, names.names_in) if cross else
                   bool(measure) and not measure_of_subject_met(info, cands, context, subject_forms, measure, names.names_in))
    own_figure = others_only and any(own_figure_of(info, c, subject_forms) for c in cands[:DEPTH])
    measure_name = ("".join(measure) if not cross else
                    next((phrase for phrase, ws in translated.items() if set(ws) & set(heads)), ""))
    # the subject as the passages write it, in full (not 中国 for China Merchants Bank; not a phrase they never write)
    whole_forms = [f for f in subject_forms if writes(passages, f)] if names.subject_whole(info) else []
    # the sentences an answer would quote that can tell what is asked: the best, and the others unless they are about
    # other parties only (a year in the sentence quoted after 中国钢研's is 金融行业's, not its project's)
    # (the subject as asked stands for its forms when the dictionary has none and the passages write it: GPT-4)
    told_forms = whole_forms or ([subject] if subject and writes(passages, subject) else [])
    told = [c for i, c in enumerate(quoted) if not i or not of_others(c.text, context(c), told_forms, names)]
    superlative = asks_superlative(info)
    thing = asked_thing(info, names, cross)
    absent_names = names.absent_names(info) if not cross else ()
    # (the subject's forms, then the question's other parties: 阿里云和百度智能云各自的份额 after a 沙利文报告里 scope)
    joint_forms = list(dict.fromkeys([*(subject_forms or forms), *(sorted(parties(names.names_in(info.text)))
                                                                  if not cross else [])]))
    return EvidenceSignals(
        missing=absent_names + tuple(t for t, v in spec.items() if v >= SHOWN_MISSING and t not in absent_names),
        subject_missing=subject_missing,
        focus_missing=focus_missing,
        numbers_missing=sum(1.0 for n in info.numbers if n not in passages) / len(info.numbers) if info.numbers else 0.0,
        missing_weight=sum(v for t, v in spec.items() if t not in info.focus and t not in subject),
        cosine_margin=cosines[0] - sum(following) / max(1, len(following)) if len(cosines) > 1 else 0.0,
        focus_coverage=sum(1.0 for t in focus if t in passage) / len(focus) if focus else 1.0,
        coverage=sum(v for t, v in idf.items() if t in passage) / total if present else 0.0,
        sentence_coverage=sum(v for t, v in idf.items() if best and t in best.text.lower()) / total if present else 0.0,
        cue_met=max((cue_score(info, c.text) for c in cands[:CUE_DEPTH]), default=0.0) if info.kind != "other" else 1.0,
        best_cosine=float(best.features[0]) if best else 0.0,
        top_cosine=cosines[0] if cosines else 0.0,
        cross_lingual=cross,
        content_terms=len(info.terms),
        # (across languages also a name that is not the subject: xAI in "How much did xAI's revenue grow")
        subject_absent=bool(lexical is not None and (names.question_forms(info)[1] if cross else
                                                     bool(subject) and subject_absent(subject, lexical, tags)
                                                     or bool(absent_names))),
        scope_missing=not scope_met(info, cands, context),
        quantity_missing=lexical is not None and not cross and not quantity_met(info, cands, lexical.has),
        attribution_missing=not attribution_met(info, cands),
        # (across languages only sentences about the subject count: OpenAI's data centers are not Anthropic's)
        count_missing=((cross or info.kind == "number")
                       and not count_met(cands, names.counted(info), named_needed=cross,
                                         about=(lambda c: not of_others(c.text, context(c), whole_forms, names))
                                         if cross else None, shares=not _HEAD_COUNT.search(info.text))
                       or names.counted_absent(info)),
        # (in Chinese only for a compound measure: a Chinese sentence often leaves its subject unsaid, CMRC 2018)
        subject_quantity_missing=others_only and (cross or not own_figure),
        measure_elsewhere=measure_name if own_figure else "",
        # (of the measure asked: a joint market share is no one's R&D share)
        joint_figure=_as_asked(next((f for c in (quoted or cands[:1]) if best and (not head or _holds(c.text.lower(), head))
                                     and (f := told_jointly(info, c.text, joint_forms, names.names_in))), ""), info, names),
        subject_conflict=lexical is not None and subject_conflict(info, cands, context, lexical.has),
        measure_missing=lexical is not None and not measure_met(info, lexical.has, corpus_lang),
        # (a price asked, sentences about the chip without one: quoting them would answer something else)
        figure_missing=bool(best) and info.kind == "number" and not any(
            tells_figure(info, c.text) for c in (told or cands[:1])),
        # (a model told of another party is not the subject's: 招商银行's P800 for 中国钢研's project)
        model_missing=bool(best) and asks_model(info) and not any(
            tells_model(info, c.text) and _told_of(context(c), whole_forms)
            for c in cands[:CUE_DEPTH]),
        day_missing=bool(best) and asks_day(info) and not any(tells_day(c.text) for c in cands[:CUE_DEPTH]),
        year_missing=bool(best) and asks_year(info) and not any(tells_year(context(c)) for c in (told or cands[:1])),
        thing_missing=bool(best) and bool(thing) and lexical is not None and lexical.has(thing)
        and not any(tells_thing(thing, context(c)) > 0 for c in (told or cands[:1])),
        # (in Chinese with the measure's synonyms the corpus writes: 营收 asked, 收入 told)
        change_missing=bool(best) and bool(changed := (changed_measure_en(info, translated, subject_forms) if cross
                                                        else _with_synonyms(_measure_held(changed_measure(info), lexical),
                                                                            names, lexical))) and not any(
            tells_change(changed, c.text) for c in (told or cands[:1])),
        rank_missing=bool(best) and bool(rank := rank_named(info)) and not any(
            tells_rank(rank, context(c)) for c in (told or cands[:1])),
        sector_missing=bool(best) and bool(asked_sectors := sectors(info.text)) and all(
            other_sector(asked_sectors, context(c), request.hits[c.hit_n - 1].chunk.text) for c in (quoted or cands[:1])),
        party_missing=bool(best) and bool(beside := _beside(info, names, lexical, cross)) and not any(
            all(writes((context(c) + request.hits[c.hit_n - 1].chunk.text).lower(), p) for p in beside)
            for c in (quoted or cands[:1])),
        item_missing=bool(best) and not cross and not any(
            figure_clause_met(info, c.text, beside or subject_forms, names.names_in) for c in (told or cands[:1])),
        # (a Chinese corpus's places, as the dictionary names them)
        place_missing=bool(best) and corpus_lang == "zh" and names.bridge is not None and asks_place(info) and not any(
            tells_place(context(c), names.bridge.is_place, names.names_in) for c in (told or cands[:1])),
        person_missing=bool(best) and asks_person_role(info) and not any(
            tells_person_role(context(c)) for c in (told or cands[:1])),
        superlative_missing=bool(best) and ranks_needed(superlative) and not any(
            tells_superlative(superlative, context(c)) for c in (told or cands[:1])),
        # (English questions only: on CMRC 2018 the Chinese when-questions it refused, 3 of 152, were answerable
        # from another sentence of the passage quoted: those need better quoting, not a refusal)
        time_missing=cross and bool(best) and asks_time(info) and not any(
            tells_time(context(c)) for c in (told or cands[:1])),
        # (across languages also a role told in a passage about other parties only: a Chinese question's is
        # qualified as theirs instead, rag.evidence.qualify)
        role_missing=not role_met(
            info, cands, context, subject_forms, role_heads(info, head, names, translated, lexical, cross),
            names.names_in, CUE_DEPTH,
            elsewhere=(lambda c: _about_others(request, c, context, whole_forms, names)) if cross else None),
        passage_cosine=float(request.hits[best.hit_n - 1].dense or 0.0) if best else 0.0,
        cue_best=cue_score(info, best.text) if best and info.kind != "other" else 1.0,
        focus_in_best=sum(1.0 for t in focus if t in around) / len(focus) if focus and best else 1.0,
        context_coverage=sum(v for t, v in idf.items() if t in around) / total if present and best else 0.0,
        subject_in_best=subject_in_best,
        subject_leads_best=0.5 if not lead else float(any(lead in f or f in lead for f in forms)),
        other_party_in_best=float(bool(others) and subject_in_best == 0.0),
        numbers_in_best=sum(1.0 for n in info.numbers if n in around) / len(info.numbers) if info.numbers and best else 1.0,
        missing_share=len(missing) / len(info.terms) if info.terms else 0.0,
        plan_mismatch=plan_mismatch(info.text, best.text) if best else 0.0,
        untranslated_share=untranslated_share(info, names, lexical) if cross else 0.0,
        head_in_best=float(head in around) if head and best else 0.5,
        head_in_passage=float(head in passage) if head and best else 0.5,
        # (only where the best sentence has the asked kind of answer and the question's numbers are there)
        reworded=reworded(request.question, info, best.text, lexical.has)
        if best and lexical is not None and not cross and all(n in passages for n in info.numbers)
        and (info.kind == "other" or cue_score(info, best.text) >= 1.0) else 0.0,
    )


def _beside(info: QuestionInfo, names: CorpusNames, lexical: BM25Index | None, cross: bool) -> tuple[str, ...]:
    """The parties a Chinese question joins to its subject with 跟, 与, 和 or 同 (a deal's other party), as the
    corpus writes them (not places)."""
    if cross or lexical is None or not info.subject:
        return ()
    subject, text = info.subject.lower(), info.text.lower()
    return tuple(sorted(p for p in parties(names.names_in(info.text))
                        if p not in subject and subject not in p and lexical.has(p)
                        and re.search(rf"(?:跟|与|和|同){re.escape(p)}|{re.escape(p)}(?:跟|与|和|同)", text)))


def _measure_held(measure: str, lexical: BM25Index | None) -> str:
    """A changed measure the evidence can be held to: not one character the corpus never writes as a word
    (挣的钱比去年多了多少: 钱 is the reader's word for the revenue the sentence names)."""
    return "" if len(measure) == 1 and lexical is not None and not lexical.has(measure) else measure


def _with_synonyms(word: str, names: CorpusNames, lexical: BM25Index | None) -> tuple[str, ...]:
    """`word` and its synonyms the corpus writes (营收 -> 收入); () for no word."""
    if not word:
        return ()
    extra = names.bridge.synonyms(word, lexical.has) if names.bridge is not None and lexical is not None else ()
    return (word, *extra)


def _as_asked(form: str, info: QuestionInfo, names: CorpusNames) -> str:
    """A name as the corpus writes it (阿里), as the question does: its subject when that holds it, else as
    the question writes it before a joining word; in an English question, the run of capitalised words with a
    word the dictionary writes so (Alibaba Cloud)."""
    if not form or form in info.subject.lower():
        return info.subject if form else ""
    whole = re.search(re.escape(form) + r"[\u4e00-\u9fffA-Za-z]{0,4}?(?=和|与|及|、|各|的|在|占|是|[，,？?])", info.text, re.I)
    if whole:  # the name as the question writes it in full (阿里 -> 阿里云和百度智能云各自的… -> 阿里云)
        return whole.group(0)
    if names.bridge is not None and names.lexical is not None:
        for run in _CAPITALISED_RUN.findall(info.text):
            if any(form in (names.bridge.name_forms(w, names.lexical.has) or ()) for w in run.split()):
                return run
    return form


_CAPITALISED_RUN = re.compile(r"[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*")


def own_figure_of(info: QuestionInfo, c: Candidate, forms: Sequence[str]) -> bool:
    """Whether a sentence names the subject itself and holds a figure of the asked kind (阿里云...3800亿元)."""
    low = c.text.lower()
    return cue_score(info, c.text) >= 1.0 and any(writes(low, f) for f in forms)


# the subject's role or part asked by name: 百度的CEO是谁, 阿里云自研的芯片叫什么 (the noun between 的 and the question word)
_ROLE_ZH = re.compile(r"[^，,。？?的]{0,6}?(?:的|之)([^的，,。？?]{1,10}?)(?:是谁|是哪|是什么|叫什么|叫啥|名叫|的?名字|谁)")
_ROLE_EN = re.compile(r"['’]s\s+([a-z0-9 -]{2,40})")


def _right_after(subject: str, pattern: re.Pattern, text: str) -> re.Match | None:
    """`pattern` matched right after the first place `text` writes `subject` where it matches (what
    searching for the subject followed by the pattern finds, without compiling a pattern per subject)."""
    at = text.find(subject)
    while at >= 0:
        found = pattern.match(text, at + len(subject))
        if found:
            return found
        at = text.find(subject, at + 1)
    return None


def role_heads(info: QuestionInfo, head: str, names: CorpusNames, translated: dict[str, tuple[str, ...]],
               lexical: BM25Index | None, cross: bool) -> tuple[str, ...]:
    """The corpus words for a role or part asked of the subject by name (百度的CEO是谁, Who is Baidu's
    CEO?): the question's head noun when said there; for a question in the corpus's other language,
    the translations of that phrase's words and the Latin ones the corpus writes as they are. () when
    the question asks no such thing (报道了它的是哪家媒体: what is asked is the answer's type)."""
    subject = info.subject.lower()
    text = info.text.lower()
    if not subject or subject not in text:
        return ()
    if not cross:
        role = _right_after(subject, _ROLE_ZH, text)
        return (head,) if head and role and head in role.group(1) else ()
    role = _right_after(subject, _ROLE_EN, text)
    if not role:
        return ()
    words = set(role.group(1).split())
    latin = [t for t in info.terms if t in words and t not in STOPWORDS and lexical is not None and lexical.has(t)]
    bridged = [w for phrase, ws in translated.items() if set(phrase.split()) & words for w in ws]
    return tuple(dict.fromkeys(latin + bridged))


def untranslated_share(info: QuestionInfo, names: CorpusNames, lexical: BM25Index | None) -> float:
    """Of an English question's ordinary words that the dictionary translates, the share whose
    translations the corpus never uses (net loss -> 亏损, absent from an article that gives revenue)."""
    bridge = names.bridge
    if bridge is None or lexical is None:
        return 0.0
    words = [w for w in re.findall(r"[a-z][a-z-]+", info.text.lower()) if w not in STOPWORDS and len(w) > 2]
    words = [w for w in words if w not in info.subject.lower()]
    known = [w for w in words if bridge.lookup(w)]
    # a word the corpus writes as it is (CEO, GPU in a Chinese text) is not lost in translation
    missing = [w for w in known if not lexical.has(w) and not any(lexical.has(z) for z in bridge.lookup(w))]
    return len(missing) / len(known) if known else 0.0


def _named(sentence: str, around: str, forms: list[str], others: set[str]) -> float:
    """1 when a sentence is about the subject: it names the subject, or it names no other party and the
    subject is named just before it (its heading, title or the sentence before); 0.5 without a subject."""
    if not forms:
        return 0.5
    if any(f in sentence for f in forms):
        return 1.0
    return 0.0 if others else float(any(f in around for f in forms))


def _about_others(request: AnswerRequest, c: Candidate, context: Context, forms: Sequence[str],
                  names: CorpusNames) -> bool:
    """The candidate's passage never names the subject (rag.evidence.constraints.subject_unnamed) and names
    other parties."""
    chunk = request.hits[c.hit_n - 1].chunk
    asked = request.question.lower()
    other = lambda n: not any(n in f or f in n for f in forms) and n not in asked  # noqa: E731
    return (bool(forms) and subject_unnamed(chunk.text.lower(), context(c), chunk.title.lower(), forms, other,
                                            names.names_in)
            and any(other(n) for n in names.names_in(chunk.text)))


def _holds(text: str, word: str) -> bool:
    """`text` writes `word`, whole or its parts apart (市场份额: 市场…份额)."""
    parts = [t for t in tokens(word) if t != word]
    return word in text or bool(parts) and all(t in text for t in parts)


def of_others(sentence: str, context: str, forms: Sequence[str], names: CorpusNames) -> bool:
    """The sentence names other parties and neither it nor its context names the subject."""
    return (bool(forms) and not _told_of(context, forms)
            and any(not any(n in f or f in n for f in forms) for n in parties(names.names_in(sentence))))


def _told_of(context: str, forms: Sequence[str]) -> bool:
    """Whether a sentence's context (itself, the sentence before it and its heading: the extractive
    answerer's `context`) is about the subject; always, when the question names none."""
    return not forms or any(writes(context, f) for f in forms)


def _around(request: AnswerRequest, c: Candidate, context: Context) -> str:
    """The candidate's sentence, the sentence before it, its passage's heading and title, lower-cased."""
    return f"{request.hits[c.hit_n - 1].chunk.title.lower()}\n{context(c)}"
