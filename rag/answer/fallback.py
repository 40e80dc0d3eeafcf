"""An answerer that tries a primary (an LLM) and, when it fails, answers with a fallback (extractive).

The fallback's Draft carries a `notice` in the question's language saying why, so the user sees that
the model was unavailable instead of an error.

Streaming: if the primary fails before any text, the fallback's pieces are streamed in its place.
If it fails midway, some primary text has already been shown; the stream then ends with the
fallback's Draft, and the UI replaces the partial text with that final Draft's text (as it always
does with the final Draft).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

from rag.answer.protocol import Answerer, AnswerRequest, Draft

log = logging.getLogger(__name__)

NOTICE = {
    "zh": "大模型服务不可用（{reason}），以下为抽取式答案。",
    "en": "The language model is unavailable ({reason}); showing the extractive answer instead.",
}


def fallback_notice(lang: str, error: BaseException, limit: int = 240) -> str:
    reason = " ".join(str(error).split()) or type(error).__name__
    if len(reason) > limit:
        reason = reason[: limit - 1] + "…"
    return NOTICE["en" if lang == "en" else "zh"].format(reason=reason)


class FallbackAnswerer:
    """`primary`, or `fallback` with a notice when the primary raises."""

    def __init__(self, primary: Answerer, fallback: Answerer):
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    def answer(self, request: AnswerRequest) -> Draft:
        try:
            return self.primary.answer(request)
        except Exception as e:
            return self._fallback_draft(request, e)

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        shown = False
        try:
            for item in self.primary.stream(request):
                if isinstance(item, Draft):
                    yield item
                    return
                shown = shown or bool(item)
                yield item
            raise RuntimeError(f"{self.primary.name} answerer ended its stream without a final answer")
        except Exception as e:
            error = e
        notice = self._notice(request, error)
        if shown:  # the UI replaces the partial primary text with this Draft's text
            yield _with_notice(self.fallback.answer(request), notice)
            return
        for item in self.fallback.stream(request):
            yield _with_notice(item, notice) if isinstance(item, Draft) else item

    def _notice(self, request: AnswerRequest, error: Exception) -> str:
        log.warning("%s answerer failed, using %s: %s", self.primary.name, self.fallback.name, error)
        return fallback_notice(request.lang, error)

    def _fallback_draft(self, request: AnswerRequest, error: Exception) -> Draft:
        return _with_notice(self.fallback.answer(request), self._notice(request, error))


def _with_notice(draft: Draft, notice: str) -> Draft:
    return replace(draft, notice=" ".join(n for n in (notice, draft.notice) if n))
