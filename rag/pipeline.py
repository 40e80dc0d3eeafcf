"""The question-answering pipeline: resolve, retrieve, decide refusal, answer, cite.

    pipeline = index.load.load_pipeline(load_config())      # or Pipeline(...) from rag.factory
    answer = pipeline.ask("百度近十年研发投入多少？")
    answer.text, answer.citations, answer.refused

`ask_stream` yields growing partial Answers (text only) and then the complete one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rag.answer.cite import resolve as resolve_citations
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.protocol import Answerer, AnswerRequest, Draft, stream_in_pieces
from rag.answer.refusal import ARTICLE, qualification_text, refusal_text
from rag.config import Config
from rag.evidence.constraints import subject_first
from rag.evidence.decision import ANSWER, REFUSE, Decision, DecisionModel
from rag.evidence.qualify import what_differs
from rag.evidence.score import Candidate
from rag.evidence.signals import RefusalSignals, refusal_signals
from rag.question.analyse import QuestionInfo, analyse
from rag.question.followup import resolve as resolve_followup
from rag.question.names import CorpusNames
from rag.retrieve.protocol import Retrieval, Retriever
from rag.text.bridge import Bridge
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


@dataclass
class Pipeline:
    cfg: Config
    retriever: Retriever
    answerer: Answerer
    extractive: ExtractiveAnswerer
    documents: Callable[[str], str]  # doc id -> cleaned text
    decision_model: DecisionModel = field(default_factory=DecisionModel)
    corpus_lang: str = "zh"
    rewrite: Callable[[str, Sequence[str]], str] | None = None
    bridge: Bridge | None = None  # the dictionary bridge between English and Chinese (rag.text.bridge)
    scope: str = ARTICLE  # the bundled article or the user's documents: how a refusal names them

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
        resolved = resolve_followup(q, history, self.rewrite, self.bridge)[: self.cfg.max_question_chars]
        return q, resolved, notice

    def signals(self, request: AnswerRequest, info: QuestionInfo, cands: list[Candidate],
                context: Callable[[Candidate], str] | None = None,
                translated: dict[str, tuple[str, ...]] | None = None) -> RefusalSignals:
        """The refusal signals of a question's evidence (rag.evidence.signals)."""
        context = context or (lambda c: self.extractive.context(request, c))
        return refusal_signals(request, info, cands, self.extractive.store.lexical, self.names, self.corpus_lang,
                               context, translated)

    # ---- public API ----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        *_, final = self.ask_stream(question, history)  # the last item is the complete Answer
        return final

    def inspect(self, question: str, history: Sequence[str] = ()) -> Inspection:
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
                                retrieval.query_vector, tuple(history), info, self.scope)
        cands = self.extractive.candidates(request, info) if request.hits else []
        context = _memo(lambda c: self.extractive.context(request, c))
        forms, _ = self.names.question_forms(info)
        best = cands[0] if cands else None
        cands = subject_first(info, cands, context, self.extractive.add_margin, forms, self.names.names_in)
        if cands and cands[0] is not best and cands[0].hit_n != 1:
            # the top passage was about another party: the one about the question's subject leads
            retrieval, request = lead_with(retrieval, request, cands, cands[0].hit_n)
        signals = self.signals(request, info, cands, context, retrieval.translated) if cands else None
        if not cands:
            decision = Decision(REFUSE, {REFUSE: 1.0})
        elif not self.cfg.refusal:
            decision = Decision(ANSWER, {ANSWER: 1.0})
        else:
            decision = self.decision_model.decide(signals)
        timings = {**retrieval.timings_ms, "retrieve": (t1 - t0) * 1000}
        return Inspection(q, resolved, notice, retrieval, info, request, cands, signals, decision, timings, t0, context)

    def ask_stream(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        x = self.inspect(question, history)
        t1 = time.perf_counter()
        partial = Answer(x.question, "", False, (), x.retrieval.hits[: self.cfg.top_k], {}, x.resolved, x.notice, (),
                         self.answerer.name)
        draft: Draft | None = None
        if x.refuse:
            draft = Draft(refusal_text(x.info.lang, x.signals.missing if x.signals else (), self.scope), refused=True)
        elif x.decision.qualified:
            draft = self.qualified_draft(x)
            yield replace(partial, text=draft.text)
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
                raise RuntimeError(f"the {self.answerer.name} answerer ended its stream without a final Draft")
        text, citations, uncited = resolve_citations(draft, x.request.hits, self.documents)
        timings = dict(x.timings_ms)
        timings["answer"] = (time.perf_counter() - t1) * 1000
        timings["total"] = (time.perf_counter() - x.started) * 1000
        notices = " ".join(n for n in (x.notice, draft.notice) if n)
        yield replace(partial, text=text, refused=draft.refused, citations=citations,
                      timings_ms=timings, notice=notices, uncited=uncited, qualified=x.decision.qualified)

    def qualified_draft(self, x: Inspection) -> Draft:
        """The best evidence quoted after a sentence saying what it is about instead of what was asked."""
        best = x.candidates[0]
        forms, _ = self.names.question_forms(x.info)
        differs = what_differs(x.info, best.text, x.context(best), forms, self.names.names_in)
        note = qualification_text(x.info.lang, differs.kind, differs.asked, differs.given, self.scope)
        quoted = self.extractive.answer(x.request, [best])
        return replace(quoted, text=note + quoted.text)


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
    decision: Decision
    timings_ms: dict
    started: float
    context: Callable[[Candidate], str]  # a candidate's sentence with the one before it and its heading

    @property
    def refuse(self) -> bool:
        return self.decision.refused
