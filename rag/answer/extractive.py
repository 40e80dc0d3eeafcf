"""The offline default answerer: quote the one to three sentences that answer the question.

Sentences were split and embedded when the index was built; at question time `rag.evidence.score` scores
each sentence of the top passages (meaning, lexical overlap, the question's subject and answer-type
cue). The best sentence leads; more are added only when they cover terms the first misses.
Long sentences are trimmed to the clauses that carry the match. Every word is quoted, so the answer
is faithful by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rag.answer.protocol import AnswerRequest, Draft, stream_in_pieces
from rag.answer.refusal import refusal_text
from rag.embed.protocol import Embedder
from rag.evidence.constraints import names_several
from rag.evidence.cues import END_PUNCT, OPENS_WITH_PRONOUN, cue_score
from rag.evidence.score import COVER_SHORTLIST, SHORTLIST, Candidate, EvidenceScorer, SentenceStore
from rag.question.analyse import QuestionInfo, analyse
from rag.text.tokenize import has_han
from rag.types import Sentence

_CLAUSE = re.compile(r"[,，;；:：]")
# a noun pointed back to (这个趋势, 这一战略, 此类问题): the sentence that names it says what it is
_POINTS_BACK = re.compile(r"(?:这个|这一|这种|这项|这类|此类|该)([\u4e00-\u9fff]{2})")


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, store: SentenceStore, embedder: Embedder, max_sentences: int = 3, add_margin: float = 2.0):
        self.store = store
        self.scorer = EvidenceScorer(store, embedder)
        self.max_sentences = max_sentences
        self.add_margin = add_margin  # extra sentences must score within this of the best

    def candidates(self, request: AnswerRequest, info: QuestionInfo) -> list[Candidate]:
        return self.scorer.candidates(request, info, info.subject)

    def previous(self, request: AnswerRequest, c: Candidate) -> Sentence | None:
        """The sentence before the candidate in its passage, if any."""
        row = self.store.row_of.get(request.hits[c.hit_n - 1].chunk.id)
        prev = None
        for i in self.store.sentences_of(row) if row is not None else ():
            s = self.store.sentences[i]
            if s.end <= c.start:
                prev = s
        return prev

    def context(self, request: AnswerRequest, c: Candidate,
                names_in: Callable[[str], set[str]] | None = None) -> str:
        """The candidate's sentence with its passage's heading and the sentence before it, lower-cased.
        A heading that names several parties (a document title such as "OpenAI、Anthropic、百度与阿里云
        的算力之争") says no sentence under it is about one of them, so with `names_in` it is left out."""
        prev = self.previous(request, c)
        heading = request.hits[c.hit_n - 1].chunk.heading
        if names_in is not None and names_several(heading, names_in):
            heading = ""
        return f"{heading}\n{prev.text if prev else ''}\n{c.text}".lower()

    def select(self, request: AnswerRequest, info: QuestionInfo, cands: list[Candidate] | None = None) -> list[Candidate]:
        cands = self.candidates(request, info) if cands is None else cands
        if not cands:
            return []
        best = cands[0]
        chosen = [best]
        covered = set(best.matched)
        margin = self.add_margin * (2 if info.kind in ("list", "compare", "reason") else 1)
        for c in cands[1:SHORTLIST]:
            if len(chosen) >= self.max_sentences or best.score - c.score > margin:
                break
            if c.off_subject:
                continue
            if any(self.scorer.idf(t) > 1.0 for t in c.matched - covered):  # adds something the others miss
                chosen.append(c)
                covered |= c.matched
        if info.kind in ("compare", "list"):
            # a comparison needs a sentence for each side: cover every specific question term if a
            # reasonably good sentence holds it
            for term in info.terms:
                if len(chosen) >= self.max_sentences or term in covered or len(term) < 2 or self.scorer.idf(term) <= 1.0:
                    continue
                extra = next((c for c in cands[1:COVER_SHORTLIST] if term in c.matched and c not in chosen
                              and best.score - c.score <= self.add_margin * 3), None)
                if extra is not None:
                    chosen.append(extra)
                    covered |= extra.matched
        return chosen

    def with_antecedent(self, request: AnswerRequest, chosen: list[Candidate],
                        asked: str = "") -> list[tuple[int, int, int, str]]:
        """(source n, start, end, text) of the chosen sentences, each preceded by the sentence before it
        when it opens with a pronoun (双方/其/该/他们...) that only that sentence explains, or by the
        earlier sentence of its passage that says what it points back to, when that is what the
        question (`asked`) asks about (印证了这个趋势, asked 什么趋势: the sentence naming the trend)."""
        out: list[tuple[int, int, int, str]] = []
        said: set[tuple[int, int]] = set()
        for c in chosen:
            if (c.start, c.end) in said:
                continue  # said already, before a sentence pointing back to it
            before = self.previous(request, c) if OPENS_WITH_PRONOUN.match(c.text) else None
            if before is None:
                before = self.referent(request, c, asked)
            # (also when it is chosen itself further down: it is said where it explains)
            if before is not None and (before.start, before.end) not in said:
                said.add((before.start, before.end))
                out.append((c.hit_n, before.start, before.end, before.text))
            said.add((c.start, c.end))
            out.append((c.hit_n, c.start, c.end, c.text))
        return out

    def referent(self, request: AnswerRequest, c: Candidate, asked: str) -> Sentence | None:
        """The nearest earlier sentence of the candidate's passage naming the noun it points back to
        (这个趋势 -> the sentence with 趋势), when the question asks about that noun; else None."""
        row = self.store.row_of.get(request.hits[c.hit_n - 1].chunk.id)
        nouns = [m.group(1) for m in _POINTS_BACK.finditer(c.text) if m.group(1) in asked]
        if row is None or not nouns:
            return None
        found = None
        for i in self.store.sentences_of(row):
            s = self.store.sentences[i]
            if s.end <= c.start and any(n in s.text for n in nouns):
                found = s
        return found

    def answer(self, request: AnswerRequest, cands: list[Candidate] | None = None) -> Draft:
        info = request.info or analyse(request.question)
        chosen = self.select(request, info, cands)
        if not chosen:
            return Draft(refusal_text(request.lang, scope=request.scope), refused=True)
        # a run of consecutive sentences reads in order; otherwise the answering sentence comes first
        # and the ones that complete it follow in reading order
        lead_doc = request.hits[chosen[0].hit_n - 1].chunk.doc_id
        doc_of = lambda c: request.hits[c.hit_n - 1].chunk.doc_id  # noqa: E731
        in_order = sorted(chosen, key=lambda c: (doc_of(c) != lead_doc, c.start))
        if all(doc_of(a) == doc_of(b) and b.start - a.end <= 2 for a, b in zip(in_order, in_order[1:])):
            chosen = in_order
        else:
            chosen[1:] = sorted(chosen[1:], key=lambda c: (doc_of(c) != lead_doc, c.start))
        matched = {(c.start, c.end): c.matched for c in chosen}
        parts, quotes = [], {}
        for hit_n, c_start, _, c_text in self.with_antecedent(request, chosen, info.text):
            s, e = trim_to_clauses(c_text, info, matched.get((c_start, c_start + len(c_text)), frozenset()))
            text = c_text[s:e]
            end_punct = ""
            while text and text[-1] in END_PUNCT + "”’\"":
                if text[-1] in END_PUNCT:
                    end_punct = text[-1] + end_punct
                    text = text[:-1]
                else:
                    break
            start, stop = c_start + s, c_start + s + len(text)
            quotes.setdefault(hit_n, []).append((start, stop))
            sep = " " if parts and request.lang == "en" else ""
            # (a sentence that ends without a mark gets one in its own script)
            parts.append(f"{sep}{text}[{hit_n}]{end_punct or ('。' if has_han(text) else '.')}")
        return Draft("".join(parts), refused=False, quotes={n: tuple(v) for n, v in quotes.items()})

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        return stream_in_pieces(self.answer(request))


def trim_to_clauses(sentence: str, info: QuestionInfo, matched: frozenset[str]) -> tuple[int, int]:
    """(start, end) within `sentence` of the clauses that carry the match; the whole when unsafe.

    Only answers that are a number or a date are trimmed, and only when the clause holding it is
    kept: for other questions the answer often lies in the clause after the matched words."""
    if len(sentence) <= 60 or not matched or info.kind not in ("number", "time", "date") or cue_score(info, sentence) < 1:
        return 0, len(sentence)
    bounds, start = [], 0
    for m in _CLAUSE.finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    low = sentence.lower()
    keep = [i for i, (s, e) in enumerate(bounds) if any(t in low[s:e] for t in matched) or cue_score(info, sentence[s:e]) >= 1.0]
    if not keep:
        return 0, len(sentence)
    lo, hi = bounds[min(keep)][0], bounds[max(keep)][1]
    if hi - lo > 0.8 * len(sentence) or hi - lo < 8 or cue_score(info, sentence[lo:hi]) < 1:
        return 0, len(sentence)
    return lo, hi
