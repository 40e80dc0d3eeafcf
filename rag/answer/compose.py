"""One answer from the answers to the parts of a question, each keeping its own citations.

Each part was answered over its own passages; `combine` puts the passages of all parts into one
numbered list (a passage shared by two parts keeps one number) and renumbers every draft's `[n]`
markers and quoted spans to match. `comparison_sentence` states the result of a comparison from
the two quoted figures only (rag.answer.quantity), or nothing when they cannot be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.protocol import Draft
from rag.answer.quantity import Quantity, compare
from rag.evidence.score import Candidate
from rag.types import Hit

_MARKER = re.compile(r"\[(\d+)\]")
_PIECE = re.compile(r"[^。！？!?]*[。！？!?]\s*|[^。！？!?]+$")  # a sentence with what follows it, or the rest
_CLAUSE_MIN = 6  # characters a cited piece needs to be read as a clause of another


@dataclass(frozen=True)
class PartAnswer:
    draft: Draft
    hits: tuple[Hit, ...]  # the passages its [n] markers number, [1] = hits[0]
    best: Candidate | None = None  # the sentence it leads with
    qualified: bool = False  # it quotes what the documents give instead, saying so


def _said(piece: str) -> str:
    """A cited piece as said: without its markers, spaces and closing punctuation (what pieces are compared by)."""
    return _MARKER.sub("", piece).strip().rstrip("。！？!?.；;，, ")


def _span_of(said: str, hit: Hit, spans) -> tuple[int, int] | None:
    """The quoted span of `hit`'s passage whose text is `said`, or None."""
    c = hit.chunk
    return next(((s, e) for s, e in spans if c.start <= s and e <= c.end and _said(c.text[s - c.start : e - c.start]) == said),
                None)


@dataclass
class _Said:
    """A cited piece kept in the answer: its text (markers renumbered), as said, its passage and quoted span."""
    text: str
    said: str
    n: int
    span: tuple[int, int] | None


def combine(parts: list[PartAnswer], separator: str = "") -> tuple[Draft, tuple[Hit, ...]]:
    """(the parts' drafts joined, their passages in one numbered list). A sentence an earlier part quoted is said
    once: again, or as a clause of it, it is dropped; the whole of a clause quoted earlier from the same passage
    takes the clause's place. A quoted span no longer said leaves its passage's quotes (rag.answer.cite ties a
    marker to one of them)."""
    hits: list[Hit] = []
    number_of: dict[str, int] = {}
    quotes: dict[int, tuple[tuple[int, int], ...]] = {}
    kept: list[_Said] = []
    per_part: list[list[str | _Said]] = []

    def unquote(n: int, span: tuple[int, int] | None) -> None:
        if span is not None and n in quotes:
            quotes[n] = tuple(s for s in quotes[n] if s != span)

    for part in parts:
        local = {}
        for n, hit in enumerate(part.hits, 1):
            if hit.chunk.id not in number_of:
                hits.append(hit)
                number_of[hit.chunk.id] = len(hits)
            local[n] = number_of[hit.chunk.id]
        for n, spans in part.draft.quotes.items():
            if n in local:
                quotes[local[n]] = tuple(dict.fromkeys(quotes.get(local[n], ()) + tuple(spans)))
        text = _MARKER.sub(lambda m, local=local: f"[{local.get(int(m.group(1)), 0)}]", part.draft.text)
        pieces: list[str | _Said] = []
        for piece in _PIECE.findall(text):
            marker = _MARKER.search(piece)
            if not marker:  # an uncited sentence is the part's own (a refusal, a qualification's opening)
                pieces.append(piece)
                continue
            n = int(marker.group(1))
            said = _said(piece)
            this = _Said(piece, said, n, _span_of(said, hits[n - 1], quotes.get(n, ())) if 1 <= n <= len(hits) else None)
            earlier = next((k for k in kept if said == k.said or (min(len(said), len(k.said)) >= _CLAUSE_MIN
                                                                    and (said in k.said or k.said in said))), None)
            if earlier is None:
                kept.append(this)
                pieces.append(this)
            elif said == earlier.said:
                continue  # said already (from this passage or one overlapping it)
            elif not (this.n == earlier.n and this.span and earlier.span):
                kept.append(this)  # (not known to be one sentence of one passage: kept as quoted)
                pieces.append(this)
            elif said in earlier.said:
                unquote(this.n, this.span)  # a clause of a sentence said already
            else:  # the whole sentence of a clause said earlier, said in its place
                unquote(earlier.n, earlier.span)
                trailing = earlier.text[len(earlier.text.rstrip()):]  # (the space after it, in English)
                earlier.text, earlier.said, earlier.span = this.text.rstrip() + trailing, this.said, this.span
        per_part.append(pieces)
    texts: list[str] = []
    for pieces in per_part:
        text = "".join(p.text if isinstance(p, _Said) else p for p in pieces).strip()
        if text and text not in texts:  # the same sentences answer two parts: said once
            texts.append(text)
    refused = all(p.draft.refused for p in parts)
    notice = " ".join(dict.fromkeys(p.draft.notice for p in parts if p.draft.notice))
    quotes = {n: spans for n, spans in quotes.items() if spans}
    return Draft(separator.join(texts), refused=refused, quotes=quotes, notice=notice), tuple(hits)


_RESULT = {
    ("zh", "larger"): "{a}大于{b}。", ("zh", "smaller"): "{a}小于{b}。",
    ("zh", "earlier"): "{a}早于{b}。", ("zh", "later"): "{a}晚于{b}。", ("zh", "same"): "两者相同：{a}。",
    ("zh", "ratio"): "{a}约为{b}的{r}倍。",
    ("en", "larger"): "{a} is larger than {b}.", ("en", "smaller"): "{a} is smaller than {b}.",
    ("en", "earlier"): "{a} is earlier than {b}.", ("en", "later"): "{a} is later than {b}.",
    ("en", "same"): "Both are {a}.", ("en", "ratio"): "{a} is about {r} times {b}.",
}


def comparison_sentence(lang: str, a: Quantity | None, b: Quantity | None, relation: str,
                        marks: tuple[str, str] = ("", "")) -> str:
    """The result of comparing side a with side b, from their figures, each followed by its mark (the citation
    of the sentence it is read from); "" when they do not compare (a side missing, different kinds or
    currencies, overlapping vague ranges)."""
    lang = "en" if lang == "en" else "zh"
    order = compare(a, b)
    if order is None:
        return ""
    shown_a, shown_b = a.stated + marks[0], b.stated + marks[1]
    if relation == "ratio":
        if not (a.exact and b.exact) or b.low == 0 or a.kind == "year":
            return ""
        r = a.low / b.low
        return _RESULT[(lang, "ratio")].format(a=shown_a, b=shown_b, r=f"{r:.1f}".rstrip("0").rstrip("."))
    if order == 0:
        return _RESULT[(lang, "same")].format(a=a.stated + "".join(dict.fromkeys(marks)))
    if a.kind == "year":
        key = "earlier" if order < 0 else "later"
    else:
        key = "larger" if order > 0 else "smaller"
    return _RESULT[(lang, key)].format(a=shown_a, b=shown_b)
