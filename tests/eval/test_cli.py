"""`rag eval` end to end through the real command entry point: a tiny corpus indexed with the
model-free hash embedder, the run, its files, ablations, compare, from-feedback and the errors."""

from __future__ import annotations

import json

import pytest

from eval.cli import main as eval_main
from eval.dataset import load_dataset
from ui.cli import main as rag_main

CORPUS = [
    {"id": "acme", "title": "Acme", "text": "Acme opened its first plant in Suzhou in 2021. The plant makes 3-nanometre chips."},
    {"id": "baidu", "title": "百度", "text": "百度近十年累计投入的研发资金超过1800亿元。研发占比常年在20%以上。"},
    {"id": "rain", "title": "Rain", "text": "It rained for forty days in the valley. The river flooded the old mill."},
]
DATASET = [
    {"id": "q1", "question": "When did Acme open its first plant?", "key_facts": [["2021"]], "support": ["2021"],
     "doc_ids": ["acme"], "type": "number"},
    {"id": "q2", "question": "百度近十年研发投入多少？", "key_facts": [["1800亿元"]], "support": ["1800亿元"],
     "doc_ids": ["baidu"], "type": "number"},
    {"id": "q3", "question": "How long did it rain in the valley?", "key_facts": [["forty days"]],
     "support": ["forty days"], "doc_ids": ["rain"], "type": "number"},
    {"id": "q4", "question": "Who is the mayor of Atlantis?", "answerable": False, "type": "unanswerable"},
    {"id": "q5", "question": "", "key_facts": [["x"]], "type": "empty"},
]  # fmt: skip


def write_jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture()
def files(tmp_path):
    return {"corpus": write_jsonl(tmp_path / "corpus.jsonl", CORPUS), "dataset": write_jsonl(tmp_path / "qa.jsonl", DATASET),
            "index": str(tmp_path / "index"), "tmp": tmp_path}


def run_args(files, out, *extra) -> list[str]:
    return ["eval", "--dataset", files["dataset"], "--corpus", files["corpus"], "--index-dir", files["index"],
            "--embedder", "hash", "--out", str(out), "-q", *extra]


def test_run_writes_every_file_and_ablations(files, capsys):
    out = files["tmp"] / "run"
    assert rag_main(run_args(files, out, "--ablate", "no-clean,bm25-only", "--set", "top_k=5")) == 0
    printed = capsys.readouterr().out
    assert "hit@5" in printed and "95% CI" in printed and "bm25-only" in printed
    records = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["q1", "q2", "q3", "q4", "q5"]
    assert records[4]["error"] == "the question is empty" and records[4]["refused"]
    assert all({"answer", "citations", "passages", "timings_ms", "metrics", "key_facts"} <= set(r) for r in records)
    config = json.loads((out / "config.json").read_text())
    assert config["embedder"] == "hash" and config["top_k"] == 5
    assert set(config["fitted"]) >= {"evidence", "decision"} and "weights" in config["fitted"]["evidence"]
    assert 'embedder = "hash"' in (out / "config.toml").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text())
    assert report["n_questions"] == 5 and report["metrics"]["hit@5"]["n"] == 4  # the empty question scores 0, not n/a
    assert set(report["ablations"]) == {"no-clean", "bm25-only"}
    assert report["ablations"]["no-clean"]["index_dir"] == files["index"] + "-ablate-no-clean"
    assert report["ablations"]["bm25-only"]["index_dir"] == files["index"]
    assert (out / "ablations" / "bm25-only" / "results.jsonl").exists()
    assert "## Ablations" in (out / "report.md").read_text(encoding="utf-8")
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # the reports are a function of the records: rebuilding them from the files changes nothing
    assert eval_main(["report", str(out)]) == 0
    rebuilt = json.loads((out / "report.json").read_text())
    assert rebuilt["metrics"] == report["metrics"] and rebuilt["ablations"] == report["ablations"]


def test_compare_two_runs(files, capsys):
    a, b = files["tmp"] / "a", files["tmp"] / "b"
    assert eval_main(run_args(files, a)[1:]) == 0
    assert eval_main(run_args(files, b, "--retrieval", "bm25")[1:]) == 0
    capsys.readouterr()
    assert rag_main(["eval", "compare", str(a), str(b), "--out", str(files["tmp"] / "cmp")]) == 0
    printed = capsys.readouterr().out
    assert "| hit@5 |" in printed and "right to wrong" in printed
    assert json.loads((files["tmp"] / "cmp" / "compare.json").read_text())["n_common"] == 5


def test_floors_decide_the_exit_code(files, tmp_path, capsys):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"hit@5": {"min": 1.01}, "false_refusal": {"max": 1.0}}}))
    assert eval_main(run_args(files, tmp_path / "f", "--floors", str(floors))[1:]) == 1
    assert "hit@5" in capsys.readouterr().err


def test_bad_dataset_exits_2_listing_the_lines(files, capsys):
    bad = files["tmp"] / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q"}\nnot json\n{"id": "a", "question": "q"}\n{"question": 3}\n')
    assert rag_main(["eval", "--dataset", str(bad), "--out", str(files["tmp"] / "x")]) == 2
    err = capsys.readouterr().err
    assert "line 2: invalid JSON" in err and "line 3: duplicate id" in err and "line 4: missing field 'id'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("extra, message", [
    (["--set", "no_such=1"], "unknown setting"),
    (["--set", "top_k"], "KEY=VALUE"),
    (["--judge-base-url", "http://127.0.0.1:9/v1"], "needs --judge-model"),
    (["--ablate", "nope"], "unknown ablation"),
])  # fmt: skip
def test_bad_options_exit_2(files, capsys, extra, message):
    assert eval_main(run_args(files, files["tmp"] / "o", *extra)[1:]) == 2
    assert message in capsys.readouterr().err


def test_from_feedback(tmp_path, capsys):
    fb = tmp_path / "feedback.jsonl"
    write_jsonl(fb, [{"time": "t1", "question": "百度研发投入多少？", "answer": "1800亿元[1]", "citations": [],
                      "settings": {}, "rating": "up", "comment": "", "history": []},
                     {"time": "t2", "question": "And Alibaba?", "answer": "no", "citations": [], "settings": {},
                      "rating": "down", "comment": "wrong", "history": ["百度研发投入多少？"]}])
    with fb.open("a") as f:
        f.write("{broken\n")
    out = tmp_path / "ds.jsonl"
    assert rag_main(["eval", "from-feedback", str(fb), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "line 3" in captured.err and "wrote 2 items" in captured.out
    items = load_dataset(out)
    assert [i.type for i in items] == ["feedback-up", "feedback-down"] and items[0].reference_answer == "1800亿元"


def test_config_toml_reads_back_into_the_same_config(tmp_path):
    from dataclasses import replace

    from eval.evaluate import config_toml
    from rag.config import Config, load_config

    cfg = replace(Config(), corpus=("a b.jsonl", "路径/c.txt"), index_dir='/tmp/x"y', clean=False, dense_weight=0.35,
                  top_k=7, llm_model="qwen\\2.5")
    path = tmp_path / "config.toml"
    path.write_text(config_toml(cfg), encoding="utf-8")
    assert load_config(path, environ={}) == cfg


def test_the_run_records_the_code_version():
    from eval.evaluate import code_version

    version = code_version()
    assert version == {} or (len(version["commit"]) >= 7 and version["modified_files"] >= 0)
