"""Dataset loading: defaults, BOM handling and one error per bad line, by number."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eval.dataset import DatasetError, EvalItem, load_dataset

FULL = {
    "id": "TRIAL_800_QUERY_1",
    "question": "若游戏中离，则多少分钟内不得进行配对？",
    "reference_answer": "4分钟",
    "key_facts": [["4分钟", "四分钟"]],
    "support": ["4分钟"],
    "doc_ids": ["TRIAL_800"],
    "answerable": True,
    "lang": "zh",
    "type": "span",
    "history": ["生命数耗完即算为什么？"],
}
# the CMRC 2018 trial set, when present beside the project (see eval/datasets/README.md)
BENCHMARK = Path(os.environ.get("CMRC", Path(__file__).resolve().parents[3] / "shared/benchmarks/cmrc2018-trial")) / "qa.jsonl"


def write(tmp_path: Path, lines: list[str], bom: bool = False) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8"))
    return path


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_a_full_line_loads_with_tuples(tmp_path):
    (item,) = load_dataset(write(tmp_path, [dumps(FULL)]))
    assert item == EvalItem(
        id="TRIAL_800_QUERY_1",
        question="若游戏中离，则多少分钟内不得进行配对？",
        reference_answer="4分钟",
        key_facts=(("4分钟", "四分钟"),),
        support=("4分钟",),
        doc_ids=("TRIAL_800",),
        answerable=True,
        lang="zh",
        type="span",
        history=("生命数耗完即算为什么？",),
    )
    hash(item)  # frozen and made of tuples, so usable as a key


def test_missing_optional_fields_get_defaults_and_a_detected_language(tmp_path):
    lines = [dumps({"id": "a", "question": "百度投入了多少？"}), dumps({"id": "b", "question": "Who won?"})]
    zh, en = load_dataset(write(tmp_path, lines))
    assert zh == EvalItem(id="a", question="百度投入了多少？", lang="zh")
    assert (zh.reference_answer, zh.key_facts, zh.answerable) == ("", (), True)
    assert (zh.type, zh.history) == ("unknown", ())
    assert en.lang == "en"


def test_bom_crlf_and_blank_lines_are_accepted(tmp_path):
    lines = ["", dumps(FULL) + "\r", "   ", dumps({**FULL, "id": "second"}), ""]
    items = load_dataset(write(tmp_path, lines, bom=True))
    assert [i.id for i in items] == ["TRIAL_800_QUERY_1", "second"]


def test_every_bad_line_is_reported_by_number(tmp_path):
    lines = [
        dumps(FULL),  # 1 fine
        dumps({**FULL, "id": "x"}),  # 2 fine
        dumps({"id": "y"}),  # 3 missing question
        "{not json",  # 4
        "",  # 5 blank, skipped
        dumps({**FULL, "id": "z", "key_facts": ["4分钟"]}),  # 6
        dumps({**FULL, "id": "w", "answerable": "yes", "doc_ids": "D1"}),  # 7 two problems
        "[1, 2]",  # 8
        dumps({**FULL, "id": "x"}),  # 9 duplicate
    ]
    with pytest.raises(DatasetError) as caught:
        load_dataset(write(tmp_path, lines))
    errors = caught.value.errors
    assert errors[0] == "line 3: missing field 'question'"
    assert errors[1].startswith("line 4: invalid JSON")
    assert errors[2] == "line 6: 'key_facts' must be a list of lists of strings"
    assert set(errors[3:5]) == {
        "line 7: 'doc_ids' must be a list of strings",
        "line 7: 'answerable' must be true or false",
    }
    assert errors[5].startswith("line 8: expected a JSON object")
    assert errors[6] == "line 9: duplicate id 'x' (first on line 2)"
    assert len(errors) == 7
    assert "line 9: duplicate id 'x'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_empty_groups_non_utf8_and_empty_files_are_rejected(tmp_path):
    with pytest.raises(DatasetError, match="line 1: 'key_facts' groups must not be empty"):
        load_dataset(write(tmp_path, [dumps({**FULL, "key_facts": [[]]})]))
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(dumps(FULL).encode("gbk"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_dataset(path)
    with pytest.raises(DatasetError, match="line 1: 'id' must be a non-empty string"):
        load_dataset(write(tmp_path, [dumps({**FULL, "id": " "})]))
    with pytest.raises(DatasetError, match="line 1: 'question' must be a string"):
        load_dataset(write(tmp_path, [dumps({**FULL, "question": None})]))
    with pytest.raises(DatasetError, match="no items"):
        load_dataset(write(tmp_path, ["", ""]))


@pytest.mark.skipif(not BENCHMARK.exists(), reason="shared benchmark not present")
def test_the_cmrc_trial_benchmark_loads():
    items = load_dataset(BENCHMARK)
    assert len(items) == 1002 and len({i.id for i in items}) == 1002
    assert all(i.lang == "zh" and i.key_facts for i in items)
