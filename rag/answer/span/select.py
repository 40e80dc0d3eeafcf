"""Pick the smallest span of an evidence sentence that answers the question: the short answer shown first.

    info = analyse("百度近十年累计投入的研发资金有多少？")
    best_span(info, "百度近十年累计投入的研发资金超过1800亿元，研发占比常年在20%以上。")
    # Span(start=14, end=22, text='超过1800亿元', kind='quantity', score=..., sentence=0)

Offsets are within the sentence, so `sentence[span.start:span.end] == span.text` and the caller adds
the sentence's document offset: the short answer is a substring of the cited passage by construction.
`best_span_in` takes the one to three sentences an answer cites and returns the best span across
them (`span.sentence` says whose offsets they are). Questions that no span answers get None: yes/no
questions, overview questions (这篇文章主要讲了什么, rag.question.analyse), and any question whose best
span scores below the fitted threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answer.span.candidates import BIT
from rag.answer.span.features import INDEX, relate, span_features
from rag.answer.span.model import SpanModel, fitted_model
from rag.answer.span.question import slot_of
from rag.answer.span.shape import table
from rag.evidence.cues import holds_quantity
from rag.question.analyse import QuestionInfo

# what a span is, named by the first of its origins in this order
KIND_ORDER = ("quantity", "date", "title", "quote", "name", "list", "noun_phrase", "words", "clause_head", "clause_tail",
              "clause", "clauses")
_YES_NO = re.compile(r"是否|是不是|有没有|能不能|会不会|可不可以|能否|可否|对吗|对不对|吗[？?]?$"
                     r"|^(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b", re.I)


# a change asked against the same period before, or a rate of growth (同比涨了多少, 增速是多少, year over year):
# a percentage when the cited sentences give one (not 阿里云's revenue of 635.25亿元 beside its 22%)
_ASKS_RATE = re.compile(r"同比|环比|增速|增幅|涨幅|降幅|增长率|\byear[- ](?:over|on)[- ]year\b|\bgrowth rate\b"
                        r"|\bhow fast\b", re.I)


# a number asked in years (多少年, 几年, how many years) may be a year; any other amount is not one
_ASKS_YEARS = re.compile(r"(?:多少|几)个?年|年份|\byears?\b", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d\s*年?")
_CUT_NUMBER = re.compile(r"\d\.?\d")  # a span's last character, a digit, and the digits that follow it


@dataclass(frozen=True)
class Span:
    start: int  # character offsets within its sentence
    end: int
    text: str
    kind: str  # quantity, date, title, quote, name, list, noun_phrase, words, clause...
    score: float
    sentence: int = 0  # which of the sentences given to best_span_in


def no_span_question(info: QuestionInfo) -> bool:
    """Questions a span cannot answer: yes/no questions and requests for an overview."""
    text = info.text.strip()
    return info.kind == "overview" or bool(_YES_NO.search(text.rstrip("？?。. ")) or _YES_NO.search(text))


def _kind(origin: int) -> str:
    return next((name for name in KIND_ORDER if origin & BIT[name]), "words")


def score_spans(info: QuestionInfo, sentences: Sequence[str], model: SpanModel | None = None,
                windows: Sequence[tuple[int, int] | None] | None = None):
    """(sentence index, start, end, origin, feature matrix, scores) of every span of the sentences;
    with `windows`, only the spans inside each sentence's [lo, hi) (the part an answer quotes)."""
    model = model or fitted_model()
    slot = slot_of(info.text)
    parts, owners = [], []
    for k, sentence in enumerate(sentences):
        if sentence.strip():
            t = table(sentence)
            x = span_features(info, slot, t)
            keep = np.ones(len(t.spans), dtype=bool)
            if windows is not None and windows[k] is not None:
                lo, hi = windows[k]
                keep = (t.spans.start >= lo) & (t.spans.end <= hi)
            parts.append((t, x[keep], keep))
            owners.append(k)
    if not parts:
        return None
    x = relate(np.concatenate([p[1] for p in parts]))
    owner = np.concatenate([np.full(int(keep.sum()), k) for (_, _, keep), k in zip(parts, owners)])
    start = np.concatenate([t.spans.start[keep] for t, _, keep in parts])
    end = np.concatenate([t.spans.end[keep] for t, _, keep in parts])
    origin = np.concatenate([t.spans.origin[keep] for t, _, keep in parts])
    return owner, start, end, origin, x, model.score(x)


def best_span_in(info: QuestionInfo, sentences: Sequence[str], model: SpanModel | None = None,
                 windows: Sequence[tuple[int, int] | None] | None = None) -> Span | None:
    """The best span across the sentences (within `windows`, see score_spans), or None when no span
    answers the question."""
    if no_span_question(info):
        return None
    model = model or fitted_model()
    scored = score_spans(info, sentences, model, windows)
    if scored is None:
        return None
    owner, start, end, origin, x, scores = scored
    if not len(scores):
        return None
    in_unit = x[:, INDEX["unit_match"]] > 0
    if info.unit and in_unit.any():  # a percentage asked is answered by a percentage (and 几纳米 in 纳米)
        scores = np.where(in_unit, scores, -np.inf)
    elif not info.unit and _ASKS_RATE.search(info.text):  # a year-on-year change or a growth rate: a percentage
        as_rate = replace(info, unit="%")
        rate = np.array([holds_quantity(as_rate, sentences[k][a:b]) for k, a, b in zip(owner, start, end)], dtype=bool)
        if rate.any():
            scores = np.where(rate, scores, -np.inf)
    # a number cut from its other digits is no answer
    cut = np.array([_CUT_NUMBER.match(sentences[k], b - 1) is not None for k, b in zip(owner, end)], dtype=bool)
    if cut.any() and not cut.all():
        scores = np.where(cut, -np.inf, scores)
    if info.kind == "number" and not _ASKS_YEARS.search(info.text):  # a year is no amount (2025年 for 盘子有多大)
        year = np.array([bool(_YEAR.fullmatch(sentences[k][a:b])) for k, a, b in zip(owner, start, end)], dtype=bool)
        if year.any() and not year.all():
            scores = np.where(year, -np.inf, scores)
    i = int(np.argmax(scores))
    if scores[i] < model.threshold:
        return None
    k, a, b = int(owner[i]), int(start[i]), int(end[i])
    inside = windows is None or windows[k] is None or b < windows[k][1]
    if inside and sentences[k][b - 1 : b].isdigit() and sentences[k][b : b + 1] in ("%", "％", "‰"):
        b += 1  # a number keeps its percent sign (约16%, not 约16)
    return Span(a, b, sentences[k][a:b], _kind(int(origin[i])), float(scores[i]), k)


def best_span(info: QuestionInfo, sentence: str, model: SpanModel | None = None) -> Span | None:
    """The span of `sentence` that answers the question, or None."""
    return best_span_in(info, [sentence], model)
