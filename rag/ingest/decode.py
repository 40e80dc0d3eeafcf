"""Turn the bytes of a user's file into text, detecting the encoding instead of guessing.

Order: a byte-order mark wins; then strict UTF-8 (which almost never accepts GBK bytes); then
strict GB18030 (a superset of GBK and GB2312) when the result reads as Chinese text; then
charset-normalizer's best guess. Binary files are refused with a clear message.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What Chinese text holds: Han (extensions included), CJK and fullwidth punctuation, and the symbols
# GBK itself defines (€ ① ℃ ㎡ × ° § Ⅻ ■ ★, pinyin tone letters, Greek, Cyrillic, kana).
_PLAUSIBLE = re.compile(
    r"[\s\x20-\x7e\u00a0-\u02ff\u0391-\u03c9\u0401-\u0451\u2000-\u2bff\u2e80-\u2fdf\u3000-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)


class DecodeError(ValueError):
    """The bytes are not text in an encoding we can recognise."""


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Return (text, encoding) or raise DecodeError naming the file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise DecodeError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}: {e}") from e
    if b"\x00" in data[:8192]:
        raise DecodeError(f"{name}: looks like a binary file (NUL bytes); a .txt, .md or .jsonl file must be plain text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if text and len(_PLAUSIBLE.findall(text)) / len(text) >= 0.9:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(f"{name}: not valid UTF-8 or GB18030 and no other text encoding fits; save it as UTF-8")
    return str(best), best.encoding
