"""The evaluation datasets for the bundled article: format, grounding in the cleaned text, and coverage."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
DEV, HELD = "article.jsonl", "article_heldout.jsonl"
PARA, TRAPS, MULTI = "article_paraphrase.jsonl", "article_traps.jsonl", "article_multipart.jsonl"
OVERVIEW, FRESH, FRESH2 = "article_overview.jsonl", "article_fresh.jsonl", "article_fresh2.jsonl"
FRESH3, FRESH4, FRESH5 = "article_fresh3.jsonl", "article_fresh4.jsonl", "article_fresh5.jsonl"
FRESH6, FRESH7, FRESH8 = "article_fresh6.jsonl", "article_fresh7.jsonl", "article_fresh8.jsonl"
FRESH9, FRESH10, FRESH11 = "article_fresh9.jsonl", "article_fresh10.jsonl", "article_fresh11.jsonl"
FRESH12, FRESH13, FRESH14 = "article_fresh12.jsonl", "article_fresh13.jsonl", "article_fresh14.jsonl"
FRESH15, FRESH16, FRESH17 = "article_fresh15.jsonl", "article_fresh16.jsonl", "article_fresh17.jsonl"
FRESH18, FRESH19, FRESH20 = "article_fresh18.jsonl", "article_fresh19.jsonl", "article_fresh20.jsonl"
FRESH21, FRESH22, FRESH23 = "article_fresh21.jsonl", "article_fresh22.jsonl", "article_fresh23.jsonl"
FRESH24, FRESH25, FRESH26 = "article_fresh24.jsonl", "article_fresh25.jsonl", "article_fresh26.jsonl"
FRESH27 = "article_fresh27.jsonl"
ALL = (DEV, HELD, PARA, TRAPS, MULTI, OVERVIEW, FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9,
       FRESH10, FRESH11, FRESH12, FRESH13, FRESH14, FRESH15, FRESH16, FRESH17, FRESH18, FRESH19, FRESH20, FRESH21,
       FRESH22, FRESH23, FRESH24, FRESH25, FRESH26, FRESH27)
PREFIX = {DEV: "art", HELD: "held", PARA: "para", TRAPS: "trap", MULTI: "multi", OVERVIEW: "overview", FRESH: "fresh",
          FRESH2: "fresh2", FRESH3: "fresh3", FRESH4: "fresh4", FRESH5: "fresh5", FRESH6: "fresh6",
          FRESH7: "fresh7", FRESH8: "fresh8", FRESH9: "fresh9", FRESH10: "fresh10", FRESH11: "fresh11",
          FRESH12: "fresh12", FRESH13: "fresh13", FRESH14: "fresh14", FRESH15: "fresh15", FRESH16: "fresh16",
          FRESH17: "fresh17", FRESH18: "fresh18", FRESH19: "fresh19", FRESH20: "fresh20", FRESH21: "fresh21",
          FRESH22: "fresh22", FRESH23: "fresh23", FRESH24: "fresh24", FRESH25: "fresh25",
          FRESH26: "fresh26", FRESH27: "fresh27"}
DOC_ID = "full-stack-ai-cloud"
TRAP_TYPES = {"trap-party", "trap-period", "trap-plan", "trap-nobody"}
UNANSWERABLE = {"unanswerable"} | TRAP_TYPES
TYPES = {"number", "name", "list", "comparison", "reasoning", "followup", "definition", "multipart", "partial",
         "overview"} | UNANSWERABLE
FIELDS = {
    "id": str, "question": str, "reference_answer": str, "key_facts": list, "support": list,
    "doc_ids": list, "answerable": bool, "lang": str, "type": str, "history": list,
}
# for the reviewer: the dev question a paraphrase rewrites, the sentence that makes a trap tempting, what a
# careful answer to a trap would say, the part of a two-part question the article does not answer
OPTIONAL = {"paraphrase_of": str, "near": str, "qualify_with": str, "missing_part": str}
SENTENCE_END = re.compile(r"[。！？!?；;…\n]")  # a support string must not cross a sentence boundary
HAN = re.compile(r"[\u4e00-\u9fff]")


def _load(name: str) -> list[dict]:
    rows = []
    for n, line in enumerate((DATASETS / name).read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{n}: blank line"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def text() -> str:
    from rag.ingest.corpus import load_corpus

    doc = next(d for d in load_corpus().documents if d.id == DOC_ID)
    return doc.text


@pytest.fixture(scope="module", params=ALL)
def dataset(request) -> tuple[str, list[dict]]:
    return request.param, _load(request.param)


def test_ids_unique_across_files():
    ids = [r["id"] for name in ALL for r in _load(name)]
    dup = [i for i, c in Counter(ids).items() if c > 1]
    assert not dup, dup


def test_id_prefixes_in_order():
    for name, prefix in PREFIX.items():
        assert [r["id"] for r in _load(name)] == [f"{prefix}-{i:03d}" for i in range(1, len(_load(name)) + 1)]


def test_fields_and_types(dataset):
    name, rows = dataset
    for r in rows:
        assert set(FIELDS) <= set(r) <= set(FIELDS) | set(OPTIONAL), (r.get("id"), set(r) ^ set(FIELDS))
        for field, typ in {**FIELDS, **OPTIONAL}.items():
            assert field not in r or isinstance(r[field], typ), (r["id"], field)
        assert r["question"].strip() and r["reference_answer"].strip(), r["id"]
        assert r["lang"] in {"zh", "en"}, r["id"]
        assert r["type"] in TYPES, r["id"]
        assert all(isinstance(s, str) and s for s in r["support"]), r["id"]
        assert all(isinstance(h, str) and h.strip() for h in r["history"]), r["id"]
        for group in r["key_facts"]:
            assert isinstance(group, list) and group, r["id"]
            assert all(isinstance(s, str) and s.strip() for s in group), r["id"]


def test_question_language_matches_lang(dataset):
    _, rows = dataset
    for r in rows:
        has_han = bool(HAN.search(r["question"]))
        assert has_han == (r["lang"] == "zh"), r["id"]
        ref = r["reference_answer"]
        if r["lang"] == "en":  # mostly English; a Chinese gloss in brackets is fine
            assert len(HAN.findall(ref)) < len(re.findall(r"[A-Za-z]", ref)), r["id"]
        else:
            assert HAN.search(ref), r["id"]


def test_answerable_items_are_grounded(dataset, text):
    _, rows = dataset
    for r in [r for r in rows if r["answerable"]]:
        assert r["doc_ids"] == [DOC_ID], r["id"]
        assert r["type"] not in UNANSWERABLE, r["id"]
        assert r["support"], f"{r['id']}: no support string"
        assert 1 <= len(r["key_facts"]) <= 3, f"{r['id']}: 1-3 key-fact groups"
        for s in r["support"]:
            assert s in text, f"{r['id']}: support not in the cleaned article: {s!r}"
            assert text.count(s) == 1, f"{r['id']}: support string is not distinctive: {s!r}"
            assert not SENTENCE_END.search(s), f"{r['id']}: support crosses a sentence boundary: {s!r}"
            assert 6 <= len(s) <= 30, f"{r['id']}: support should be 6-30 characters: {s!r}"
        for group in r["key_facts"]:
            assert any(s in text for s in group), f"{r['id']}: no verbatim article string in key-fact group {group}"


def test_reference_answers_pass_their_own_key_facts(dataset):
    _, rows = dataset
    for r in rows:
        for group in r["key_facts"]:
            ref = r["reference_answer"].casefold()
            assert any(s.casefold() in ref for s in group), f"{r['id']}: reference misses {group}"


def _bare(text: str) -> str:
    """Lower case, NFKC, without whitespace or punctuation (how answers are matched to key facts)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PS")


def test_numeric_key_facts_are_unambiguous(dataset, text):
    """Without punctuation "20%" is "20" and matches every "2025"; a number must point at one place."""
    _, rows = dataset
    bare = _bare(text)
    for r in rows:
        for group in r["key_facts"]:
            for s in group:
                b = _bare(s)
                if any(c.isdigit() for c in b):
                    assert bare.count(b) <= 1, f"{r['id']}: {s!r} matches {bare.count(b)} places in the article"


def test_unanswerable_items_are_empty(dataset):
    _, rows = dataset
    for r in rows:
        if r["answerable"]:
            continue
        assert r["type"] in UNANSWERABLE or r["type"] == "followup", r["id"]  # a follow-up may be unanswerable too
        assert r["key_facts"] == [] and r["support"] == [] and r["doc_ids"] == [], r["id"]
        marker = "The article does not say" if r["lang"] == "en" else "文章中没有提到"
        assert r["reference_answer"].startswith(marker), r["id"]


def test_history_only_on_followups(dataset):
    _, rows = dataset
    for r in rows:
        if r["type"] == "followup":
            assert r["history"], f"{r['id']}: follow-up without history"
        else:
            assert r["history"] == [], f"{r['id']}: history on a non-follow-up"


def test_questions_unique_and_not_shared_between_sets():
    sets = [_load(name) for name in ALL]
    for rows in sets:
        qs = [(tuple(r["history"]), r["question"]) for r in rows]
        assert len(qs) == len(set(qs))
    seen: set[str] = set()
    for rows in sets:
        questions = {r["question"] for r in rows}
        assert not questions & seen
        seen |= questions


def test_paraphrases_keep_their_source_facts():
    dev = {r["id"]: r for r in _load(DEV)}
    for r in _load(PARA):
        source = dev[r["paraphrase_of"]]
        assert source["answerable"] and r["question"] != source["question"], r["id"]
        assert (r["key_facts"], r["support"], r["type"], r["history"]) == (
            source["key_facts"], source["support"], source["type"], source["history"]), r["id"]


def test_traps_name_the_sentence_that_tempts(text):
    for r in _load(TRAPS):
        assert r["type"] in TRAP_TYPES and not r["answerable"], r["id"]
        assert r["near"] == "" or text.count(r["near"]) == 1, (r["id"], r["near"])


def _counts(rows):
    types = Counter(r["type"] for r in rows)
    langs = Counter(r["lang"] for r in rows)
    return types, langs


def test_dev_coverage():
    rows = _load(DEV)
    types, langs = _counts(rows)
    assert len(rows) >= 90
    minimums = {"number": 20, "name": 12, "list": 8, "comparison": 6, "reasoning": 6, "followup": 8,
                "unanswerable": 18}
    for t, n in minimums.items():
        assert types[t] >= n, (t, types[t])
    assert langs["en"] >= 15
    en_types = {r["type"] for r in rows if r["lang"] == "en"}
    assert {"number", "name", "list", "comparison", "reasoning", "followup", "unanswerable"} <= en_types
    assert sum(1 for r in rows if r["lang"] == "en" and r["type"] == "followup") >= 1


def test_heldout_coverage():
    rows = _load(HELD)
    types, langs = _counts(rows)
    assert len(rows) == 40
    assert langs["en"] >= 10
    assert types["followup"] >= 5
    assert types["unanswerable"] >= 10


def test_paraphrase_trap_and_multipart_coverage():
    para, traps, multi = _load(PARA), _load(TRAPS), _load(MULTI)
    assert len(para) >= 40 and Counter(r["lang"] for r in para)["en"] >= 10
    assert len(traps) >= 40 and Counter(r["lang"] for r in traps)["en"] >= 10
    assert all(n >= 10 for n in Counter(r["type"] for r in traps).values()) and len({r["type"] for r in traps}) == 4
    types = Counter(r["type"] for r in multi)
    assert types["comparison"] >= 10 and types["multipart"] >= 10 and types["followup"] >= 8
