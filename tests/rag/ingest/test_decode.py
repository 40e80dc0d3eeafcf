"""Decoding bytes: UTF-8 (with or without BOM), UTF-16, GBK, GB18030; binary refused."""

import pytest

from rag.ingest.decode import DecodeError, decode_bytes

ZH = "百度智能云与阿里云共同占据AI云市场超50%的份额。"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_chinese_legacy_encodings_decode_right(encoding):
    text, used = decode_bytes(ZH.encode(encoding))
    assert text == ZH and used == "gb18030"


@pytest.mark.parametrize("data,expected", [
    (ZH.encode("utf-8"), ZH),
    (b"\xef\xbb\xbf" + ZH.encode("utf-8"), ZH),
    (ZH.encode("utf-16"), ZH),
    ("café au lait".encode(), "café au lait"),
])
def test_unicode_forms(data, expected):
    assert decode_bytes(data)[0] == expected


def test_gb18030_only_characters():
    s = "𠀀和€混排" + ZH
    assert decode_bytes(s.encode("gb18030"))[0] == s


def test_binary_is_refused_with_its_name():
    with pytest.raises(DecodeError, match="photo.png.*binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png")


@pytest.mark.parametrize("text", [
    "丁公司的吉祥物叫𠀀€。",  # a Han extension B character and the euro sign: was read as UTF-16
    "价格是€5。",  # was read as Johab
    "面积为120㎡，温度25℃，第①条。",
    "拼音nǐ hǎo与注音ㄅㄆㄇ。",
    "希腊字母αβγ与×÷±°§。",
    "Привет мир, это тест.",  # Cyrillic is part of GB2312
])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_chinese_text_with_gbk_symbols(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} cannot encode {text!r}")
    assert decode_bytes(data) == (text, "gb18030")
