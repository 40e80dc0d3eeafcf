"""Explicit constraints a question puts on its answer, checked against the evidence sentences.

Meaning and word overlap say a sentence is *about* the question; they do not say it answers it.
Two constraints are cheap to check and decisive when broken:
- time scope: a question that names a year (百度2024年的研发投入, revenue in 2025) is answered only by
  a sentence that is about that year: the year is in the sentence, the sentence before it (同期...,
  其...) or its section heading, and the sentence has the kind of answer asked for;
- subject: the best sentence is about someone else. When a sentence that names the question's subject
  scores nearly as well, it leads instead; a question about a Latin-script name the corpus knows
  (Anthropic) whose best evidence names only other Latin-script names (OpenAI) is not answered there.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from rag.evidence import Candidate, cue_score
from rag.question import QuestionInfo

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.+&-]*[A-Za-z0-9]")

Context = Callable[[Candidate], str]  # a candidate's sentence with the one before it and its heading, lower-cased


def question_years(info: QuestionInfo) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_YEAR.findall(info.text)))


def scope_met(info: QuestionInfo, cands: Sequence[Candidate], context: Context, depth: int = 8) -> bool:
    """False when the question names years and no good candidate sentence is about all of them while
    holding the kind of answer asked for."""
    years = question_years(info)
    if not years or info.kind in ("time", "date"):  # 哪一年 asks for the year; a year in it is not a scope
        return True
    for c in cands[:depth]:
        if info.kind != "other" and cue_score(info, c.text) < 1.0:
            continue
        ctx = context(c)
        if all(y in ctx for y in years):
            return True
    return False


def _names(text: str) -> set[str]:
    return {m.lower() for m in _LATIN_NAME.findall(text) if len(m) >= 2 and (m[0].isupper() or any(ch.isupper() for ch in m[1:]))}


def subject_first(info: QuestionInfo, cands: list[Candidate], context: Context, margin: float) -> list[Candidate]:
    """The candidates with a sentence that names the question's subject moved to the front when the best
    one does not name it and the subject's sentence scores within `margin` with the answer type met."""
    subject = info.subject.lower()
    if not subject or not cands or info.kind in ("compare", "list") or subject in context(cands[0]):
        return cands
    best = cands[0]
    for c in cands[1:12]:
        if best.score - c.score > margin:
            break
        if subject in context(c) and cue_score(info, c.text) >= cue_score(info, best.text):
            return [c] + [x for x in cands if x is not c]
    return cands


def subject_conflict(info: QuestionInfo, cands: Sequence[Candidate], context: Context, corpus_has: Callable[[str], bool]) -> bool:
    """True when the question is about a Latin-script name the corpus knows (Anthropic) and the best
    evidence names other Latin-script names (OpenAI) but not this one."""
    if not cands or info.kind in ("compare", "list"):
        return False
    wanted = {n for n in _names(info.subject) if corpus_has(n)}
    if not wanted:
        return False
    ctx = context(cands[0])
    others = _names(cands[0].text) - wanted
    return not any(n in ctx for n in wanted) and bool(others)
