"""The English document sets: format, and every answer grounded in its own document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[2] / "eval" / "datasets" / "english"
TYPES = {"number", "name", "date", "place", "reason", "list", "definition",
         "trap-party", "trap-period", "trap-plan", "trap-nobody"}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module", params=["dev", "heldout", "heldout2"])
def dataset(request):
    docs = {d["id"]: d for d in _rows(FOLDER / request.param / "corpus.jsonl")}
    return docs, _rows(FOLDER / request.param / "qa.jsonl")


def test_documents_and_questions_are_well_formed(dataset):
    docs, qa = dataset
    assert len(docs) == 5 and all(d["title"] and len(d["text"].split()) >= 200 for d in docs.values())
    assert len({q["id"] for q in qa}) == len(qa) == 50
    assert all(q["lang"] == "en" and q["type"] in TYPES and q["history"] == [] for q in qa)
    assert sum(q["answerable"] for q in qa) == 32


def test_every_answer_is_written_in_its_document_and_every_trap_in_none(dataset):
    docs, qa = dataset
    for q in qa:
        if not q["answerable"]:
            assert q["key_facts"] == q["support"] == q["doc_ids"] == [] and q["type"].startswith("trap-")
            assert q["reference_answer"].startswith("The documents do not say")
            continue
        text = " ".join(docs[d]["text"] for d in q["doc_ids"])
        assert q["key_facts"] and all(any(fact in text for fact in group) for group in q["key_facts"]), q["id"]
        assert all(text.count(s) == 1 for s in q["support"]), q["id"]
