"""rag bench: its pieces (synthetic data, table, scale rows) and one small end-to-end run."""

import json

import numpy as np
import pytest

from eval.bench import run as bench
from eval.bench import scale as bench_scale
from eval.bench import table as bench_table


def test_synthetic_vectors_look_like_e5_neighbourhoods():
    v = bench_scale.synthetic_vectors(914)
    assert v.shape == (914, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    pair, nearest, tenth = bench_scale.neighbour_stats(v)
    assert 0.75 < pair < 0.88 and 0.9 < nearest < 0.98 and pair < tenth < nearest  # CMRC e5: 0.82 / 0.94 / 0.87
    np.testing.assert_array_equal(v, bench_scale.synthetic_vectors(914))  # seeded


def test_synthetic_texts_recombine_real_sentences():
    sentences = ["百度近十年累计投入超过1800亿元。", "阿里云未来三年投入3800亿元。", "火山引擎增长很快。"]
    texts = bench_scale.synthetic_texts(50, sentences, chars=40)
    assert len(texts) == 50 and all(len(t) >= 40 for t in texts)
    assert all(t.replace(sentences[0], "").replace(sentences[1], "").replace(sentences[2], "") == "" for t in texts)


def test_table_has_one_line_per_row_and_dashes_for_missing_cells():
    rows = [bench_table.Row("article", "project", {"hit@1": 0.95, "total p50": 14.2, "chunks": 25}),
            bench_table.Row("synthetic 1M", "dense hnsw (auto)", {"recall@10": 0.97, "search p50": 1.3})]
    lines = bench_table.table(rows).splitlines()
    assert len(lines) == 4 and all(line.count("|") == len(bench_table.COLUMNS) + 1 for line in lines)
    assert "0.950" in lines[2] and "14.2" in lines[2] and "| -" in lines[3] and "0.970" in lines[3]


def test_scale_point_measures_exact_and_chosen_search_and_bm25(tmp_path, monkeypatch):
    from index import ann

    monkeypatch.setattr(ann, "AUTO_THRESHOLD", 1000)  # so 3,000 vectors take the HNSW path
    rows = bench_scale.scale_rows(3000, ["百度近十年累计投入超过1800亿元。", "阿里云未来三年投入3800亿元。"],
                            ["百度投入多少？", "阿里云投入多少？"], tmp_path, with_bm25=True)
    by = {r.pipeline: r.cells for r in rows}
    assert set(by) == {"dense flat (exact)", "dense hnsw (auto)", "bm25"}
    assert by["dense hnsw (auto)"]["recall@10"] >= 0.95 and by["dense hnsw (auto)"]["search p50"] > 0
    assert by["bm25"]["chunks"] == 3000 and by["bm25"]["search p50"] > 0
    assert list(tmp_path.iterdir()) == []  # the structure was removed after measuring


@pytest.mark.slow
def test_quick_run_prints_one_table(tmp_path, capsys):
    out = tmp_path / "rows.json"
    assert bench.main(["--quick", "--scales", "2000", "--limit", "6", "--no-chat", "--work", str(tmp_path / "w"),
                       "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("| article ") == 4 and "floor (bare query embedding" in printed
    rows = json.loads(out.read_text(encoding="utf-8"))
    project = next(r for r in rows if r["pipeline"] == "project")
    assert project["hit@1"] is not None and project["total p50"] > 0 and project["cold s"] > 0 and project["RSS MB"] > 50
    assert project["x floor"] == pytest.approx(project["total p50"] / project["floor p50"])


@pytest.mark.slow
def test_document_benchmark_reports_reading_and_indexing(tmp_path):
    from eval.bench import documents

    rows = documents.measure(tmp_path, pages=6, embedder="hash")
    readers = [r["reader"] for r in rows]
    assert readers[:4] == ["rag (pdf)", "rag (docx)", "rag (html)", "rag (pdf)"] and readers[-1].startswith("index build")
    assert rows[3]["pages"] >= 6 and all(r["seconds"] > 0 for r in rows)
    lines = documents.table(rows).splitlines()
    assert len(lines) == len(rows) + 2 and "| long.pdf | index build (hash:" in lines[-1]
