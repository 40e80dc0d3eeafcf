"""Per-question metrics: pure functions of one pipeline record (the `--json` object) and its EvalItem.

Each returns a float in [0, 1], or None when it does not apply to the question (e.g. retrieval
metrics for an unanswerable question). Aggregation and confidence intervals live in eval.stats.
"""

from __future__ import annotations

import math
import re
import unicodedata

from eval.dataset import EvalItem
from eval.normalize import CITATION_MARKER, contains, normalize, strip_citations, tokens

# Sentence ends: after 。！？!?, at a line break, or at a Latin full stop before whitespace.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n|(?<=\.)\s+")
# 1800, 1,800, 635.25, 50%: thousands separators only in groups of three.
_NUMBER = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?%?")

METRIC_KEYS = (
    "hit@1", "hit@3", "hit@5", "recall@5", "recall@10", "mrr@10", "ndcg@10",
    "key_fact_accuracy", "cmrc_em", "cmrc_f1", "answer_containment",
    "short_em", "short_f1", "short_key_fact_accuracy", "short_given",
    "citation_precision", "citation_coverage", "numeric_faithfulness",
    "refused_correctly", "false_refusal",
)  # fmt: skip


# ---- retrieval ----------------------------------------------------------------------------------


def _passages(record: dict) -> list[dict]:
    return sorted(record.get("passages") or [], key=lambda p: p.get("rank", 0))


def _support_units(item: EvalItem) -> list[tuple[str, ...]]:
    """What a supporting passage must contain: each support string, else each key-fact group."""
    if item.support:
        return [(s,) for s in item.support]
    return [g for g in item.key_facts if g]


def _found(passage: dict, item: EvalItem, unit: tuple[str, ...]) -> bool:
    in_gold_doc = not item.doc_ids or passage.get("doc_id") in item.doc_ids
    return in_gold_doc and any(contains(passage.get("text", ""), s) for s in unit)


def _relevance(record: dict, item: EvalItem) -> list[bool] | None:
    """Per retrieved passage (rank order): in a gold document (if any) and holding a support unit."""
    units = _support_units(item)
    if not item.answerable or not units:
        return None
    return [any(_found(p, item, u) for u in units) for p in _passages(record)]


def hit_at(record: dict, item: EvalItem, k: int) -> float | None:
    """1.0 when any of the top-k passages is relevant."""
    rel = _relevance(record, item)
    return None if rel is None else float(any(rel[:k]))


def recall_at(record: dict, item: EvalItem, k: int) -> float | None:
    """Fraction of the item's support strings (or, without any, key-fact groups) that occur in at
    least one of the top-k passages from a gold document (any document when doc_ids is empty)."""
    units = _support_units(item)
    if not item.answerable or not units:
        return None
    top = _passages(record)[:k]
    return sum(any(_found(p, item, u) for p in top) for u in units) / len(units)


def mrr_at_10(record: dict, item: EvalItem) -> float | None:
    """1 / rank of the first relevant passage in the top 10; 0.0 when there is none."""
    rel = _relevance(record, item)
    if rel is None:
        return None
    return next((1.0 / (i + 1) for i, r in enumerate(rel[:10]) if r), 0.0)


def ndcg_at_10(record: dict, item: EvalItem) -> float | None:
    """Binary-relevance nDCG@10; the ideal ranking puts all relevant retrieved passages (at most 10)
    first, so it rewards ordering, not finding more. 0.0 when no retrieved passage is relevant."""
    rel = _relevance(record, item)
    if rel is None:
        return None
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(rel[:10]) if r)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(sum(rel), 10)))
    return dcg / ideal if ideal else 0.0


# ---- answers ------------------------------------------------------------------------------------


def key_fact_accuracy(record: dict, item: EvalItem) -> float | None:
    """1.0 when the answer holds one string of every key-fact group (the reference answer stands in
    for missing key facts); a refusal of an answerable question scores 0.0."""
    groups = item.key_facts or ((item.reference_answer,) if item.reference_answer else ())
    if not item.answerable or not groups:
        return None
    if declined(record):
        return 0.0
    answer = record.get("answer", "")
    return float(all(any(contains(answer, s) for s in g) for g in groups))


def _acceptable(item: EvalItem) -> list[str]:
    """The strings of key-fact group 0 and the reference answer, non-blank and de-duplicated."""
    strings = (item.key_facts[0] if item.key_facts else ()) + (item.reference_answer,)
    return [s for s in dict.fromkeys(strings) if normalize(s)]


def _references(item: EvalItem) -> list[list[str]]:
    """Token lists of the acceptable answers."""
    return [r for r in map(tokens, _acceptable(item)) if r]


def _longest_common_run(a: list[str], b: list[str]) -> int:
    """Length of the longest contiguous token run shared by a and b."""
    best, prev = 0, [0] * (len(b) + 1)
    for x in a:
        row = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                row[j] = prev[j - 1] + 1
                best = max(best, row[j])
        prev = row
    return best


def f1_tokens(pred: list[str], ref: list[str]) -> float:
    """CMRC 2018 F1: precision and recall of the longest common contiguous token run."""
    lcs = _longest_common_run(pred, ref)
    if lcs == 0:
        return 0.0
    p, r = lcs / len(pred), lcs / len(ref)
    return 2 * p * r / (p + r)


def _prediction(record: dict) -> list[str]:
    return [] if declined(record) else tokens(record.get("answer", ""))


def _short(record: dict) -> list[str]:
    """The short answer's tokens, or the whole answer's when it has no short answer (a refusal is empty)."""
    return [] if declined(record) else tokens(record.get("short") or record.get("answer", ""))


def short_em(record: dict, item: EvalItem) -> float | None:
    """CMRC exact match of the short answer (the whole answer when there is none)."""
    return _exact_match(_short(record), item)


def short_f1(record: dict, item: EvalItem) -> float | None:
    """CMRC F1 of the short answer (the whole answer when there is none)."""
    return _best_f1(_short(record), item)


def short_key_fact_accuracy(record: dict, item: EvalItem) -> float | None:
    """Key-fact accuracy of the short answer alone, on the questions that got one."""
    short = record.get("short") or ""
    groups = item.key_facts or ((item.reference_answer,) if item.reference_answer else ())
    if not item.answerable or not groups or not short or declined(record):
        return None
    text = f"{short} {record.get('short_en') or ''}"
    return float(all(any(contains(text, s) for s in g) for g in groups))


def short_given(record: dict, item: EvalItem) -> float | None:
    """1.0 when an answered question got a short answer."""
    if not item.answerable or declined(record):
        return None
    return float(bool(record.get("short")))


def cmrc_em(record: dict, item: EvalItem) -> float | None:
    """1.0 when the answer's tokens equal those of any acceptable answer (a refusal is empty)."""
    return _exact_match(_prediction(record), item)


def cmrc_f1(record: dict, item: EvalItem) -> float | None:
    """Best CMRC 2018 F1 of the answer against any acceptable answer (a refusal scores 0.0)."""
    return _best_f1(_prediction(record), item)


def _exact_match(pred: list[str], item: EvalItem) -> float | None:
    refs = _references(item)
    if not item.answerable or not refs:
        return None
    return float(any(pred == r for r in refs))


def _best_f1(pred: list[str], item: EvalItem) -> float | None:
    refs = _references(item)
    if not item.answerable or not refs:
        return None
    return max(f1_tokens(pred, r) for r in refs) if pred else 0.0


def answer_containment(record: dict, item: EvalItem) -> float | None:
    """1.0 when the answer contains the reference answer or any key-fact string of group 0."""
    strings = _acceptable(item)
    if not item.answerable or not strings:
        return None
    if declined(record):
        return 0.0
    return float(any(contains(record.get("answer", ""), s) for s in strings))


# ---- citations ----------------------------------------------------------------------------------


def cited_numbers(text: str) -> list[int]:
    """The n of every [n] marker in the text, in order."""
    return [int(n) for m in CITATION_MARKER.finditer(text) for n in re.findall(r"\d+", m.group())]


def answer_sentences(answer: str) -> list[str]:
    """Answer sentences with their markers; a marker placed after the full stop ("。[1]") joins the
    sentence before it, and sentences without any text are dropped."""
    out: list[str] = []
    for part in _SENTENCE_END.split(answer):
        if normalize(part):
            out.append(part)
        elif out and cited_numbers(part):
            out[-1] += part
    return out


def citation_precision(record: dict, item: EvalItem) -> float | None:
    """Fraction of the answer's citations whose passage holds a support or key-fact string."""
    citations = record.get("citations") or []
    strings = list(item.support) + [s for g in item.key_facts for s in g]
    if not item.answerable or not citations or not strings:
        return None
    good = sum(any(contains(c.get("text", ""), s) for s in strings) for c in citations)
    return good / len(citations)


def citation_coverage(record: dict, item: EvalItem) -> float | None:
    """Fraction of answer sentences carrying at least one [n] whose n is among the citations."""
    if record.get("refused"):
        return None
    valid = {c.get("n") for c in record.get("citations") or []}
    sentences = answer_sentences(record.get("answer", ""))
    if not sentences:
        return None
    return sum(any(n in valid for n in cited_numbers(s)) for s in sentences) / len(sentences)


def numbers(text: str) -> set[str]:
    """Numbers stated in the text (citation markers aside), without thousands separators."""
    text = unicodedata.normalize("NFKC", strip_citations(text))
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def _number_forms(text: str) -> set[str]:
    """Numbers a passage states; a percentage there also vouches for the bare number."""
    return {form for n in numbers(text) for form in (n, n.rstrip("%"))}


def numeric_faithfulness(record: dict, item: EvalItem) -> float | None:
    """1.0 when every number in the answer occurs in a passage its sentence cites (a sentence that
    cites nothing may use any cited passage); None when the answer states no number or refuses."""
    if record.get("refused"):
        return None
    by_n = {c.get("n"): c.get("text", "") for c in record.get("citations") or []}
    checked = False
    for sentence in answer_sentences(record.get("answer", "")):
        stated = numbers(sentence)
        if not stated:
            continue
        checked = True
        texts = [by_n[n] for n in cited_numbers(sentence) if n in by_n] or list(by_n.values())
        available = set().union(*(_number_forms(t) for t in texts))
        if not stated <= available:
            return 0.0
    return 1.0 if checked else None


# ---- refusal and the whole record ---------------------------------------------------------------


def declined(record: dict) -> bool:
    """The answer does not answer the question as asked: a refusal, or a qualified answer (the
    documents give this for another party or period, quoted as such)."""
    return bool(record.get("refused") or record.get("qualified"))


def decision(record: dict) -> str:
    """ "answer", "qualified" or "refused"."""
    return "refused" if record.get("refused") else "qualified" if record.get("qualified") else "answer"


def refused_correctly(record: dict, item: EvalItem) -> float | None:
    """1.0 when an unanswerable question is refused or answered with a qualification."""
    return None if item.answerable else float(declined(record))


def false_refusal(record: dict, item: EvalItem) -> float | None:
    """1.0 when an answerable question is refused, or answered only with a qualification."""
    return float(declined(record)) if item.answerable else None


def score_record(record: dict, item: EvalItem) -> dict[str, float | None]:
    """Every metric of one question, keyed as in METRIC_KEYS."""
    return {
        "hit@1": hit_at(record, item, 1),
        "hit@3": hit_at(record, item, 3),
        "hit@5": hit_at(record, item, 5),
        "recall@5": recall_at(record, item, 5),
        "recall@10": recall_at(record, item, 10),
        "mrr@10": mrr_at_10(record, item),
        "ndcg@10": ndcg_at_10(record, item),
        "key_fact_accuracy": key_fact_accuracy(record, item),
        "cmrc_em": cmrc_em(record, item),
        "cmrc_f1": cmrc_f1(record, item),
        "answer_containment": answer_containment(record, item),
        "short_em": short_em(record, item),
        "short_f1": short_f1(record, item),
        "short_key_fact_accuracy": short_key_fact_accuracy(record, item),
        "short_given": short_given(record, item),
        "citation_precision": citation_precision(record, item),
        "citation_coverage": citation_coverage(record, item),
        "numeric_faithfulness": numeric_faithfulness(record, item),
        "refused_correctly": refused_correctly(record, item),
        "false_refusal": false_refusal(record, item),
    }
