"""A user's files as a collection: safe names, storage inside its folder, keys, pruning, its own index."""

import os

import pytest

from index import collections
from index.collections import CollectionFile, safe_filename


@pytest.mark.parametrize("name,safe", [
    ("report.txt", "report.txt"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("/abs/path/notes.md", "notes.md"),
    ("..", "document"),
    ("...txt", "document.txt"),
    (".hidden.md", "hidden.md"),
    ("a..b.txt", "a.b.txt"),
    ("bad\x00na\x1bme\n.txt", "badname.txt"),
    ('we<i>rd:na|me?*.txt', "we_i_rd_na_me__.txt"),
    ("  spaced .txt  ", "spaced.txt"),
    ("", "document"),
    ("报告（2025）.md", "报告（2025）.md"),
    ("x" * 300 + ".txt", "x" * 76 + ".txt"),
    ("zero\u200bwidth\u202e.txt", "zerowidth.txt"),
    ("0. 0.", "0.0"),  # sanitising twice gave another name (found by tests/reliability/test_fuzz.py)
    ("notes. md .", "notes.md"),
    (".000000000 0", "document.000000000"),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe
    assert safe_filename(safe) == safe  # idempotent


@pytest.mark.parametrize("name", ["../../x.txt", "/etc/x.md", "a/../../b.txt", "..", "C:\\x\\..\\y.md", "\x00"])
def test_sanitized_names_stay_in_the_folder(tmp_path, name):
    path = collections.inside(tmp_path, safe_filename(name))
    assert path.parent == tmp_path.resolve()


def test_inside_refuses_escaping_names(tmp_path):
    with pytest.raises(ValueError):
        collections.inside(tmp_path, "../x.txt")


def test_collection_key_depends_on_names_and_text_not_order():
    a, b = CollectionFile("a.txt", "x", "utf-8"), CollectionFile("b.txt", "y", "utf-8")
    assert collections.collection_key([a, b]) == collections.collection_key([b, a])
    assert collections.collection_key([a]) != collections.collection_key([CollectionFile("a.txt", "z", "utf-8")])


def test_write_files_stores_utf8_inside_the_folder(tmp_path):
    collections.write_files([CollectionFile("报告.md", "阿里云", "gb18030")], tmp_path / "files")
    assert (tmp_path / "files" / "报告.md").read_text(encoding="utf-8") == "阿里云"
    assert os.listdir(tmp_path) == ["files"]


def test_prune_keeps_the_newest_sets(tmp_path):
    for i in range(5):
        d = tmp_path / f"set{i}"
        d.mkdir()
        os.utime(d, (1000 + i, 1000 + i))
    collections.prune_collections(tmp_path, keep=3, protect="set0")
    assert sorted(os.listdir(tmp_path)) == ["set0", "set3", "set4"]


@pytest.mark.slow
def test_build_collection_indexes_the_files_and_answers_from_them(tmp_path, e5):
    from rag.config import Config

    texts = [CollectionFile("星辰公司.txt", "星辰公司成立于2019年。星辰公司2024年的营业收入为52亿元,同比增长18%。\n"
                                          "公司的主要产品是卫星通信终端。", "utf-8")]
    key, pipeline, store = collections.build_collection(texts, tmp_path, Config(index_dir=str(tmp_path / "main")), e5)
    answer = pipeline.ask("星辰公司2024年的营业收入是多少？")
    assert not answer.refused and "52亿元" in answer.text
    c = answer.citations[0]
    assert pipeline.documents(c.doc_id)[c.start:c.end] == c.text
    again = collections.open_collection(key, tmp_path, Config(index_dir=str(tmp_path / "main")), e5)
    assert again is not None and again.ask("星辰公司成立于哪一年？").citations
    assert collections.open_collection("../" + key, tmp_path, Config(), e5) is None
