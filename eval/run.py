"""Run a dataset through a pipeline: one record per question (the `rag ask --json` object, the
dataset's labels and the question's metrics), written to `results.jsonl`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from eval.dataset import EvalItem
from eval.metrics import METRIC_KEYS, score_record
from rag.pipeline import Pipeline, QuestionError


def run_one(pipeline: Pipeline, item: EvalItem) -> dict:
    try:
        answer = pipeline.ask(item.question, item.history)
        record = answer.to_json()
        record["error"] = ""
    except QuestionError as e:
        record = {"question": item.question, "answer": "", "refused": True, "citations": [], "passages": [],
                  "timings_ms": {}, "error": str(e)}
    record.update({
        "id": item.id, "type": item.type, "lang": item.lang, "answerable": item.answerable,
        "history": list(item.history), "key_facts": [list(g) for g in item.key_facts],
        "reference_answer": item.reference_answer,
    })
    record["metrics"] = score_record(record, item)
    return record


def run_dataset(pipeline: Pipeline, items: Sequence[EvalItem], workers: int = 1, progress: bool = True,
                label: str = "questions") -> list[dict]:
    """Records in dataset order. Warms the pipeline first so the first question's timing is warm."""
    from tqdm import tqdm

    from index.load import warm_pipeline

    warm_pipeline(pipeline)  # load models and caches before timing anything
    with tqdm(total=len(items), desc=label, unit="q", disable=not progress, file=sys.stderr) as bar:
        if workers <= 1:
            records = []
            for item in items:
                records.append(run_one(pipeline, item))
                bar.update(1)
            return records
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_one, pipeline, item) for item in items]
            out = []
            for f in futures:
                out.append(f.result())
                bar.update(1)
            return out


def write_results(out_dir: str | Path, records: Sequence[dict]) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def read_results(path: str | Path) -> list[dict]:
    path = Path(path)
    if path.is_dir():
        path = path / "results.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def means(records: Sequence[dict], keys: Sequence[str] = METRIC_KEYS) -> dict[str, float | None]:
    out = {}
    for k in keys:
        vals = [r["metrics"][k] for r in records if r["metrics"].get(k) is not None]
        out[k] = sum(vals) / len(vals) if vals else None
    return out


def stamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
