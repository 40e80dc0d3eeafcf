"""Saved web pages: the main content only (trafilatura), headings kept, ruby readings and scripts never.

The bytes are decoded by the page's own declaration (a byte-order mark, `<meta charset>`, the
`http-equiv` content type or an XML declaration) and by detection when it has none or it is wrong.
Before extraction, `<rt>` and `<rp>` go (the pinyin of `<ruby>结<rt>jie</rt></ruby>` never reaches
the text) and so do `<script>`, `<style>`, `<template>`, `<iframe>`, `<object>` and `<embed>`;
trafilatura then drops navigation, ads, comments and footers and keeps the article with its
headings, paragraphs, lists and tables. A page it finds no article in is read whole instead. Only
text leaves this module: no markup, link target or script is ever shown as HTML.
"""

from __future__ import annotations

import codecs
import re

from rag.ingest.decode import DecodeError, decode_bytes
from rag.ingest.reader import DEFAULT_LIMITS, Block, DocumentError, Extracted, Limits

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "iso-8859-1": "cp1252",
          "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}  # what pages so labelled really use
_DROP = ("rt", "rp", "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg", "math")
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "blockquote", "pre", "dd", "dt", "div", "td")


def declared_encoding(data: bytes) -> str | None:
    m = _DECLARED.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    try:
        return _WIDER.get(name, codecs.lookup(name).name)
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> str:
    """The page's text: byte-order mark, then its declared encoding, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, name)[0]
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # mislabelled (a page saved as UTF-8 that still says gb2312): detect instead
    try:
        return decode_bytes(data, name)[0]
    except DecodeError as e:
        raise DocumentError(str(e), "binary" if "binary" in str(e) else "undecodable") from e


def parse(text: str):
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as e:  # lxml's ParserError for an empty or hopeless document
        raise DocumentError(f"not an HTML page ({e})") from e
    for el in list(tree.iter(*_DROP)):
        el.drop_tree()  # keeps the text that follows the element (its tail)
    return tree


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _content_blocks(body) -> list[Block]:
    """Blocks of trafilatura's XML: <head rend="hN">, <p>, <list><item>, <table><row><cell>, <quote>."""
    blocks: list[Block] = []
    for el in body.iter("head", "p", "item", "row", "quote", "code"):
        if el.getparent() is not None and el.getparent().tag in ("item", "cell", "quote", "p"):
            continue  # already inside a block taken whole
        if el.tag == "row":
            cells = [_text(c) for c in el.iter("cell")]
            text = " | ".join(c for c in cells if c)
            kind, level = "row", 0
        elif el.tag == "head":
            text, kind = _text(el), "heading"
            m = re.fullmatch(r"h(\d)", el.get("rend") or "")
            level = int(m.group(1)) if m else 2
        else:
            text, kind, level = _text(el), "paragraph", 0
        if text:
            blocks.append(Block(text, kind, level))
    return blocks


def _whole_page_blocks(tree) -> list[Block]:
    """Fallback when no article is found: every innermost block element's text, headings marked."""
    blocks = []
    body = tree.find("body") if tree.find("body") is not None else tree
    for el in body.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in el.iterdescendants()):
            continue
        text = _text(el)
        if text:
            m = re.fullmatch(r"h(\d)", str(el.tag))
            blocks.append(Block(text, "heading" if m else "paragraph", int(m.group(1)) if m else 0))
    return blocks


class HtmlReader:
    format = "html"
    suffixes = (".html", ".htm")

    def read(self, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
        from trafilatura import bare_extraction

        text = decode_html(data, name)
        if len(text) > limits.max_chars * 4:
            raise DocumentError(f"{name}: the page is larger than {limits.max_chars * 4:,} characters; not read", "too_much_text")
        try:
            tree = parse(text)
        except DocumentError as e:
            raise DocumentError(f"{name}: {e}", "empty") from e
        title_el = tree.find(".//title")
        page_title = _text(title_el) if title_el is not None else ""
        found = bare_extraction(tree, include_comments=False, include_tables=True, include_formatting=False,
                                with_metadata=True)
        blocks = _content_blocks(found.body) if found is not None and found.body is not None else []
        notes = ()
        if not blocks:
            blocks = _whole_page_blocks(parse(text))
            notes = (f"{name}: no main article found on the page; all of its text was read",) if blocks else ()
        if not blocks:
            raise DocumentError(f"{name}: the page has no text", "empty")
        title = (getattr(found, "title", None) or "") if found is not None else ""
        return Extracted(tuple(blocks), "html", title.strip() or page_title, 0, notes)
