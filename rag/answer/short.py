"""The short answer shown first: the best span of the sentences an answer cites (rag.answer.span),
with its document offsets, and for an English question a faithful English rendering of it.

    short = short_answer(info, answer.citations, documents, bridge)
    short.text == documents(doc_id)[short.start:short.end]        # a substring of a cited sentence

English renderings of a Chinese span are deterministic conversions of the quoted span, never free
translation: a number, amount, percentage, date or period (rag.answer.english), or a name the
dictionary knows (百度 -> Baidu). Anything else has no rendering, and the Chinese span stands as it is.
The sentences of an English document get the phrase of the type the question asks, nearest its words
(rag.answer.span.english).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.english import render_english
from rag.answer.span import best_span_in
from rag.answer.span.english import best_english_span
from rag.question.analyse import QuestionInfo
from rag.text.tokenize import has_han
from rag.types import Citation


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    start: int  # document offsets of the span
    end: int
    citation: int  # the [n] of the cited sentence it lies in
    english: str = ""  # the English rendering, for an English question


def short_answer(info: QuestionInfo, citations: Sequence[Citation], documents: Callable[[str], str],
                 english_name: Callable[[str], str | None] | None = None,
                 enclosing: Callable[[Citation], tuple[int, int] | None] | None = None) -> ShortAnswer | None:
    """The best span across the cited sentences, in the order they are cited; None when none answers.
    `enclosing`: the document range of the indexed sentence a quote lies in (a quote may be a clause of
    it): its spans are made once for the whole sentence and cached, and only those inside the quote count."""
    if not citations:
        return None
    ranges = [(enclosing(c) if enclosing else None) or (c.quote_start, c.quote_end) for c in citations]
    ranges = [(a, b) if a <= c.quote_start and c.quote_end <= b else (c.quote_start, c.quote_end)
              for (a, b), c in zip(ranges, citations)]
    sentences = [documents(c.doc_id)[a:b] for (a, b), c in zip(ranges, citations)]
    windows = [(c.quote_start - a, c.quote_end - a) for (a, _), c in zip(ranges, citations)]
    # the span ranker reads Chinese (fitted on CMRC 2018); English sentences are read by the answer's type
    pick = best_span_in if any(has_han(s) for s in sentences) else best_english_span
    span = pick(info, sentences, windows=windows)
    if span is None:
        return None
    c, offset = citations[span.sentence], ranges[span.sentence][0]
    start, end = offset + span.start, offset + span.end
    english = ""
    if info.lang == "en" and pick is best_span_in:  # (a span of an English sentence is English already)
        english = render_english(span.text) or (english_name(span.text) if english_name else None) or ""
    return ShortAnswer(span.text, start, end, c.n, english)
