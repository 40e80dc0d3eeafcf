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
from rag.answer.compose import PartAnswer, combine, comparison_sentence
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.overview import overview
from rag.answer.protocol import Answerer, AnswerRequest, Draft, stream_in_pieces
from rag.answer.quantity import QUANTITY, Quantity, read_quantity
from rag.answer.refusal import ARTICLE, qualification_text, refusal_text
from rag.answer.short import short_answer
from rag.answer.span import best_span_in
from rag.config import Config
from rag.evidence.constraints import (
    DEPTH,
    figure_first,
    measure_first,
    parties,
    passage_body,
    person_first,
    subject_first,
    superlative_first,
    thing_first,
    year_first,
)
from rag.evidence.cues import (
    asks_superlative,
    asks_time,
    asks_year,
    changed_measure,
    changed_measure_en,
    ranks_needed,
    tells_change,
    tells_figure,
    tells_superlative,
    tells_thing,
    tells_time,
    tells_year,
)
from rag.evidence.decision import ANSWER, QUALIFY, REFUSE, Decision, DecisionModel
from rag.evidence.qualify import JOINT, MEASURE, OTHER, PARTY, PERIOD, Qualification, what_differs
from rag.evidence.rules import RefusalRules
from rag.evidence.score import Candidate
from rag.evidence.signals import EvidenceSignals, asked_thing, evidence_signals, of_others, own_figure_of
from rag.question.analyse import QuestionInfo, analyse, measure_compound_zh
from rag.question.followup import context_of
from rag.question.followup import resolve as resolve_followup
from rag.question.names import CorpusNames, writes
from rag.question.parts import Comparison, about_answer_of, comparison_of, split_parts
from rag.retrieve.protocol import Retrieval, Retriever
from rag.text.bridge import Bridge
from rag.text.tokenize import content_terms
from rag.types import Answer, Citation, Hit


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
    rules: RefusalRules = field(default_factory=RefusalRules)
    corpus_lang: str = "zh"
    rewrite: Callable[[str, Sequence[str]], str] | None = None
    bridge: Bridge | None = None  # the dictionary bridge between English and Chinese (rag.text.bridge)
    scope: str = ARTICLE  # the bundled article or the user's documents: how a refusal names them

    def __post_init__(self) -> None:
        self.names = CorpusNames(self.extractive.store.lexical, self.bridge, self.corpus_lang)

    # ---- steps ---------------------------------------------------------------------------
    def prepare(self, question: str, history: Sequence[str] = ()) -> tuple[str, str, str]:
        """(question, resolved question, notice) after validation, follow-up resolution, names put in the
        corpus's script and compounds in the corpus's abbreviation (rag.question.names.CorpusNames:
        in_corpus_script, abbreviated)."""
        q, notice = check_question(question, self.cfg.max_question_chars)
        resolved = resolve_followup(q, self.recent(history), self.rewrite, self.bridge)[: self.cfg.max_question_chars]
        return q, self.names.abbreviated(self.names.in_corpus_script(resolved)), notice

    def recent(self, history: Sequence[str]) -> list[str]:
        """The last earlier questions, cleaned. They were checked when they were asked, but an API caller
        can send anything: they get the same treatment, and the resolved question the same bound."""
        history = [history] if isinstance(history, str) else list(history or [])
        recent = [h for h in history if isinstance(h, str) and h.strip()][-6:]
        return [h for h in (_plain(h)[: self.cfg.max_question_chars] for h in recent) if h]

    def measure_synonyms(self, info: QuestionInfo) -> tuple[str, ...]:
        """For a Chinese number question whose one-word measure the corpus never writes (营收是多少), the corpus's
        words for it by the dictionary (收入); () otherwise."""
        lexical = self.extractive.store.lexical
        if info.kind != "number" or self.bridge is None or lexical is None:
            return ()
        measure = measure_compound_zh(info.text, lexical.has, 1)
        if len(measure) != 1 or lexical.has(measure[0].lower()):
            return ()
        return tuple(w.lower() for w in self.bridge.synonyms(measure[0], lexical.has))

    def signals(self, request: AnswerRequest, info: QuestionInfo, cands: list[Candidate],
                context: Callable[[Candidate], str] | None = None,
                translated: dict[str, tuple[str, ...]] | None = None) -> EvidenceSignals:
        """The refusal signals of a question's evidence (rag.evidence.signals)."""
        context = context or (lambda c: self.extractive.context(request, c, self.names.names_in))
        # what the answer would quote, where a figure, a year, a time, the top one or a thing's name is asked
        # and the best sentence has none: one of them must give it (signals.figure_missing, year_missing,
        # time_missing, superlative_missing, thing_missing)
        superlative, thing = asks_superlative(info), asked_thing(info, self.names, info.lang != self.corpus_lang)
        quoted = (self.extractive.select(request, info, cands) if cands and (
            (info.kind == "number" and not tells_figure(info, cands[0].text))
            or (asks_year(info) and not tells_year(context(cands[0])))
            or (ranks_needed(superlative) and not tells_superlative(superlative, context(cands[0])))
            or (thing and tells_thing(thing, context(cands[0])) == 0)
            or ((changed := changed_measure_en(info, translated, self.names.subject_forms(info)) if translated
                 else changed_measure(info))
                and not tells_change(changed, cands[0].text))
            or (asks_time(info) and info.lang != self.corpus_lang and not tells_time(context(cands[0])))) else ())
        return evidence_signals(request, info, cands, self.extractive.store.lexical, self.names, self.corpus_lang,
                               context, translated, quoted)

    def _own_figures(self, info: QuestionInfo, citations: Sequence[Citation]) -> Sequence[Citation]:
        """The cited sentences a figure asked of a party is read from: when one writes the subject, not those
        about other parties only (for 阿里云2025年上半年同比增长了多少, 百度's 36% is cited beside 阿里云's 22%
        and is not the short answer). Only for a figure asked of a party the dictionary names (a name asked may
        be another party: 毕业于南开大学; a sentence about a person or a club often leaves them unsaid: 享年八十六岁)."""
        if info.kind != "number" or len(citations) < 2 or self.bridge is None:
            return citations
        forms = [f for f in self.names.subject_forms(info) if f and parties(self.bridge.names_in(f))]
        texts = [self.documents(c.doc_id)[c.quote_start : c.quote_end].lower() for c in citations]
        if not forms or not any(writes(t, f) for t in texts for f in forms):
            return citations
        return [c for c, t in zip(citations, texts) if not of_others(t, t, forms, self.names)]

    def _enclosing(self, retrieval: Retrieval) -> Callable[[Citation], tuple[int, int] | None]:
        """The document range of the indexed sentence a citation's quote lies in (the short answer's
        spans of it are made once and cached); None when its passage is not among the hits."""
        rows = {h.chunk.id: row for h, row in zip(retrieval.hits, retrieval.rows)}
        store = self.extractive.store

        def enclosing(c: Citation) -> tuple[int, int] | None:
            row = rows.get(c.chunk_id)
            if row is None:
                return None
            for i in store.sentences_of(row):
                s = store.sentences[i]
                if s.start <= c.quote_start and c.quote_end <= s.end:
                    return s.start, s.end
            return None

        return enclosing

    # ---- public API ----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        *_, final = self.ask_stream(question, history)  # the last item is the complete Answer
        return final

    def inspect(self, question: str, history: Sequence[str] = ()) -> Inspection:
        """Everything the pipeline decides before answering: resolution, passages, evidence, refusal."""
        t0 = time.perf_counter()
        q, resolved, notice = self.prepare(question, history)
        earlier = context_of(q, self.recent(history), self.bridge)[: self.cfg.max_question_chars]
        retrieval = self.retriever.retrieve(resolved, max(self.cfg.top_k, self.cfg.answer_passages), earlier)
        t1 = time.perf_counter()
        info = analyse(resolved)
        if retrieval.translated:  # an English question on a Chinese corpus: its words in the corpus's language
            words = tuple(dict.fromkeys(w for ws in retrieval.translated.values() for w in ws))
            info = replace(info, terms=info.terms + tuple(w for w in words if w not in info.terms))
        request = AnswerRequest(resolved, retrieval.hits[: self.cfg.answer_passages], info.lang,
                                retrieval.query_vector, tuple(history), info, self.scope)
        cands = self.extractive.candidates(request, info) if request.hits else []
        context = _memo(lambda c: self.extractive.context(request, c, self.names.names_in))
        forms, _ = self.names.question_forms(info)
        best = cands[0] if cands else None
        # across languages the sentence score leans on a few translated words (chip -> 芯片), so a sentence
        # about another party outscores the subject's for a name asked too (Baidu's chip vs OpenAI's)
        kinds = ("number",) if info.lang == self.corpus_lang else ("number", "name")
        # (the corpus's words for a one-word measure it never writes: 收入 for 营收)
        synonyms = self.measure_synonyms(info) if info.lang == self.corpus_lang else ()
        cands = subject_first(info, cands, context, self.extractive.add_margin, forms, self.names.names_in, kinds,
                              synonyms)
        cands = figure_first(info, cands, self.extractive.add_margin, forms, self.names.names_in)
        if info.lang == self.corpus_lang == "en":  # (a Chinese corpus's periods are read by rag.evidence.periods;
            cands = year_first(info, cands, context)  # 较2024年 names a year as the base of a change)
        cands = superlative_first(info, cands, context, forms)
        cands = thing_first(info, cands, context, forms)
        cands = person_first(info, cands, context, forms)
        lexical = self.extractive.store.lexical
        if retrieval.translated:  # (the asked words' translations: the sentence score leans on a few of them)
            heads = self.names.asked_heads(info, retrieval.translated)
            cands = measure_first(info, cands, heads, context, forms, self.names.names_in)
        elif info.lang == self.corpus_lang and lexical is not None:  # a compound measure (研发投入), held whole
            measure = [w.lower() for w in measure_compound_zh(info.text, lexical.has) if lexical.has(w)]
            if len(measure) >= 2:
                cands = measure_first(info, cands, measure, context, forms, self.names.names_in, whole=True)
            elif synonyms:  # (营收 asked, 收入 written: the sentence score cannot see it)
                cands = measure_first(info, cands, synonyms, context, forms, self.names.names_in)
        if cands and cands[0] is not best and cands[0].hit_n != 1:
            # the top passage was about another party: the one about the question's subject leads
            retrieval, request = lead_with(retrieval, request, cands, cands[0].hit_n)
        signals = self.signals(request, info, cands, context, retrieval.translated) if cands else None
        if not cands:
            decision = Decision(REFUSE, {REFUSE: 1.0})
        elif not self.cfg.refusal:
            decision = Decision(ANSWER, {ANSWER: 1.0})
        else:
            decision = self.decide(signals, info, cands[0], context, request)
        timings = {**retrieval.timings_ms, "retrieve": (t1 - t0) * 1000}
        return Inspection(q, resolved, notice, retrieval, info, request, cands, signals, decision, timings, t0, context)

    def ask_stream(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        x = self.inspect(question, history)
        t1 = time.perf_counter()
        partial = Answer(x.question, "", False, (), x.retrieval.hits[: self.cfg.top_k], {}, x.resolved, x.notice, (),
                         self.answerer.name)
        draft: Draft | None = None
        hits, qualified = x.request.hits, x.decision.qualified
        composite = self.composite(x)
        if composite is not None:  # parts or sides, each answered and cited on its own
            draft, hits, qualified = composite
            yield replace(partial, text=draft.text)
        elif x.refuse:
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
        text, citations, uncited = resolve_citations(draft, hits, self.documents)
        short = None
        if composite is None and not draft.refused and not qualified and citations:
            short = short_answer(x.info, self._own_figures(x.info, citations), self.documents,
                                 self.bridge.english_name if self.bridge else None, self._enclosing(x.retrieval))
        timings = dict(x.timings_ms)
        timings["answer"] = (time.perf_counter() - t1) * 1000
        timings["total"] = (time.perf_counter() - x.started) * 1000
        notices = " ".join(n for n in (x.notice, draft.notice) if n)
        yield replace(partial, text=text, refused=draft.refused, citations=citations,
                      timings_ms=timings, notice=notices, uncited=uncited, qualified=qualified,
                      **({"short": short.text, "short_start": short.start, "short_end": short.end,
                          "short_citation": short.citation, "short_en": short.english} if short else {}))

    # ---- questions with more than one part ---------------------------------------------------
    def composite(self, x: Inspection) -> tuple[Draft, tuple[Hit, ...], bool] | None:
        """For a question about the documents as a whole, an overview (rag.answer.overview); for a
        comparison or a question with several parts, each side or part answered on its own, then put
        together (rag.answer.compose); None for a question that asks one thing."""
        if x.info.kind == "overview":
            return *overview(self.extractive.store, self.cfg.overview_sentences), False
        comparison = comparison_of(x.resolved, self.names.is_party)
        if comparison is not None:
            return self.compare(x, comparison)
        parts = split_parts(x.resolved)
        if len(parts) < 2:
            return None
        resolved = [resolve_followup(p, parts[:i], None, self.bridge) if i else p for i, p in enumerate(parts)]
        answers: list[PartAnswer] = []
        for i, part in enumerate(resolved):
            if i and answers[-1].draft.refused and about_answer_of(parts[i], parts[i - 1]):
                answers.append(answers[-1])  # (who is not told, so nothing of that person is)
            else:
                answers.append(self.answer_part(part))
        if all(a.draft.refused for a in answers) and not x.refuse:
            return None  # no part stands on its own, the question as a whole does
        return *combine(answers, " " if x.info.lang == "en" else ""), _qualified(answers)

    def answer_part(self, question: str) -> PartAnswer:
        """One part of a question answered from its own passages (extractive), refused or qualified."""
        x = self.inspect(question)
        if x.refuse:
            missing = x.signals.missing if x.signals else ()
            return PartAnswer(Draft(refusal_text(x.info.lang, missing, self.scope), refused=True), ())
        if x.decision.qualified:
            return PartAnswer(self.qualified_draft(x), x.request.hits, x.candidates[0], qualified=True)
        return PartAnswer(self.extractive.answer(x.request, x.candidates), x.request.hits, x.candidates[0])

    def compare(self, x: Inspection, comparison: Comparison) -> tuple[Draft, tuple[Hit, ...], bool]:
        """Each side quoted with its own citation, then the result made from the two quoted figures; qualified
        as a whole when a side is qualified."""
        lang = x.info.lang
        # the measure compared (谁增长更快: 增长) asked of each side, in words the corpus uses (not 营收盘子)
        lexical, measure = self.extractive.store.lexical, comparison.measure
        if measure and lexical is not None and not all(lexical.has(t) for t in content_terms(measure)):
            measure = ""
        questions = [side_question(f"{side}的{measure}" if measure and not _GROWTH.search(side) else side,
                                   comparison.relation, lang) for side in comparison.sides]
        answers = [self.answer_part(q) for q in questions]
        # a side the documents do not give, named as asked when its refusal names nothing (相关内容)
        if not all(a.draft.refused for a in answers):
            generic = refusal_text(lang, (), self.scope)
            answers = [replace(a, draft=replace(a.draft, text=refusal_text(lang, (side,), self.scope)))
                       if a.draft.refused and a.draft.text == generic else a for a, side in zip(answers, comparison.sides)]
        quotes = [quoted_sentences(a) for a in answers]
        read = [figure_of(a, comparison.relation, q, quotes[1 - i]) for i, (a, q) in enumerate(zip(answers, questions))]
        figures = [r[0] if r else None for r in read]
        draft, hits = combine(answers, " " if lang == "en" else "")
        # (one figure read for both sides, each quoting the other's sentence too: no result can be made from it)
        same = figures[0] is not None and figures[0] == figures[1]
        # each figure cites the passage it is read from (rag.answer.cite ties the mark to the quote holding it)
        numbers = [passage_number(hits, a, r[1]) if r else 0 for a, r in zip(answers, read)]
        marks = tuple(f"[{n}]" if n else "" for n in numbers)
        result = "" if same else comparison_sentence(lang, figures[0], figures[1], comparison.relation, marks)
        if result:
            draft = replace(draft, text=draft.text + (" " if lang == "en" else "") + result)
        # (a side qualified, its figure not the one asked, or a side the documents do not give, named as such beside
        # the other's figure: the comparison is not answered as asked, whatever the other side says)
        return draft, hits, any(a.qualified for a in answers) or (not draft.refused and any(
            a.draft.refused and not self._told_beside(side, answers) for a, side in zip(answers, comparison.sides)))

    def _told_beside(self, side: str, answers: Sequence[PartAnswer]) -> bool:
        """A side the documents do not give alone is still told beside the other's figure when the other's quote
        names its party or year (较2024年全年激增170%: the 2024 side of 2025年前9个月…是2024年一整年的几倍)."""
        marks = set(self.names.names_in(side)) | set(re.findall(r"(?:19|20)\d{2}", side))
        told = " ".join(s for a in answers if not a.draft.refused for s in quoted_sentences(a))
        return bool(marks) and all(m in told for m in marks)

    def decide(self, signals: EvidenceSignals, info: QuestionInfo, best: Candidate,
               context: Callable[[Candidate], str], request: AnswerRequest | None = None) -> Decision:
        """Answer, qualify or refuse. A qualification must name what differs (another party, period, a
        plan); when nothing can be named, the question is answered or refused. With decision "rules"
        (rag.evidence.rules) the rules alone refuse; where the learned model would not answer and what
        differs can be named, the answer is qualified."""
        if signals.measure_elsewhere and not self.rules.refuse(replace(signals, subject_quantity_missing=False)):
            # the measure asked is told of others only, and nothing else is amiss: the subject's own figure
            # is quoted, saying the documents do not give that measure for it
            return Decision(QUALIFY, {QUALIFY: 1.0})
        if signals.joint_figure and not self.rules.refuse(signals):
            # the figure is the subject's together with others': quoted, saying the subject's own is not given
            return Decision(QUALIFY, {QUALIFY: 1.0})
        if self.cfg.decision == "rules" and self.rules.refuse(signals):
            return Decision(REFUSE, {REFUSE: 1.0})
        differs = self.differs(info, best, context, request)
        if differs.decisive:  # the evidence is about another part of the year or span of years
            return Decision(QUALIFY, {QUALIFY: 1.0})
        if self.cfg.decision == "rules":  # the rules own refusing: the model's doubt becomes a qualification
            # (not on years alone: a passage about many years often answers from another of its sentences)
            if not differs.named or differs.kind == PERIOD:
                return Decision(ANSWER, {ANSWER: 1.0})  # nothing to name: the model is not asked
            decision = self.decision_model.decide(signals)
            return Decision(QUALIFY if decision.kind != ANSWER else ANSWER, decision.p)
        decision = self.decision_model.decide(signals)
        if decision.qualified and not differs.named:
            decision = self.decision_model.decide(signals, exclude=(QUALIFY,))
        return decision

    def differs(self, info: QuestionInfo, best: Candidate, context: Callable[[Candidate], str],
                request: AnswerRequest | None = None) -> Qualification:
        """What the best evidence is about instead of what was asked (rag.evidence.qualify); with the
        request, its passage and document title are read too."""
        chunk = request.hits[best.hit_n - 1].chunk if request else None
        # (a heading naming several parties that opens the passage does not name the subject for it)
        passage = passage_body(chunk, self.names.names_in).lower() if chunk else ""
        title = chunk.title.lower() if chunk else ""
        # the subject's own forms: another name of the question (CEO in "Who is Baidu's CEO?") says
        # nothing of whose the sentence is (what_differs leaves the question's words out of the others)
        forms = self.names.subject_forms(info)
        # (a subject known only in part, China of China Merchants Bank, cannot be missed from a passage)
        differs = what_differs(info, best.text, context(best), forms, self.names.names_in, passage, title,
                               self.names.subject_whole(info))
        if differs.kind == PARTY:
            asked = self.names.names_in(differs.asked)
            if not asked or (not differs.decisive and any(n in best.text.lower() for n in asked)):
                # no name in what was asked (生物学家, 时候), or the sentence names it after all (and does
                # not open with another party where a figure is asked): no other party, but perhaps
                # another period (第三季度 asked, 1-9月 told), or (decisively) a plan or order where what has
                # already happened is asked
                other = what_differs(info, best.text, context(best), (), self.names.names_in, passage)
                return other if other.kind == PERIOD or other.decisive else Qualification(OTHER)
        return differs

    def qualified_draft(self, x: Inspection) -> Draft:
        """The best evidence quoted after a sentence saying what it is about instead of what was asked."""
        best = x.candidates[0]
        if x.signals is not None and x.signals.measure_elsewhere:
            # the measure is given for others only: what the documents give of the subject with a figure
            forms = [f for f in self.names.subject_forms(x.info) if f]
            best = next((c for c in x.candidates[:DEPTH] if own_figure_of(x.info, c, forms)), best)
            differs = Qualification(MEASURE, x.info.subject, x.signals.measure_elsewhere)
        elif x.signals is not None and x.signals.joint_figure:
            differs = Qualification(JOINT, x.signals.joint_figure)
        else:
            differs = self.differs(x.info, best, x.context, x.request)
        note = qualification_text(x.info.lang, differs.kind, differs.asked, differs.given, self.scope)
        quoted = self.extractive.answer(x.request, [best])
        return replace(quoted, text=note + quoted.text)


def _qualified(answers: Sequence[PartAnswer]) -> bool:
    """Parts or sides qualified as a whole: none answered as asked, each saying what the documents give instead."""
    return any(a.qualified for a in answers) and all(a.qualified or a.draft.refused for a in answers)


_GROWTH = re.compile(r"增速|增长|增幅|涨幅")  # a side that names its growth itself (阿里云的收入增速)


_ASKS_AMOUNT_ZH = re.compile(r"多少|几[个家项位年倍]|什么时候|哪一?年")


def side_question(side: str, relation: str, lang: str) -> str:
    """A question asking one side of a comparison for its figure (or its date)."""
    when = relation in ("earlier", "later")
    if lang == "en":
        return f"When was {side}?" if when else f"How much is {side}?"
    if _ASKS_AMOUNT_ZH.search(side):  # (阿里这些年搞研发砸了多少钱: asked already)
        return f"{side}？"
    return f"{side}是什么时候？" if when else f"{side}是多少？"


def cited_sentences(answer: PartAnswer) -> list[tuple[str, int]]:
    """The sentences a part's answer quotes, without their citation marks and end marks, each with the part's
    number of the passage it cites (0 for none)."""
    out = []
    for piece in re.split(r"(?<=[。！？!?])", answer.draft.text):
        if piece.strip():
            cited = re.search(r"\[(\d+)\]", piece)
            out.append((re.sub(r"\[\d+\]", "", piece).strip().rstrip("。！？!?"), int(cited.group(1)) if cited else 0))
    return out


def quoted_sentences(answer: PartAnswer) -> list[str]:
    """The sentences a part's answer quotes, without their citation marks and end marks."""
    return [s for s, _ in cited_sentences(answer)]


def figure_of(answer: PartAnswer, relation: str, question: str = "",
              other: Sequence[str] = ()) -> tuple[Quantity, int] | None:
    """The figure the side's quoted sentences give, with the part's number of the passage it is read from: a
    year for earlier/later, another quantity otherwise; the one inside the short answer to the side's
    `question` when there is one (the quote may give the revenue before the cash burn asked). A sentence the
    `other` side quotes too is left out when the side quotes more: it was quoted for its time or subject
    (2025年上半年…百度…36% before 同期,阿里云…22%)."""
    if answer.best is None or answer.draft.refused or answer.qualified:
        return None  # (a qualified side's figure is not the one asked: no result is made from it)
    cited = cited_sentences(answer)
    cited = [(s, n) for s, n in cited if not any(o in s or s in o for o in other)] or cited
    quoted = [s for s, _ in cited]
    span = best_span_in(analyse(question), quoted) if question and quoted else None
    inside = [read_quantity(m.group(0)) for m in QUANTITY.finditer(span.text)] if span else []
    best = [read_quantity(m.group(0)) for m in QUANTITY.finditer(answer.best.text)]
    # the short answer's figure when it gives one of the kind compared (not 2025年初 for an amount), else the best's
    for quantities, source in (([q for q in inside if q is not None], cited[span.sentence][1] if span else 0),
                               ([q for q in best if q is not None], answer.best.hit_n)):
        if relation in ("earlier", "later"):
            wanted = [q for q in quantities if q.kind == "year"]
        else:  # what a figure is most likely to be about: an amount before a share, a count, a span of time
            rank = {"money": 0, "percent": 1, "count": 2, "number": 3, "duration": 4}
            wanted = sorted((q for q in quantities if q.kind in rank), key=lambda q: rank[q.kind])
        if wanted:
            return wanted[0], source or answer.best.hit_n
    return None


def passage_number(hits: tuple[Hit, ...], answer: PartAnswer, n: int) -> int:
    """The combined number of a part's passage `n` (0 when it has none)."""
    if not 1 <= n <= len(answer.hits):
        return 0
    chunk = answer.hits[n - 1].chunk.id
    return next((k for k, h in enumerate(hits, 1) if h.chunk.id == chunk), 0)


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
    signals: EvidenceSignals | None
    decision: Decision
    timings_ms: dict
    started: float
    context: Callable[[Candidate], str]  # a candidate's sentence with the one before it and its heading

    @property
    def refuse(self) -> bool:
        return self.decision.refused
