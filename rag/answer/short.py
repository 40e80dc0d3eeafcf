"""The short answer shown first: the best span of the sentences an answer cites (rag.answer.span),
with its document offsets, and for an English question a faithful English rendering of it.

    short = short_answer(info, answer.citations, documents, bridge)
    short.text == documents(doc_id)[short.start:short.end]        # a substring of a cited sentence

English renderings are deterministic conversions of the quoted span, never free translation: a
number, amount, percentage, date or period (rag.answer.english), or a name the dictionary knows
(百度 -> Baidu). Anything else has no rendering, and the Chinese span stands as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.english import render_english
from rag.answer.span import best_span_in
from rag.question.analyse import QuestionInfo
from rag.types import Citation


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    start: int  # document offsets of the span
    end: int
    citation: int  # the [n] of the cited sentence it lies in
    english: str = ""  # the English rendering, for an English question


def short_answer(info: QuestionInfo, citations: Sequence[Citation], documents: Callable[[str], str],
                 english_name: Callable[[str], str | None] | None = None) -> ShortAnswer | None:
    """The best span across the cited sentences, in the order they are cited; None when none answers."""
    if not citations:
        return None
    sentences = [documents(c.doc_id)[c.quote_start : c.quote_end] for c in citations]
    span = best_span_in(info, sentences)
    if span is None:
        return None
    c = citations[span.sentence]
    start, end = c.quote_start + span.start, c.quote_start + span.end
    english = ""
    if info.lang == "en":
        english = render_english(span.text) or (english_name(span.text) if english_name else None) or ""
    return ShortAnswer(span.text, start, end, c.n, english)
