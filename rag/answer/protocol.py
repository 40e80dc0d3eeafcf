"""The Answerer protocol: numbered passages in, a draft answer with `[n]` markers out.

Every answerer reads the same `AnswerRequest` (the resolved question and its numbered passages,
`[1]` = `hits[0]`) and returns a `Draft`. `rag.answer.cite` then turns the draft's markers into Citations,
whichever answerer wrote it. `stream()` yields the answer text in pieces as it is produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from rag.answer.refusal import ARTICLE
from rag.question.analyse import QuestionInfo
from rag.text.sentences import sentence_spans
from rag.types import Hit


@dataclass(frozen=True)
class AnswerRequest:
    question: str  # after follow-up resolution
    hits: tuple[Hit, ...]  # the numbered sources: [1] is hits[0]
    lang: str = "zh"  # language to answer in: "zh" or "en"
    query_vector: np.ndarray | None = None  # the question's embedding, when dense retrieval ran
    history: tuple[str, ...] = ()
    info: QuestionInfo | None = None  # the analysed question (with an English question's bridged corpus words)
    scope: str = ARTICLE  # what is asked about, for the refusal wording: ARTICLE or DOCUMENTS (rag.answer.refusal)


@dataclass(frozen=True)
class Draft:
    text: str  # answer text with [n] markers
    refused: bool = False
    # n -> the exact spans (document offsets) the answer quotes from source n; empty for free text
    quotes: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    notice: str = ""  # user-visible note, e.g. that an LLM failed and the extractive answer stands in


@runtime_checkable
class Answerer(Protocol):
    name: str

    def answer(self, request: AnswerRequest) -> Draft: ...

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        """Text pieces as they are produced, then the final Draft as the last item."""


def final_draft(stream: Iterable[str | Draft]) -> Draft:
    """Drain an answerer's stream and return its closing Draft."""
    draft = None
    for item in stream:
        if isinstance(item, Draft):
            draft = item
    if draft is None:
        raise RuntimeError("the answerer's stream ended without a final Draft")
    return draft


def stream_in_pieces(draft: Draft) -> Iterator[str | Draft]:
    """Stream an already-finished draft sentence by sentence; the pieces join to `draft.text`."""
    cursor = 0
    for _, end in sentence_spans(draft.text):
        yield draft.text[cursor:end]
        cursor = end
    if cursor < len(draft.text):
        yield draft.text[cursor:]
    yield draft
