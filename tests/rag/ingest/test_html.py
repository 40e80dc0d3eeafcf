"""Saved web pages: encoding by declaration then detection, ruby readings dropped, scripts never, chrome gone."""

import pytest

from rag.ingest.html import HtmlReader, declared_encoding

ARTICLE = "".join(f"<p>第{i}段：星辰公司{2020 + i}年的营业收入为{50 + i}亿元，同比增长{10 + i}%，主要来自卫星通信终端。</p>"
                  for i in range(6))


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>星辰公司年报 - 新闻网</title></head><body>"
            "<nav><a href='/'>首页</a> <a href='/news'>新闻</a> <a href='/login'>登录</a></nav>"
            f"<article><h1>星辰公司年报</h1>{body}</article>"
            "<footer>版权所有 新闻网 联系我们</footer></body></html>")


def read(data: bytes):
    return HtmlReader().read(data, "page.html")


def test_ruby_readings_never_reach_the_text():
    body = "<p>结<rp>(</rp><rt>jie</rt><rp>)</rp>束的<ruby>季<rt>ji</rt>度</ruby>里，收入创下新高。</p>" + ARTICLE
    text = "\n".join(b.text for b in read(page(body).encode()).blocks)
    assert "结束的季度里，收入创下新高。" in text and "jie" not in text and "(" not in text


def test_headings_paragraphs_and_the_title_without_the_site_around_them():
    extracted = read(page("<h2>一、经营情况</h2>" + ARTICLE).encode())
    kinds = [(b.kind, b.level) for b in extracted.blocks]
    assert kinds[:2] == [("heading", 1), ("heading", 2)] and extracted.title == "星辰公司年报"
    text = "\n".join(b.text for b in extracted.blocks)
    assert "第5段" in text and "首页" not in text and "版权所有" not in text


@pytest.mark.parametrize("head,encoding", [
    ('<meta charset="gb2312">', "gbk"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gbk"),
    ("", "gb18030"),  # no declaration: detected
    ('<meta charset="gb2312">', "utf-8"),  # mislabelled: the declaration fails, detection reads it
])
def test_encoding_from_the_declaration_then_detection(head, encoding):
    text = "\n".join(b.text for b in read(page(ARTICLE, head).encode(encoding)).blocks)
    assert "星辰公司2025年的营业收入为55亿元" in text


def test_declared_encodings_are_widened_to_what_pages_use():
    assert declared_encoding(b'<meta charset="gb2312">') == "gb18030"
    assert declared_encoding(b'<?xml version="1.0" encoding="Big5"?>') == "big5hkscs"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None


def test_scripts_styles_iframes_and_javascript_links_are_never_text_or_markup():
    from tests.fixtures.hostile import hostile_html

    extracted = read(hostile_html())
    text = "\n".join(b.text for b in extracted.blocks)
    assert "52亿元" in text and "卫星通信终端" in text and "点此查看详情" in text
    for bad in ("window.__pwned", "alert(1)", "alert(3)", "alert(4)", "javascript:", "onerror", "<iframe", "background"):
        assert bad not in text, bad
    assert "<script>alert(7)</script>" in text  # code shown as text in the article stays text


def test_a_page_without_an_article_is_read_whole():
    extracted = read(b"<html><body><div>short note one</div><div>short note two</div></body></html>")
    assert [b.text for b in extracted.blocks] == ["short note one", "short note two"]
