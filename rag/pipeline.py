"""The question-answering pipeline: resolve, retrieve, decide refusal, answer, cite.

    pipeline = index.load_pipeline(load_config())      # or Pipeline(...) from rag.factory
    answer = pipeline.ask("百度近十年研发投入多少？")
    answer.text, answer.citations, answer.refused

`ask_stream` yields growing partial Answers (text only) and then the complete one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

from rag.answer import AnswerRequest, Answerer, Draft, looks_refused
from rag.cite import resolve as resolve_citations
from rag.config import Config
from rag.extractive import ExtractiveAnswerer, _cue
from rag.followup import resolve as resolve_followup
from rag.question import analyse
from rag.refusal import RefusalModel, RefusalSignals, missing_terms
from rag.retrieve import Retrieval, Retriever
from rag.types import Answer


class QuestionError(ValueError):
    """A question that cannot be asked (empty, or not text); the message says why."""


def refusal_message(lang: str, missing: Sequence[str]) -> str:
    shown = [m for m in missing if len(m) > 1][:3]
    if lang == "en":
        about = " or ".join(f"“{m}”" for m in shown)
        return f"The article does not say anything about {about}." if shown else "The article does not say."
    return f"文章中没有提到{'、'.join(f'“{m}”' for m in shown)}。" if shown else "文章中没有提到相关内容。"


@dataclass
class Pipeline:
    cfg: Config
    retriever: Retriever
    answerer: Answerer
    extractive: ExtractiveAnswerer
    documents: Callable[[str], str]  # doc id -> cleaned text
    refusal_model: RefusalModel = RefusalModel()
    corpus_lang: str = "zh"
    rewrite: Callable[[str, Sequence[str]], str] | None = None

    # ---- steps ---------------------------------------------------------------------------
    def prepare(self, question: str, history: Sequence[str] = ()) -> tuple[str, str, str]:
        """(question, resolved question, notice) after validation and follow-up resolution."""
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        q = "".join(ch for ch in question if ch in "\n\t" or ord(ch) >= 32 and ch != "\x7f").strip()
        if not q:
            raise QuestionError("the question is empty")
        notice = ""
        if len(q) > self.cfg.max_question_chars:
            q = q[: self.cfg.max_question_chars]
            notice = f"The question was cut to its first {self.cfg.max_question_chars} characters."
        history = [h for h in (history or []) if isinstance(h, str) and h.strip()][-6:]
        resolved = resolve_followup(q, history, self.rewrite)
        return q, resolved, notice

    def signals(self, request: AnswerRequest, retrieval: Retrieval) -> RefusalSignals:
        info = analyse(request.question)
        lexical = self.extractive.store.lexical
        cross = info.lang != self.corpus_lang
        missing = missing_terms(info, lexical, cross) if lexical is not None else ()
        from rag.refusal import specificity

        cands = self.extractive.candidates(request, info)
        best = cands[0] if cands else None
        present = [t for t in info.terms if lexical is None or t in lexical.doc_freq]
        idf = {t: (lexical.idf(t) if lexical else 1.0) for t in present}
        total = sum(idf.values()) or 1.0
        passage = request.hits[best.hit_n - 1].chunk.text.lower() if best else ""
        return RefusalSignals(
            missing=missing,
            missing_weight=sum(specificity(t) for t in missing),
            coverage=sum(v for t, v in idf.items() if t in passage) / total if present else 0.0,
            sentence_coverage=sum(v for t, v in idf.items() if best and t in best.text.lower()) / total if present else 0.0,
            cue_met=max((_cue(info, c.text) for c in cands[:5]), default=0.0) if info.kind != "other" else 1.0,
            best_cosine=max((h.dense or 0.0) for h in request.hits) if request.hits else 0.0,
            cross_lingual=cross,
        )

    # ---- public API ----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        final = None
        for final in self.ask_stream(question, history):
            pass
        return final

    def ask_stream(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        t0 = time.perf_counter()
        q, resolved, notice = self.prepare(question, history)
        retrieval = self.retriever.retrieve(resolved, max(self.cfg.top_k, self.cfg.answer_passages))
        t1 = time.perf_counter()
        info = analyse(resolved)
        request = AnswerRequest(resolved, retrieval.hits[: self.cfg.answer_passages], info.lang,
                                retrieval.query_vector, tuple(history))
        timings = dict(retrieval.timings_ms)
        timings["retrieve"] = (t1 - t0) * 1000
        partial = Answer(q, "", False, (), retrieval.hits[: self.cfg.top_k], {}, resolved, notice, (), self.answerer.name)
        draft: Draft | None = None
        signals = self.signals(request, retrieval) if (self.cfg.refusal and request.hits) else None
        if not request.hits or (signals is not None and self.refusal_model.refuse(signals)):
            draft = Draft(refusal_message(info.lang, signals.missing if signals else ()), refused=True)
        else:
            text = ""
            for piece in self.answerer.stream(request):
                if isinstance(piece, Draft):
                    draft = piece
                    break
                text += piece
                yield replace(partial, text=text)
            if draft is None:
                draft = Draft(text, refused=looks_refused(text))
        t2 = time.perf_counter()
        text, citations, uncited = resolve_citations(draft, request.hits, self.documents)
        timings["answer"] = (t2 - t1) * 1000
        timings["total"] = (time.perf_counter() - t0) * 1000
        notices = " ".join(n for n in (notice, draft.notice) if n)
        yield replace(partial, text=text, refused=draft.refused or looks_refused(text), citations=citations,
                      timings_ms=timings, notice=notices, uncited=uncited)
