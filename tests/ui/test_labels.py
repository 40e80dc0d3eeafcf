"""Label tables and choosing the interface language from Accept-Language."""

import re

import pytest

from ui.labels import LABELS, pick_language, text


def test_every_language_has_the_same_keys_and_placeholders():
    en, zh = LABELS["en"], LABELS["zh"]
    assert set(en) == set(zh)
    for key in en:
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", zh[key])), key


@pytest.mark.parametrize("header,lang", [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
    ("fr-FR,fr;q=0.9,zh-TW;q=0.5", "zh"),
    ("en;q=0.3, zh-Hans;q=0.7", "zh"),
    ("zh;q=0, en", "en"),
    ("fr, de", "en"),
    ("", "en"),
    (None, "en"),
    ("garbage;;q=x,,", "en"),
])
def test_pick_language(header, lang):
    assert pick_language(header) == lang


def test_text_fills_placeholders():
    assert text("zh", "upload_done", files=2, chunks=9).startswith("已将 2 个文件")
    assert text("xx", "send") == "Ask"
