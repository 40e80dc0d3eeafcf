"""The rag command line: clean, index, ask, config."""

import subprocess
import sys

import pytest

from rag.ingest.corpus import bundled_article_path


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], input=stdin, capture_output=True, timeout=300)


def test_clean_writes_text_to_stdout_and_summary_to_stderr():
    res = run("clean", str(bundled_article_path()))
    assert res.returncode == 0
    out, err = res.stdout.decode(), res.stderr.decode()
    assert "(de)" not in out and "OpenAI在2025年上半年" in out and "(Apple Intelligence)" in out
    assert "glosses: 858" in err and "stray question marks: 3" in err


def test_clean_reads_stdin_in_gbk():
    res = run("clean", "-", stdin="成(cheng)(cheng)本在?2025?年".encode("gbk"))
    assert res.stdout.decode().strip() == "成本在2025年"
    assert "gb18030" in res.stderr.decode()


def test_clean_missing_file_is_a_clear_error(tmp_path):
    res = run("clean", str(tmp_path / "nope.txt"))
    assert res.returncode == 2 and "error" in res.stderr.decode() and "Traceback" not in res.stderr.decode()


@pytest.mark.slow
def test_index_prints_a_summary(tmp_path):
    res = run("index", "--index-dir", str(tmp_path / "i"))
    assert res.returncode == 0, res.stderr.decode()
    assert "indexed 1 document(s) into" in res.stdout.decode()


def test_index_add_embeds_only_the_new_document(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("第一篇文档。百度的芯片叫昆仑芯。", encoding="utf-8")
    b.write_text("第二篇文档。阿里云的平台叫百炼。", encoding="utf-8")
    idx = str(tmp_path / "idx")
    assert run("index", str(a), "--index-dir", idx, "--embedder", "hash", "-q").returncode == 0
    res = run("index", "--add", str(b), "--index-dir", idx, "--embedder", "hash", "-q")
    out = res.stdout.decode()
    assert res.returncode == 0 and "indexed 2 document(s)" in out and "embedded 1 new chunk" in out
    assert "--corpus" in out and str(b) in out
