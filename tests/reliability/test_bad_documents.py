"""Broken and hostile documents (tests/fixtures/hostile.py), on every surface: the upload check, `rag index`
and the running chat page. Each is refused in one line naming the file, or read with its scripts and
markup ignored, and the app stays up."""

from __future__ import annotations

import pytest

from rag.ingest import ocr
from tests.fixtures.hostile import HOSTILE
from ui import uploads

CASES = list(HOSTILE)
SERVER_OCR = ocr.ocr_available()  # the chat server (another process) reads scans when Tesseract is installed


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)  # a scan is refused, whether Tesseract is installed or not


@pytest.mark.parametrize("case", CASES)
def test_the_upload_check_refuses_or_reads_each_file(case):
    name, make, code, _ = HOSTILE[case]
    result = uploads.check_file(name, make())
    if code is None:
        assert not isinstance(result, uploads.UploadProblem), result
    else:
        assert result == uploads.UploadProblem(name, code)


@pytest.mark.parametrize("case", [c for c in CASES if HOSTILE[c][2] is not None])
def test_rag_index_refuses_each_file_in_one_line(tmp_path, capsys, case):
    from ui.cli import main

    name, make, _, phrase = HOSTILE[case]
    (tmp_path / name).write_bytes(make())
    code = main(["index", "-q", "--embedder", "hash", "--index-dir", str(tmp_path / "index"), str(tmp_path / name)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("rag index: error: ") and name in err and phrase in err, err
    assert not (tmp_path / "index" / "CURRENT").exists()


@pytest.mark.slow
def test_the_chat_page_refuses_them_file_by_file_and_stays_up(client, tmp_path):
    from gradio_client import handle_file

    paths = []
    for case in CASES:
        name, make, _, _ = HOSTILE[case]
        if name == "scan.pdf" and SERVER_OCR:
            continue
        (tmp_path / name).write_bytes(make())
        paths.append(tmp_path / name)
    status, collection = client.predict([handle_file(str(p)) for p in paths], api_name="/upload")
    assert "Indexed 2 file(s)" in status, status
    for case in CASES:
        name, _, code, _ = HOSTILE[case]
        lines = [ln for ln in status.splitlines() if name in ln]
        if code is not None and (tmp_path / name).exists():
            assert len(lines) == 1, (name, status)
    assert "script.pdf: the PDF contains JavaScript, which was ignored (never run)" in status
    _, messages, _ = client.predict("星辰公司2024年的营业收入是多少？", collection="uploads", api_name="/chat")
    answer = messages[-1]["content"]
    answer = answer if isinstance(answer, str) else "".join(part.get("text", "") for part in answer)
    assert "52亿元" in answer and "<script" not in answer and "javascript:" not in answer
    _, messages, _ = client.predict("百度近十年研发投入多少？", collection="article", api_name="/chat")
    assert "1800亿元" in str(messages[-1]["content"])
