"""Turn an answerer's `[n]` markers into Citations with exact offsets, for every answerer alike.

Markers naming no source are dropped; each valid marker is tied to the quoted span of its passage
that best matches the answer sentence it follows, or the words since the marker before when a sentence
cites in more than one place (36%[1]大于22%[2]); the extractive answerer says which spans it quoted,
and for free text the passage sentence sharing most character bigrams is chosen. Citations are
renumbered in order of first appearance, and answer sentences left without one are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.protocol import Draft
from rag.text.sentences import sentence_spans
from rag.types import Citation, Hit

MARKER = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+|\[\d+\]", "", text.lower())
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


def _best_span(answer_sentence: str, spans: Sequence[tuple[int, int]], doc_text: str) -> tuple[int, int]:
    target = _bigrams(answer_sentence)
    return max(spans, key=lambda se: (len(target & _bigrams(doc_text[se[0] : se[1]])), -se[0]))


def _claims(text: str, sentences: Sequence[tuple[int, int]]) -> dict[int, str]:
    """What each marker (by its offset) vouches for: its sentence; where a sentence has markers in more than
    one place (36%[1]大于22%[2]), the words since the place before (36%; 大于22%). Adjacent markers share."""
    groups: list[list[re.Match]] = []
    for m in MARKER.finditer(text):
        if groups and not text[groups[-1][-1].end() : m.start()].strip():
            groups[-1].append(m)
        else:
            groups.append([m])
    claims: dict[int, str] = {}
    for s, e in sentences or [(0, len(text))]:
        inside = [g for g in groups if s <= g[0].start() < e]
        start = s
        for g in inside:
            claim = text[start : g[0].start()]
            said = claim if len(inside) > 1 and re.search(r"\w", MARKER.sub("", claim)) else text[s:e]
            claims.update((m.start(), said) for m in g)
            start = g[-1].end()
    for m in MARKER.finditer(text):  # (a marker outside every sentence span: the whole text)
        claims.setdefault(m.start(), text)
    return claims


def resolve(draft: Draft, hits: Sequence[Hit],
            doc_text: Callable[[str], str]) -> tuple[str, tuple[Citation, ...], tuple[str, ...]]:
    """(answer text with renumbered markers, citations, sentences without a valid citation)."""
    if draft.refused:
        return MARKER.sub("", draft.text).strip(), (), ()
    # a marker written after the sentence's full stop belongs to that sentence
    text = re.sub(r"([。！？!?.])(\s*)((?:" + MARKER.pattern + r")+)", r"\3\1\2", draft.text)
    numbering: dict[tuple[int, int, int], int] = {}
    citations: list[Citation] = []
    out, cursor = [], 0
    sentences = sentence_spans(text)
    claims = _claims(text, sentences)
    for m in MARKER.finditer(text):
        out.append(text[cursor : m.start()])
        cursor = m.end()
        sentence = claims[m.start()]
        new_numbers = []
        for raw in re.split(r"\s*[,，、]\s*", m.group(1)):
            n = int(raw)
            if not 1 <= n <= len(hits):
                continue  # names no source: drop it
            hit = hits[n - 1]
            full = doc_text(hit.chunk.doc_id)
            spans = list(draft.quotes.get(n, ())) or sentence_spans(hit.chunk.text, base=hit.chunk.start) \
                or [(hit.chunk.start, hit.chunk.end)]
            qs, qe = _best_span(sentence, spans, full)
            key = (n, qs, qe)
            if key not in numbering:
                numbering[key] = len(numbering) + 1
                c = hit.chunk
                citations.append(Citation(numbering[key], c.id, c.doc_id, c.title, c.text, c.start, c.end,
                                          round(hit.score, 6), qs, qe, *c.pages_of(qs, qe)))
            if numbering[key] not in new_numbers:
                new_numbers.append(numbering[key])
        out.append("".join(f"[{k}]" for k in new_numbers))
    out.append(text[cursor:])
    final = "".join(out)
    uncited = tuple(
        final[s:e] for s, e in sentence_spans(final)
        if not re.search(r"\[\d+\]", final[s:e]) and re.search(r"\w", final[s:e])
    )
    return final, tuple(citations), uncited
