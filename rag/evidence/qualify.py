"""What differs between the question and evidence that answers a neighbouring question.

When the decision is "qualify", the best evidence holds an answer of the asked kind, but about
something else: another party (the question asks 百度, the sentence is about 阿里云), another period
(asked 2024, told 2025), or a plan where what happened is asked. `what_differs` names that difference
from the question's analysis and the sentence, so the answer can say it before quoting the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.evidence.constraints import parties, subject_unnamed
from rag.evidence.cues import OPENS_WITH_PRONOUN, cue_score
from rag.evidence.periods import other_period
from rag.evidence.signals import done_asked_plan_told, goal_asked_none_told, lead_party, plan_mismatch
from rag.question.analyse import QuestionInfo
from rag.question.names import writes
from rag.text.tokenize import pos_words

PARTY, PERIOD, PLAN, GOAL, OTHER = "party", "period", "plan", "goal", "other"
MEASURE = "measure"  # the measure asked (研发投入) is given for others only (rag.evidence.signals.measure_elsewhere)
JOINT = "joint"  # the subject's figure is told only together with others' (rag.evidence.signals.joint_figure)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a four-digit year, as a question or a sentence names it


@dataclass(frozen=True)
class Qualification:
    kind: str  # PARTY, PERIOD, PLAN (a plan told, what happened asked), GOAL (the reverse), MEASURE, JOINT or OTHER
    asked: str = ""  # what the question is about: 百度, 2024 (MEASURE: whose measure, 阿里云)
    given: str = ""  # what the evidence is about instead: 阿里云, 2025 (MEASURE: the measure not given, 研发投入)
    decisive: bool = False  # qualify whatever the model says: another part of a year or span of years
    # (rag.evidence.periods), a plan told where the question insists on what has already happened, or a
    # figure asked of one party told by a sentence that opens with another

    @property
    def named(self) -> bool:
        """Whether the difference can be said: a plan, or both the asked and the given party or period."""
        return (self.kind in (PLAN, GOAL) or (self.kind == JOINT and bool(self.asked))
                or (self.kind in (PARTY, PERIOD, MEASURE) and bool(self.asked and self.given)))


def what_differs(info: QuestionInfo, sentence: str, context: str, forms: tuple[str, ...],
                 names_in: Callable[[str], set[str]], passage: str = "", title: str = "",
                 whole: bool = True) -> Qualification:
    """The difference between what `info` asks and what `sentence` (with `context`, the text around
    it, `passage`, the whole passage, and `title`, its document's, lower-cased) tells; `forms` are how
    the corpus writes the question's subject; `whole` False when they are not its whole name (China of
    China Merchants Bank), so a passage without them may still name it."""
    low = sentence.lower()
    asked = info.text.lower()  # (a word of the question itself, CEO, is no other party)
    other = lambda n: not any(n in f or f in n for f in forms) and n not in asked  # noqa: E731
    others = sorted(n for n in names_in(sentence) if other(n))
    # a passage that never names the subject while naming other parties is about them, whatever the
    # question's kind (阿里云的AI计算平台叫什么 -> a passage on 百度's stack); the subject counts as named in
    # any of its forms or by a name inside it (百度 of 百度合作, 张静美 of 张静美的代表作), and as
    # rag.evidence.constraints.subject_unnamed says
    own = [f for f in (*forms, *names_in(info.subject), info.subject.lower().split("的")[0]) if len(f) >= 2]
    elsewhere = bool(forms) and whole and subject_unnamed(passage, context, title, own, other, names_in)
    if elsewhere and not others and not any(writes(low, f) for f in forms):
        at = passage.find(low[:20])
        named = sorted((n for n in names_in(passage) if other(n)), key=lambda n: _distance(passage, n, at))
        if named:
            return Qualification(PARTY, info.subject, _original(sentence, named[0]), True)
    # a figure asked of the subject (as the question writes it) in a sentence that opens with another party
    figure = info.kind == "number" and info.subject.lower() in forms
    # a sentence that points back (但其..., 双方...) to a sentence naming the subject is about the subject
    points_back = bool(OPENS_WITH_PRONOUN.match(sentence)) and any(writes(context, f) for f in forms)
    if forms and others and not any(writes(low, f) for f in forms) and not points_back:
        lead = lead_party(sentence, lambda w: w in others)
        if figure and not lead:  # (…,百度智能云在中标数量上位居第一: the clause with the figure opens with it)
            lead = _clause_lead(info, sentence, others)
        first = min(others, key=low.find)  # with no opening party, the one named first (not OpenAI of 类似OpenAI这样的)
        # said whatever the model says when the figure's clause opens with another party, or when neither the
        # sentence nor the one before it names the subject (百度's rank among listed clouds is not 阿里云's);
        # both must be parties (a list of places a plant grows in names no owner of a figure), and a sentence
        # pointing back (本路线, 该银行) is about what its passage named before
        unnamed = (figure and not any(writes(context, f) for f in own) and not _demonstrative_in(sentence)
                   and bool(parties(set(others)))
                   and bool(parties(names_in(info.subject)) or re.search(r"[a-z]", info.subject.lower())))
        return Qualification(PARTY, info.subject, _original(sentence, lead or first),
                             (figure and _among(lead, others)) or elsewhere or unnamed)
    lead = lead_party(sentence, lambda w: w in others or w in forms) if forms and others else ""
    if _among(lead, others) and figure:  # (for other questions the opening party may be the answer: OpenAI头号劲敌是谁)
        return Qualification(PARTY, info.subject, _original(sentence, lead), True)
    other = other_period(info.text, sentence, context)
    if other:
        return Qualification(PERIOD, other[0], other[1], decisive=True)
    asked_years = [y for y in dict.fromkeys(_YEAR.findall(info.text)) if y not in context]
    given_years = [y for y in dict.fromkeys(_YEAR.findall(context)) if y not in info.text]
    if asked_years and given_years:
        # a figure asked for one year, told by a sentence that itself names another, in a passage that
        # never names the asked year: always said
        dated = (info.kind == "number" and any(y in sentence for y in given_years)
                 and not any(y in passage for y in asked_years))
        return Qualification(PERIOD, "、".join(asked_years), "、".join(given_years), decisive=dated)
    if goal_asked_none_told(info.text, sentence):
        return Qualification(GOAL, decisive=True)
    done_asked = done_asked_plan_told(info.text, sentence)  # (an order told counts: 订购 is not received)
    if done_asked or plan_mismatch(info.text, sentence):
        return Qualification(PLAN, decisive=done_asked)
    return Qualification(OTHER)


_DEMONSTRATIVE = tuple("本该此其这那它")


def _demonstrative_in(sentence: str) -> bool:
    """The sentence holds a demonstrative pronoun (本线, 该银行, 此举, 其): it is about something named before it."""
    return any(flag.startswith("r") and word.startswith(_DEMONSTRATIVE) for word, flag in pos_words(sentence))


def _among(lead: str, names: list[str]) -> bool:
    """The opening party is one of `names`, or a Latin name of several words one of whose words is."""
    return bool(lead) and (lead in names or any(part in names for part in lead.split()))


def _distance(passage: str, name: str, at: int) -> int:
    """How far before `at` the passage last names `name` (a name after it counts as farther than any before)."""
    before = passage.rfind(name, 0, max(at, 0))
    return at - before if before >= 0 else len(passage) + passage.find(name)


_CLAUSE = re.compile(r"[^，,；;：:]+")


def _clause_lead(info: QuestionInfo, sentence: str, others: list[str]) -> str:
    """The party that opens the clause holding the asked figure (…,百度智能云在中标数量上位居第一), when it
    is another party than the subject: the figure is that party's."""
    for m in _CLAUSE.finditer(sentence):
        if cue_score(info, m.group(0)) > 0:
            return lead_party(m.group(0).strip(), lambda w: w in others)
    return ""


def _original(sentence: str, lower: str) -> str:
    """`lower` as the sentence writes it (Anthropic, not anthropic), with the short Chinese nouns the
    sentence writes right after it (阿里 -> 阿里云, 百度 -> 百度智能云): the name as the reader sees it."""
    at = sentence.lower().find(lower)
    if at < 0:
        return lower
    end, pos, added = at + len(lower), 0, 0
    for word, flag in pos_words(sentence):
        start, pos = pos, pos + len(word)
        if start < end:
            continue
        if (start > end or added == 2 or len(word) > 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", word)
                or not flag.startswith("n") or flag.startswith("nr")):  # nouns, not a person's name
            break
        end, added = pos, added + 1
    return sentence[at:end]
