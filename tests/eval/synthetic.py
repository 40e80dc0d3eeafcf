"""Synthetic per-question records (the results.jsonl shape) for fast tests of aggregation and reports."""

from __future__ import annotations

import random

from eval.metrics import METRIC_KEYS


def make_record(i: int, *, answerable: bool = True, right: bool = True, refused: bool = False,
                type_: str = "number", lang: str = "zh", total_ms: float = 50.0, answer: str | None = None,
                question: str | None = None) -> dict:
    """One record; metrics follow from `answerable`, `right` and `refused` the way eval.metrics scores them."""
    metrics = dict.fromkeys(METRIC_KEYS)
    if answerable:
        metrics.update({"hit@1": 1.0 if right else 0.0, "hit@5": 1.0, "mrr@10": 1.0 if right else 0.5,
                        "key_fact_accuracy": float(right and not refused), "false_refusal": float(refused),
                        "citation_precision": None if refused else 1.0})
    else:
        metrics["refused_correctly"] = float(refused)
    text = "文章中没有提到。" if refused else (answer if answer is not None else f"答案{i}是42亿元[1]。")
    return {
        "id": f"q{i:03d}",
        "question": question if question is not None else f"问题{i}是什么？",
        "resolved_question": question if question is not None else f"问题{i}是什么？",
        "answer": text,
        "refused": refused,
        "citations": [] if refused else [{"n": 1, "chunk_id": "c1", "doc_id": "D1", "title": "T", "text": f"答案{i}是42亿元。",
                                          "start": 0, "end": 9, "score": 1.0, "quote_start": 0, "quote_end": 9}],
        "passages": [],
        "timings_ms": {"retrieve": total_ms * 0.8, "answer": total_ms * 0.2, "total": total_ms, "embed_query": total_ms / 2},
        "error": "",
        "type": type_ if answerable else "unanswerable",
        "lang": lang,
        "answerable": answerable,
        "history": [],
        "key_facts": [["42亿元"]] if answerable else [],
        "reference_answer": "42亿元" if answerable else "文章中没有提到",
        "metrics": metrics,
    }


def make_run(n: int = 40, accuracy: float = 0.8, seed: int = 0, unanswerable_every: int = 5) -> list[dict]:
    """n records, every `unanswerable_every`-th unanswerable; about `accuracy` of the rest right."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        answerable = i % unanswerable_every != 0
        right = rng.random() < accuracy
        out.append(make_record(i, answerable=answerable, right=right, refused=not answerable and right,
                               type_=("number", "name")[i % 2], lang=("zh", "en")[i % 3 == 0],
                               total_ms=20.0 + rng.random() * 100))
    return out
