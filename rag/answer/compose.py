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


@dataclass(frozen=True)
class PartAnswer:
    draft: Draft
    hits: tuple[Hit, ...]  # the passages its [n] markers number, [1] = hits[0]
    best: Candidate | None = None  # the sentence it leads with
    qualified: bool = False  # it quotes what the documents give instead, saying so


def combine(parts: list[PartAnswer], separator: str = "") -> tuple[Draft, tuple[Hit, ...]]:
    """(the parts' drafts joined, their passages in one numbered list)."""
    hits: list[Hit] = []
    number_of: dict[str, int] = {}
    texts, quotes, said = [], {}, set()
    for part in parts:
        local = {}
        for n, hit in enumerate(part.hits, 1):
            if hit.chunk.id not in number_of:
                hits.append(hit)
                number_of[hit.chunk.id] = len(hits)
            local[n] = number_of[hit.chunk.id]
        text = _MARKER.sub(lambda m, local=local: f"[{local.get(int(m.group(1)), 0)}]", part.draft.text)
        # a cited sentence an earlier part already quoted (the sentence before 但其..., quoted for both
        # sides of a comparison) is said once
        pieces = _PIECE.findall(text)
        text = "".join(p for p in pieces if not (_MARKER.search(p) and p.strip() in said)).strip()
        said.update(p.strip() for p in pieces if _MARKER.search(p))
        if text and text not in texts:  # the same sentences answer two parts: said once
            texts.append(text)
        for n, spans in part.draft.quotes.items():
            if n in local:
                quotes[local[n]] = tuple(dict.fromkeys(quotes.get(local[n], ()) + tuple(spans)))
    refused = all(p.draft.refused for p in parts)
    notice = " ".join(dict.fromkeys(p.draft.notice for p in parts if p.draft.notice))
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
