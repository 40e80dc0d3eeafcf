"""Uploaded files: safe names, limits, decoding, and the collection built from them."""

import os

import pytest

from ui import uploads
from ui.uploads import UploadedText, UploadProblem, check_file, read_uploads, safe_filename, unique_names


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
    path = uploads.inside(tmp_path, safe_filename(name))
    assert path.parent == tmp_path.resolve()


def test_inside_refuses_escaping_names(tmp_path):
    with pytest.raises(ValueError):
        uploads.inside(tmp_path, "../x.txt")


def test_unique_names_by_stem():
    assert unique_names(["a.txt", "A.md", "a.txt", "b.md"]) == ["a.txt", "A-2.md", "a-3.txt", "b.md"]


def test_check_file_decodes_utf8_and_gbk():
    assert check_file("a.txt", "百度的研发投入".encode("utf-8")) == UploadedText("a.txt", "百度的研发投入", "utf-8")
    gbk = check_file("b.md", "阿里云未来三年投入超过3800亿元。".encode("gbk"))
    assert isinstance(gbk, UploadedText) and gbk.text == "阿里云未来三年投入超过3800亿元。"


@pytest.mark.parametrize("name,data,code", [
    ("a.pdf", b"%PDF-1.4 text", "wrong_type"),
    ("a", b"text", "wrong_type"),
    ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("a.txt", bytes(range(1, 32)) * 40, "binary"),
    ("a.txt", b"   \n\t ", "empty"),
    ("a.txt", b"x" * (uploads.MAX_FILE_BYTES + 1), "too_large"),
])
def test_check_file_problems(name, data, code):
    assert check_file(name, data) == UploadProblem(name, code)


def test_read_uploads_enforces_count_and_reports_each_file(tmp_path):
    paths = []
    for i in range(uploads.MAX_FILES + 2):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(f"第{i}份文件的内容。", encoding="utf-8")
        paths.append(p)
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (uploads.MAX_FILE_BYTES + 1))
    (tmp_path / "evil.exe").write_bytes(b"MZ\x00\x00")
    accepted, problems = read_uploads([*paths, big, tmp_path / "evil.exe", tmp_path / "missing.txt"])
    assert [a.name for a in accepted] == [f"doc{i}.txt" for i in range(uploads.MAX_FILES)]
    assert [(p.name, p.code) for p in problems] == [
        (f"doc{uploads.MAX_FILES}.txt", "too_many"), (f"doc{uploads.MAX_FILES + 1}.txt", "too_many"),
        ("big.md", "too_large"), ("evil.exe", "wrong_type"), ("missing.txt", "unreadable")]


def test_read_uploads_enforces_the_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 25)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("0123456789", encoding="utf-8")
    accepted, problems = read_uploads([tmp_path / n for n in ("a.txt", "b.txt", "c.txt")])
    assert [a.name for a in accepted] == ["a.txt", "b.txt"] and problems == [UploadProblem("c.txt", "total")]


def test_collection_key_depends_on_names_and_text_not_order():
    a, b = UploadedText("a.txt", "x", "utf-8"), UploadedText("b.txt", "y", "utf-8")
    assert uploads.collection_key([a, b]) == uploads.collection_key([b, a])
    assert uploads.collection_key([a]) != uploads.collection_key([UploadedText("a.txt", "z", "utf-8")])


def test_write_files_stores_utf8_inside_the_folder(tmp_path):
    uploads.write_files([UploadedText("报告.md", "阿里云", "gb18030")], tmp_path / "files")
    assert (tmp_path / "files" / "报告.md").read_text(encoding="utf-8") == "阿里云"
    assert os.listdir(tmp_path) == ["files"]


def test_prune_keeps_the_newest_sets(tmp_path):
    for i in range(5):
        d = tmp_path / f"set{i}"
        d.mkdir()
        os.utime(d, (1000 + i, 1000 + i))
    uploads.prune_collections(tmp_path, keep=3, protect="set0")
    assert sorted(os.listdir(tmp_path)) == ["set0", "set3", "set4"]


@pytest.mark.slow
def test_build_collection_indexes_the_files_and_answers_from_them(tmp_path, e5):
    from rag.config import Config

    texts = [UploadedText("星辰公司.txt", "星辰公司成立于2019年。星辰公司2024年的营业收入为52亿元,同比增长18%。\n"
                                          "公司的主要产品是卫星通信终端。", "utf-8")]
    key, pipeline, store = uploads.build_collection(texts, tmp_path, Config(index_dir=str(tmp_path / "main")), e5)
    answer = pipeline.ask("星辰公司2024年的营业收入是多少？")
    assert not answer.refused and "52亿元" in answer.text
    c = answer.citations[0]
    assert pipeline.documents(c.doc_id)[c.start:c.end] == c.text
    again = uploads.open_collection(key, tmp_path, Config(index_dir=str(tmp_path / "main")), e5)
    assert again is not None and again.ask("星辰公司成立于哪一年？").citations
    assert uploads.open_collection("../" + key, tmp_path, Config(), e5) is None
