"""Bad input through the command line: `rag ask`, `rag clean` and `rag index` as a user runs them.

Every refusal is exit code 2 with one line on stderr (`rag CMD: error: ...`) naming the problem,
never a traceback; input that can be understood (GBK bytes from a terminal, a BOM, control
characters) is understood. Each case is a real `python -m ui.cli` process with a time limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ZH = "星辰公司2024年的营业收入为52亿元。"
ASK = "百度近十年研发投入多少？"


def run(args: list, stdin: bytes | None = None, env: dict | None = None, cwd: Path = REPO, timeout: float = 120):
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def assert_refused(res, command: str, message: str) -> None:
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rag {command}: error: "), err
    assert message.lower() in lines[0].lower(), err


# ---- files: what `rag clean` and `rag index` are given -------------------------------------------


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


BAD_FILES = {
    # name: (file name, content or a maker, message)
    "binary with NUL bytes": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
    "random bytes": ("noise.txt", bytes(range(128, 256)) * 40, "not valid UTF-8"),
    "truncated UTF-16": ("half.txt", b"\xff\xfe" + "百度".encode("utf-16-le") + b"\x41", "not valid utf-16"),
    "missing file": ("missing.txt", None, "no such file"),
    "a folder": ("folder.txt", "dir", ""),
}

GOOD_FILES = {
    # name: (bytes, text that must come out)
    "UTF-8": (ZH.encode("utf-8"), ZH),
    "UTF-8 with BOM": (b"\xef\xbb\xbf" + ZH.encode("utf-8"), ZH),
    "GBK": (ZH.encode("gbk"), ZH),
    "GB18030 only characters": (("𠀀和€混排。" + ZH).encode("gb18030"), "𠀀和€混排。" + ZH),
    "UTF-16 with BOM": (ZH.encode("utf-16"), ZH),
    "control characters": (f"星辰\x00公司\x07年报\x1b。\n{ZH}".replace("\x00", "").encode("utf-8"), "星辰公司年报。"),
    "markup is text": (f"<script>alert(1)</script>{ZH}".encode(), f"<script>alert(1)</script>{ZH}"),
}


def make_bad(tmp_path: Path, name: str, content) -> Path:
    if content is None:
        return tmp_path / name
    if content == "dir":
        (tmp_path / name).mkdir()
        return tmp_path / name
    return write(tmp_path, name, content)


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_clean_refuses_a_bad_file_in_one_line(tmp_path, case):
    name, content, message = BAD_FILES[case]
    res = run(["clean", str(make_bad(tmp_path, name, content))])
    assert_refused(res, "clean", message)
    assert res.stdout == b""


def test_clean_refuses_binary_on_stdin():
    assert_refused(run(["clean", "-"], stdin=b"\x00\x01\x02" * 100), "clean", "binary file")


@pytest.mark.parametrize("case", list(GOOD_FILES), ids=list(GOOD_FILES))
def test_clean_decodes_every_supported_encoding(tmp_path, case):
    data, expected = GOOD_FILES[case]
    res = run(["clean", str(write(tmp_path, "doc.txt", data))])
    assert res.returncode == 0, res.stderr.decode()
    assert expected in res.stdout.decode("utf-8")
    res = run(["clean", "-"], stdin=data)
    assert res.returncode == 0 and expected in res.stdout.decode("utf-8")


def test_clean_of_an_empty_file_is_empty_not_an_error(tmp_path):
    res = run(["clean", str(write(tmp_path, "empty.txt", b""))])
    assert res.returncode == 0 and res.stdout.strip() == b"" and b"0 -> 0 characters" in res.stderr


BAD_CORPORA = {
    # name: ({file: content}, path given (relative to the folder), message)
    "binary .txt": ({"a.txt": b"\x00\x01PK\x03\x04" * 50}, "a.txt", "binary file"),
    "binary among good files": ({"docs/good.txt": ZH, "docs/bad.md": b"\x00" * 64}, "docs", "bad.md: looks like a binary"),
    "random bytes": ({"a.txt": bytes(range(128, 256)) * 40}, "a.txt", "not valid UTF-8"),
    "empty file": ({"a.txt": b""}, "a.txt", "no text to index"),
    "whitespace only": ({"a.md": " \n\t\u3000\n"}, "a.md", "no text to index"),
    "BOM only": ({"a.txt": b"\xef\xbb\xbf"}, "a.txt", "no text to index"),
    "unsupported type": ({"a.exe": b"MZ\x90\x00"}, "a.exe", "unsupported file type .exe"),
    "folder without documents": ({"docs/a.exe": b"MZ"}, "docs", "no .pdf, .docx, .html, .txt, .md or .jsonl files"),
    "truncated PDF": ({"a.pdf": b"%PDF-1.4"}, "a.pdf", "a.pdf: the PDF is cut short"),
    "missing path": ({}, "nowhere", "no such file or folder"),
    "invalid JSON line": ({"c.jsonl": '{"id": "a", "text": "一。"}\n{"id": "b", "text": \n'}, "c.jsonl",
                          "c.jsonl:2: not valid JSON"),
    "JSON line not an object": ({"c.jsonl": "[1, 2]\n"}, "c.jsonl", "c.jsonl:1: each line must be an object"),
    "JSON line without text": ({"c.jsonl": '{"id": "a", "title": "t"}\n'}, "c.jsonl",
                               'c.jsonl:1: each line must be an object with a "text"'),
    "duplicate ids": ({"c.jsonl": '{"id": "a", "text": "1"}\n{"id": "a", "text": "2"}\n'}, "c.jsonl", "duplicate id 'a'"),
    "same id from two files": ({"d/x.txt": ZH, "d/x.md": ZH}, "d", "ids must be unique"),
}


@pytest.fixture(scope="module")
def old_index(tmp_path_factory) -> Path:
    """An index that every refused build must leave as it is."""
    folder = tmp_path_factory.mktemp("old-index")
    good = write(folder, "good.txt", ZH)
    assert run(["index", "-q", "--embedder", "hash", "--index-dir", str(folder / "index"), str(good)]).returncode == 0
    return folder / "index"


def listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in folder.rglob("*"))


@pytest.mark.parametrize("case", list(BAD_CORPORA), ids=list(BAD_CORPORA))
def test_index_refuses_a_bad_corpus_in_one_line_and_keeps_the_old_index(tmp_path, old_index, case):
    files, given, message = BAD_CORPORA[case]
    for name, content in files.items():
        write(tmp_path, name, content)
    before = listing(old_index)
    res = run(["index", "-q", "--embedder", "hash", "--index-dir", str(old_index), given], cwd=tmp_path)
    assert_refused(res, "index", message)
    assert listing(old_index) == before


def test_index_takes_jsonl_with_escaped_half_characters(tmp_path):
    write(tmp_path, "c.jsonl", '{"id": "a", "text": "星辰公司\\ud83d年报。营业收入为52亿元。"}\n')
    res = run(["index", "-q", "--embedder", "hash", "--index-dir", str(tmp_path / "i"), "c.jsonl"], cwd=tmp_path)
    assert res.returncode == 0, res.stderr.decode()


# ---- settings: refused before anything is loaded -------------------------------------------------


@dataclass
class Setting:
    args: list
    message: str
    env: dict = field(default_factory=dict)


def settings_cases(tmp_path: Path) -> dict[str, Setting]:
    bad_toml = write(tmp_path, "bad.toml", "[[[not toml")
    unknown = write(tmp_path, "unknown.toml", "[rag]\nno_such_setting = 1\n")
    a_file = write(tmp_path, "a-file", "x")
    return {
        "empty question": Setting(["ask", ""], "the question is empty"),
        "whitespace question": Setting(["ask", " \t\u3000 "], "the question is empty"),
        "control characters only": Setting(["ask", "\x07\x1b\x7f"], "the question is empty"),
        "punctuation only": Setting(["ask", "？？？"], "no words"),
        "markup only": Setting(["ask", "<br><p></p>"], "no words"),
        "bad number in the environment": Setting(["ask", ASK], "setting top_k", {"RAG_TOP_K": "many"}),
        "bad bool in the environment": Setting(["ask", ASK], "setting refusal", {"RAG_REFUSAL": "perhaps"}),
        "missing config file": Setting(["ask", ASK, "--config", str(tmp_path / "none.toml")], "no such file"),
        "config file that is not TOML": Setting(["ask", ASK, "--config", str(bad_toml)], "bad.toml"),
        "unknown setting in the config": Setting(["ask", ASK, "--config", str(unknown)], "unknown setting(s): no_such_setting"),
        "unknown answerer": Setting(["ask", ASK, "--answerer", "oracle", "--embedder", "hash",
                                     "--index-dir", str(tmp_path / "i1")], "answerer must be"),
        "missing corpus": Setting(["ask", ASK, "--corpus", str(tmp_path / "none"), "--embedder", "hash",
                                   "--index-dir", str(tmp_path / "i2")], "no such file or folder"),
        "index folder is a file": Setting(["index", "-q", "--embedder", "hash", "--index-dir", str(a_file)], "a-file"),
    }


SETTING_NAMES = ["empty question", "whitespace question", "control characters only", "punctuation only", "markup only",
                 "bad number in the environment", "bad bool in the environment", "missing config file",
                 "config file that is not TOML", "unknown setting in the config", "unknown answerer", "missing corpus",
                 "index folder is a file"]


@pytest.mark.parametrize("name", SETTING_NAMES)
def test_bad_questions_and_settings_are_refused_in_one_line(tmp_path, name):
    case = settings_cases(tmp_path)[name]
    # no --index-dir for questions: a bad question is refused before any index is opened or built
    res = run(case.args, env={"XDG_CACHE_HOME": str(tmp_path / "cache"), **case.env}, timeout=60)
    assert_refused(res, case.args[0], case.message)
    assert not (tmp_path / "cache").exists()


def test_bad_flags_get_usage_and_exit_2():
    res = run(["ask", ASK, "--top-k", "many"])
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err and "invalid int value" in err


# ---- questions that are answered: the real model over the session's article index ------------------


@pytest.fixture(scope="module")
def ask(article_index):
    cfg, _ = article_index

    def ask(question, *flags):
        res = run(["ask", question, "--index-dir", cfg.index_dir, *flags])
        err = res.stderr.decode("utf-8", "replace")
        assert res.returncode == 0 and "Traceback" not in err, err
        assert "building the index" not in err  # the session's index was opened, not rebuilt
        return res.stdout.decode("utf-8")

    return ask


@pytest.mark.slow
def test_a_question_typed_in_a_gbk_terminal_is_understood(ask):
    assert "1800亿元" in ask(ASK.encode("gbk"))


@pytest.mark.slow
def test_undecodable_bytes_and_control_characters_in_a_question_are_dropped(ask):
    out = json.loads(ask(b"\xff\xfe\xfd" + "百度\x07近十年\x1b研发投入多少？".encode() + b"\xc0", "--json"))
    assert out["question"] == "百度近十年研发投入多少？" and "1800亿元" in out["answer"]


@pytest.mark.slow
def test_a_100000_character_question_is_cut_with_a_note(ask):
    out = ask(ASK + "a" * 100_000)  # ASCII, so one argument stays under the kernel's 128 KiB limit
    assert "note: The question was cut to its first 2000 characters." in out


@pytest.mark.slow
def test_emoji_markup_and_foreign_scripts_are_answered_or_refused_as_json(ask):
    for question in [f"🤖{ASK}👍🏽", f"<script>alert(1)</script>{ASK}", "ما هي عاصمة فرنسا؟", "東京の人口は何人ですか？"]:
        out = json.loads(ask(question, "--json"))
        assert out["question"] == question and out["answer"]
        assert out["refused"] or out["citations"]
