"""Uploaded files: limits, types and decoding (the collection built from them: tests/index/test_collections.py)."""

import pytest

from index.collections import CollectionFile
from ui import uploads
from ui.uploads import UploadProblem, check_file, read_uploads, unique_names


def test_unique_names_by_stem():
    assert unique_names(["a.txt", "A.md", "a.txt", "b.md"]) == ["a.txt", "A-2.md", "a-3.txt", "b.md"]


def test_check_file_decodes_utf8_and_gbk():
    assert check_file("a.txt", "百度的研发投入".encode()) == CollectionFile("a.txt", "百度的研发投入", "utf-8")
    gbk = check_file("b.md", "阿里云未来三年投入超过3800亿元。".encode("gbk"))
    assert isinstance(gbk, CollectionFile) and gbk.text == "阿里云未来三年投入超过3800亿元。"


@pytest.mark.parametrize("name,data,code", [
    ("a.xls", b"%PDF-1.4 text", "wrong_type"),
    ("a.pdf", b"%PDF-1.4 text", "truncated"),
    ("a.pdf", b"just text, not a PDF", "mismatch"),
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
