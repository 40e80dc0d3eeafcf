"""Labelled examples for the answer / qualify / refuse decision, made from answerable questions.

Each answerable question gives up to four examples, the way reading-comprehension datasets make
unanswerable questions that still look close (SQuAD 2.0; Rajpurkar et al. 2018):
- as asked: "answer" when the evidence sentences hold a gold answer (else left out: retrieval failed);
- with its gold paragraph hidden: "refuse";
- about another subject (its subject replaced by another document's title): "qualify" when the best
  evidence still holds the original gold answer (the documents give it for another party), else "refuse";
- about another year or number: the same, "qualify" or "refuse";
- about another attribute (its focus word replaced by a noun of another document): "refuse";
- about another party the corpus names often (百度 -> 阿里云) or another period (上半年 -> 全年): "qualify"
  or "refuse", as for another subject; only when no sentence could answer the new question.
A dataset's own unanswerable questions are "refuse".
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from eval.dataset import EvalItem
from eval.normalize import contains
from rag.question.analyse import analyse
from rag.text.tokenize import pos_words

ANSWER, QUALIFY, REFUSE = "answer", "qualify", "refuse"
EVIDENCE_DEPTH = 3  # an answer holds one of the first this many evidence sentences
_NUMBER = re.compile(r"(?<!\d)(\d{2,4})(?!\d)")


@dataclass(frozen=True)
class Example:
    group: str  # the source question's id: its variants stay in one cross-validation fold
    variant: str  # asked, hidden, subject, number, attribute, unanswerable
    question: str
    label: str
    features: dict[str, float]
    source: str = ""  # the dataset it was made from: every dataset weighs the same in the fit


def holds_gold(cands, item: EvalItem, depth: int = EVIDENCE_DEPTH) -> bool:
    facts = [f for group in item.key_facts for f in group]
    return any(contains(c.text, f) for c in cands[:depth] for f in facts)


def swap_subject(item: EvalItem, titles: dict[str, str], texts: dict[str, str], rng: random.Random) -> str | None:
    """The question about another document's title, when it names its own document's title (or subject).
    Only a document whose text lacks what the question asks about (its focus words) is chosen: a
    generic question (X的意思是什么) could be answered for another subject too."""
    own = titles.get(item.doc_ids[0], "") if item.doc_ids else ""
    info = analyse(item.question)
    name = own if own and own in item.question else info.subject
    if not name or len(name) < 2 or name not in item.question:
        return None
    asked = [t for t in info.focus if len(t) >= 2 and t not in name.lower()]
    if not asked:
        return None
    others = [t for d, t in titles.items() if t and t != own and d not in item.doc_ids and t not in item.question
              and not any(a in texts.get(d, "").lower() for a in asked)]
    return item.question.replace(name, rng.choice(others), 1) if others else None


def swap_number(item: EvalItem, gold_text: str, rng: random.Random) -> str | None:
    """The question with a year or number changed to one its gold paragraph never writes."""
    m = _NUMBER.search(item.question)
    if not m:
        return None
    value = int(m.group(1))
    for _ in range(10):
        new = str(value + rng.choice([-3, -2, -1, 1, 2, 3]) * (1 if value > 1900 else max(1, value // 10)))
        if new not in gold_text:
            return item.question[: m.start(1)] + new + item.question[m.end(1):]
    return None


def swap_attribute(item: EvalItem, gold_text: str, nouns: list[str], rng: random.Random) -> str | None:
    """The question with the noun next to its question word replaced by a noun its gold paragraph lacks."""
    info = analyse(item.question)
    subject = info.subject.lower()
    focus = [t for t in reversed(info.focus) if len(t) >= 2 and t not in subject and re.search(r"[\u4e00-\u9fff]", t)]
    if not focus:
        return None
    word = next((w for w, flag in pos_words(item.question) if w.lower() == focus[0] and flag.startswith("n")), "")
    if not word:
        return None
    pool = [n for n in nouns if n not in gold_text and n not in item.question]
    return item.question.replace(word, rng.choice(pool), 1) if pool else None


# periods a question may name, and periods of the same kind to ask about instead (general Chinese, not
# one corpus's): a figure told for the first half is not one for the full year or a quarter
PERIODS = {
    "上半年": ("下半年", "全年", "第三季度", "第一季度"), "下半年": ("上半年", "全年"), "全年": ("上半年", "第二季度"),
    "第一季度": ("第二季度", "全年"), "第二季度": ("第三季度", "上半年"), "第三季度": ("第四季度", "上半年"),
    "今年": ("去年", "明年"), "去年": ("今年", "前年"), "近十年": ("近五年", "过去三年"), "近五年": ("近十年", "过去两年"),
    "未来三年": ("未来五年", "未来十年"), "未来五年": ("未来三年", "未来十年"), "过去两年": ("过去五年", "去年"),
}


def swap_period(item: EvalItem, gold_text: str, rng: random.Random) -> str | None:
    """The question about another period of the same kind, one its gold paragraph never names."""
    for period, others in PERIODS.items():
        if period in item.question:
            choices = [o for o in others if o not in gold_text and o not in item.question]
            return item.question.replace(period, rng.choice(choices), 1) if choices else None
    return None


def swap_party(item: EvalItem, parties: list[str], sentences: list[str], rng: random.Random) -> str | None:
    """The question about another party the corpus names often (百度 -> 阿里云), unless some sentence
    names that party together with what the question asks about (then it may well be answered)."""
    info = analyse(item.question)
    named = [p for p in parties if p in item.question]
    if not named:
        return None
    asked = [t for t in info.focus if len(t) >= 2 and not any(t in p or p in t for p in named)]
    if not asked:
        return None
    own = max(named, key=len)
    others = [p for p in parties if p not in own and own not in p and p not in item.question
              and not any(p in s and any(a in s for a in asked) for s in sentences)]
    return item.question.replace(own, rng.choice(others), 1) if others else None


def corpus_parties(sentences: list[str], names_in, least: int = 2) -> list[str]:
    """Names (of companies, people, places) the corpus mentions in at least `least` sentences."""
    counts: dict[str, int] = {}
    for s in sentences:
        for n in names_in(s):
            counts[n] = counts.get(n, 0) + 1
    return sorted((n for n, c in counts.items() if c >= least and len(n) >= 2), key=lambda n: (-counts[n], n))


def corpus_nouns(texts, limit: int = 3000) -> list[str]:
    """Frequent two- to four-character common nouns of a corpus: replacement attributes."""
    counts: dict[str, int] = {}
    for text in texts:
        for word, flag in pos_words(text[:3000]):
            if flag == "n" and 2 <= len(word) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                counts[word] = counts.get(word, 0) + 1
    return [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]]
