"""The question-answering pipeline: resolve, retrieve, decide refusal, answer, cite.

    pipeline = index.load_pipeline(load_config())      # or Pipeline(...) from rag.factory
    answer = pipeline.ask("百度近十年研发投入多少？")
    answer.text, answer.citations, answer.refused

`ask_stream` yields growing partial Answers (text only) and then the complete one.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

from rag.answer.protocol import Answerer, AnswerRequest, Draft, looks_refused, stream_in_pieces
from rag.text.bridge import Bridge
from rag.answer.cite import resolve as resolve_citations
from rag.config import Config
from rag.evidence.constraints import (
    attribution_met,
    count_met,
    quantity_met,
    scope_met,
    subject_conflict,
    subject_first,
    subject_quantity_met,
)
from rag.evidence.score import Candidate, cue_score
from rag.answer.extractive import ExtractiveAnswerer
from rag.question.followup import resolve as resolve_followup
from rag.question.names import CorpusNames
from rag.question.analyse import QuestionInfo, analyse
from rag.evidence.refusal import (
    RefusalModel,
    RefusalSignals,
    missing_terms,
    specificity,
    subject_absent,
    word_tags,
)
from rag.retrieve.hybrid import Retrieval, Retriever
from rag.types import Answer


class QuestionError(ValueError):
    """A question that cannot be asked (empty, or not text); the message says why."""


def _plain(text: str) -> str:
    """`text` without control characters and lone surrogates (what undecodable bytes become), trimmed."""
    return "".join(ch for ch in text if (ch in "\n\t" or ord(ch) >= 32 and ch != "\x7f")
                   and not "\ud800" <= ch <= "\udfff").strip()


def check_question(question: object, max_chars: int) -> tuple[str, str]:
    """(the question as it will be asked, notice): control characters dropped, cut to `max_chars`.

    Raises QuestionError for anything that cannot be asked. Cheap: callers may check a question
    before loading a pipeline."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    q = _plain(question)
    if not q:
        raise QuestionError("the question is empty")
    if not re.search(r"\w", re.sub(r"<[^<>]{0,300}>", " ", q)):
        raise QuestionError("the question has no words to search for (only markup or symbols)")
    if len(q) > max_chars:
        return q[:max_chars], f"The question was cut to its first {max_chars} characters."
    return q, ""


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
    bridge: Bridge | None = None  # the dictionary bridge between English and Chinese (rag.text.bridge)

    def __post_init__(self) -> None:
        self.names = CorpusNames(self.extractive.store.lexical, self.bridge, self.corpus_lang)

    # ---- steps ---------------------------------------------------------------------------
    def prepare(self, question: str, history: Sequence[str] = ()) -> tuple[str, str, str]:
        """(question, resolved question, notice) after validation and follow-up resolution."""
        q, notice = check_question(question, self.cfg.max_question_chars)
        # earlier questions were checked when they were asked, but an API caller can send anything:
        # they get the same treatment, and the resolved question the same bound
        history = [history] if isinstance(history, str) else list(history or [])
        recent = [h for h in history if isinstance(h, str) and h.strip()][-6:]
        history = [h for h in (_plain(h)[: self.cfg.max_question_chars] for h in recent) if h]
        resolved = resolve_followup(q, history, self.rewrite)[: self.cfg.max_question_chars]
        return q, resolved, notice

    def signals(self, request: AnswerRequest, info: QuestionInfo, cands: list[Candidate],
                context: Callable[[Candidate], str] | None = None,
                translated: dict[str, tuple[str, ...]] | None = None) -> RefusalSignals:
        translated = translated or {}
        lexical = self.extractive.store.lexical
        context = context or (lambda c: self.extractive.context(request, c))
        cross = info.lang != self.corpus_lang
        missing = missing_terms(info, lexical, cross) if lexical is not None else ()
        best = cands[0] if cands else None
        present = [t for t in info.terms if lexical is None or lexical.has(t)]
        idf = {t: (lexical.idf(t) if lexical else 1.0) for t in present}
        total = sum(idf.values()) or 1.0
        passage = request.hits[best.hit_n - 1].chunk.text.lower() if best else ""
        passages = " ".join((h.chunk.context + h.chunk.text).lower() for h in request.hits)
        focus = [t for t in info.focus if lexical is None or lexical.has(t)]
        tags = word_tags(request.question) if (missing or info.subject) else {}
        spec = {t: specificity(t, tags) * lexical.absent_share(t) * self.names.synonym_discount(t, cross) for t in missing}
        subject = info.subject.lower()
        subject_missing = 0.0
        if subject and lexical is not None and not cross and not lexical.has(subject):
            subject_missing = max([spec.get(t, 0.0) for t in missing if t in subject] + [0.3])
        focus_missing = sum(v for t, v in spec.items() if t in info.focus and t not in subject)
        cosines = sorted((float(c.features[0]) for c in cands), reverse=True)
        return RefusalSignals(
            missing=tuple(t for t, v in spec.items() if v >= 0.3),
            subject_missing=subject_missing,
            focus_missing=focus_missing,
            numbers_missing=sum(1.0 for n in info.numbers if n not in passages) / len(info.numbers) if info.numbers else 0.0,
            missing_weight=sum(v for t, v in spec.items() if t not in info.focus and t not in subject),
            cosine_margin=cosines[0] - sum(cosines[1:6]) / max(1, len(cosines[1:6])) if len(cosines) > 1 else 0.0,
            focus_coverage=sum(1.0 for t in focus if t in passage) / len(focus) if focus else 1.0,
            coverage=sum(v for t, v in idf.items() if t in passage) / total if present else 0.0,
            sentence_coverage=sum(v for t, v in idf.items() if best and t in best.text.lower()) / total if present else 0.0,
            cue_met=max((cue_score(info, c.text) for c in cands[:5]), default=0.0) if info.kind != "other" else 1.0,
            best_cosine=float(best.features[0]) if best else 0.0,
            top_cosine=cosines[0] if cosines else 0.0,
            cross_lingual=cross,
            content_terms=len(info.terms),
            subject_absent=bool(subject and lexical is not None and (self.names.question_forms(info)[1] if cross else
                                                                     subject_absent(subject, lexical, tags))),
            scope_missing=not scope_met(info, cands, context),
            quantity_missing=lexical is not None and not cross and not quantity_met(info, cands, lexical.has),
            attribution_missing=not attribution_met(info, cands),
            count_missing=cross and not count_met(cands, self.names.counted(info)),
            # English questions only: a Chinese sentence often leaves its subject unsaid (CMRC 2018)
            subject_quantity_missing=cross and not subject_quantity_met(
                info, cands, context, self.names.subject_forms(info), self.names.asked_heads(info, translated)),
            subject_conflict=lexical is not None and subject_conflict(info, cands, context, lexical.has),
        )

    # ---- public API ----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        final = None
        for final in self.ask_stream(question, history):
            pass
        return final

    def inspect(self, question: str, history: Sequence[str] = ()) -> "Inspection":
        """Everything the pipeline decides before answering: resolution, passages, evidence, refusal."""
        t0 = time.perf_counter()
        q, resolved, notice = self.prepare(question, history)
        retrieval = self.retriever.retrieve(resolved, max(self.cfg.top_k, self.cfg.answer_passages))
        t1 = time.perf_counter()
        info = analyse(resolved)
        if retrieval.translated:  # an English question on a Chinese corpus: its words in the corpus's language
            words = tuple(dict.fromkeys(w for ws in retrieval.translated.values() for w in ws))
            info = replace(info, terms=info.terms + tuple(w for w in words if w not in info.terms))
        request = AnswerRequest(resolved, retrieval.hits[: self.cfg.answer_passages], info.lang,
                                retrieval.query_vector, tuple(history))
        cands = self.extractive.candidates(request, info) if request.hits else []
        context = _memo(lambda c: self.extractive.context(request, c))
        forms, _ = self.names.question_forms(info)
        best = cands[0] if cands else None
        cands = subject_first(info, cands, context, self.extractive.add_margin, forms, self.names.names_in)
        if cands and cands[0] is not best and cands[0].hit_n != 1:
            # the top passage was about another party: the one about the question's subject leads
            retrieval, request = lead_with(retrieval, request, cands, cands[0].hit_n)
        signals = self.signals(request, info, cands, context, retrieval.translated) if cands else None
        refuse = not cands or (self.cfg.refusal and self.refusal_model.refuse(signals))
        timings = {**retrieval.timings_ms, "retrieve": (t1 - t0) * 1000}
        return Inspection(q, resolved, notice, retrieval, info, request, cands, signals, refuse, timings, t0)

    def ask_stream(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        x = self.inspect(question, history)
        t1 = time.perf_counter()
        partial = Answer(x.question, "", False, (), x.retrieval.hits[: self.cfg.top_k], {}, x.resolved, x.notice, (),
                         self.answerer.name)
        draft: Draft | None = None
        if x.refuse:
            draft = Draft(refusal_message(x.info.lang, x.signals.missing if x.signals else ()), refused=True)
        else:
            text = ""
            pieces = (stream_in_pieces(self.extractive.answer(x.request, x.candidates)) if self.answerer is self.extractive
                      else self.answerer.stream(x.request))
            for piece in pieces:
                if isinstance(piece, Draft):
                    draft = piece
                    break
                text += piece
                yield replace(partial, text=text)
            if draft is None:
                draft = Draft(text, refused=looks_refused(text))
        text, citations, uncited = resolve_citations(draft, x.request.hits, self.documents)
        timings = dict(x.timings_ms)
        timings["answer"] = (time.perf_counter() - t1) * 1000
        timings["total"] = (time.perf_counter() - x.started) * 1000
        notices = " ".join(n for n in (x.notice, draft.notice) if n)
        yield replace(partial, text=text, refused=draft.refused or looks_refused(text), citations=citations,
                      timings_ms=timings, notice=notices, uncited=uncited)


def lead_with(retrieval: Retrieval, request: AnswerRequest, cands: list[Candidate], n: int) -> tuple[Retrieval, AnswerRequest]:
    """Passage `n` becomes passage 1, the others keep their order; candidates are renumbered in place."""
    order = [n] + [k for k in range(1, len(request.hits) + 1) if k != n]
    new_n = {old: new for new, old in enumerate(order, 1)}
    hits = tuple(replace(request.hits[old - 1], rank=new) for new, old in enumerate(order, 1))
    rows = retrieval.rows
    if len(rows) >= len(order):
        rows = tuple(rows[old - 1] for old in order) + rows[len(order):]
    for c in cands:
        c.hit_n = new_n[c.hit_n]
    return replace(retrieval, hits=hits + tuple(retrieval.hits[len(hits):]), rows=rows), replace(request, hits=hits)


def _memo(fn: Callable[[Candidate], str]) -> Callable[[Candidate], str]:
    seen: dict[int, str] = {}
    return lambda c: seen[id(c)] if id(c) in seen else seen.setdefault(id(c), fn(c))


@dataclass(frozen=True)
class Inspection:
    question: str
    resolved: str
    notice: str
    retrieval: Retrieval
    info: QuestionInfo
    request: AnswerRequest
    candidates: list[Candidate]
    signals: RefusalSignals | None
    refuse: bool
    timings_ms: dict
    started: float
