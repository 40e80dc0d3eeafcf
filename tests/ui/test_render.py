"""Rendering answers, sources and documents as HTML: escaping, footnote links, highlighted ranges."""

import re
from html.parser import HTMLParser

import pytest

from rag.types import Answer, Chunk, Citation, Hit
from ui import render

DOC = "标题\n第一句话。<b>粗体</b>的第二句 & 更多。\n第三段<script>alert(1)</script>结束。"
ATTACK = '<img src=x onerror="window.__xss=1">'


def citation(n=1, start=3, end=26, qs=9, qe=22, doc_text=DOC):
    return Citation(n, f"c{n}", "d", "T<i>", doc_text[start:end], start, end, 0.87654, qs, qe)


def hit(c: Citation, rank=1, heading="小节<u>"):
    chunk = Chunk(c.chunk_id, c.doc_id, c.title, heading, 0, c.start, c.end, c.text)
    return Hit(chunk, c.score, rank, dense=0.8, lexical=None)


def answer(text="第二句 & 更多[1]。", citations=None, refused=False, notice="", question="Q?", resolved=""):
    cs = (citation(),) if citations is None else citations
    hits = tuple(hit(c, i + 1) for i, c in enumerate(cs)) or (hit(citation()),)
    return Answer(question, text, refused, cs, hits, resolved_question=resolved or question, notice=notice)


class Tags(HTMLParser):
    """Collects start tags and attributes, to check that no foreign markup got through."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


ALLOWED = {"div", "span", "a", "b", "br", "mark", "strong", "details", "summary", "ol", "li"}


def assert_only_our_markup(html: str):
    tags = Tags(html).tags
    assert {t for t, _ in tags} <= ALLOWED, tags
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)


@pytest.mark.parametrize("text", [ATTACK, "<script>alert(1)</script>", "a & b < c", "'\"><svg onload=alert(1)>"])
def test_question_is_shown_as_text(text):
    html = render.question_html(text)
    assert_only_our_markup(html)
    assert "".join(Tags(html).text) == text


def test_answer_markers_of_known_citations_become_footnote_links():
    html = render.answer_html(answer(), turn=2, lang="en")
    assert_only_our_markup(html)
    links = [a for t, a in Tags(html).tags if t == "a"]
    assert [a["href"] for a in links] == ["#cite-2-1", "#cite-2-1"]  # in the text, and in the footnotes
    assert "第二句 & 更多[1]。" in "".join(Tags(html).text) and "T&lt;i&gt; › 小节&lt;u&gt;" in html
    # the marker stays on the line of the sentence it follows: with its last character and full stop
    assert '<span class="rag-nowrap">多<a class="cite"' in html and "[1]</a>。</span>" in html


def test_unknown_markers_stay_plain_and_partial_answers_have_no_links():
    html = render.answer_html(answer(text="一句[1]。另一句[7]。", citations=()), turn=0, lang="en")
    assert 'href="#cite' not in html and html.count("cite-pending") == 2


def test_answer_text_with_markup_is_escaped():
    html = render.answer_html(answer(text=f"{ATTACK}[1]"), turn=0, lang="en")
    assert_only_our_markup(html)
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;" in html and f"{ATTACK}[1]" in "".join(Tags(html).text)


def test_refusal_has_its_own_style_and_label():
    html = render.answer_html(answer(text="文章中没有提到“腾讯”。", citations=(), refused=True), turn=0, lang="zh")
    assert "rag-refused" in html and "rag-badge-refused" in html and "原文中没有答案" in html
    assert "rag-answered" not in html


def test_notice_and_resolved_question_are_visible():
    html = render.answer_html(answer(notice="LLM <down>; extractive answer", resolved="那阿里云呢 -> 阿里云投入多少？",
                                     question="那阿里云呢？"), turn=0, lang="en")
    assert 'class="rag-notice"' in html and "LLM &lt;down&gt;" in html
    assert "Understood as: 那阿里云呢 -&gt; 阿里云投入多少？" in html


def test_passage_highlights_exactly_the_quote():
    c = citation()
    html = render.passage_html(DOC, c.start, c.end, c.quote_start, c.quote_end)
    assert_only_our_markup(html)
    quote = re.search(r'<mark class="quote">(.*?)</mark>', html).group(1)
    assert quote == render.esc(DOC[c.quote_start:c.quote_end])
    assert "".join(Tags(html).text) == DOC[c.start:c.end].replace("\n", "")


def test_passage_clamps_a_quote_outside_the_passage():
    html = render.passage_html(DOC, 3, 10, 0, 40)
    assert re.search(r'<mark class="quote">(.*?)</mark>', html).group(1) == render.esc(DOC[3:10])


def test_sources_list_cited_passages_with_heading_quote_and_score_detail():
    a = answer()
    html = render.sources_html(a, turn=1, document_text=lambda d: DOC, lang="en", selected=1)
    assert_only_our_markup(html)
    assert 'id="source-1-1"' in html and "rag-source selected" in html
    assert "小节&lt;u&gt;" in html and "<details" in html and "0.877" in html and "characters 3–26" in html
    assert render.sources_html(None, 0, str, "zh").count("答案引用的段落") == 1


def test_sources_list_uncited_hits_separately():
    c1, c2 = citation(1), citation(2, 27, 40, 27, 30)
    a = Answer("q", "x[1]", False, (c1,), (hit(c1, 1), hit(c2, 2, heading="其他")), resolved_question="q")
    html = render.sources_html(a, 0, lambda d: DOC, "en")
    assert "Other retrieved passages (1)" in html and "其他" in html


def test_document_marks_the_exact_range_and_escapes_everything():
    c = citation(start=20, end=len(DOC), qs=25, qe=len(DOC))
    html = render.document_html(DOC, c, turn=3, lang="en", heading="h")
    assert_only_our_markup(html)
    mark = re.search(r'<mark id="cite-3-1" class="cite-range">(.*?)</mark>', html, re.S).group(1)
    assert re.sub(r"</?strong[^>]*>", "", mark) == render.esc(DOC[20:])
    assert "<script>" not in html and "&lt;script&gt;" in html
    body = re.search(r'<div class="rag-doc"[^>]*>(.*)</div>$', html, re.S).group(1)
    assert "".join(Tags(body).text) == DOC  # the whole cleaned text, character for character


def test_long_documents_show_a_window_around_the_range():
    doc = "甲" * 100_000 + "目标句子。" + "乙" * 100_000
    c = citation(start=100_000, end=100_005, qs=100_000, qe=100_005, doc_text=doc)
    html = render.document_html(doc, c, 0, "en", window=1000)
    assert len(html) < 3000 and '<mark id="cite-0-1"' in html and "Showing characters" in html
    assert "目标句子。" in html


def test_messages_are_escaped():
    html = render.message_html(f"boom {ATTACK}", "en")
    assert_only_our_markup(html)
    assert "rag-badge-error" in html and "&lt;img" in html


def test_a_pdf_citation_is_labelled_with_its_page_and_a_word_file_with_its_heading_path():
    from dataclasses import replace

    c = replace(citation(), page=3, page_end=3)
    assert render.source_label(c, "小节", "en") == "T<i> › 小节 · page 3"
    assert render.source_label(replace(c, page_end=4), "小节", "zh") == "T<i> › 小节 · 第 3–4 页"
    assert render.source_label(citation(), "T<i> › 第一章 › 1.1", "en") == "T<i> › 第一章 › 1.1"  # no page, title once
    chunk = Chunk("c1", "d", "T", "1.1", 0, 0, 5, "x", section="T › 第一章 › 1.1")
    assert render.headings((Hit(chunk, 1.0, 1),)) == {"c1": "T › 第一章 › 1.1"}


def test_page_html_lays_the_boxes_over_the_image_and_escapes_the_name():
    from rag.ingest.pdf_page import PageView

    view = PageView(2, 5, b"\x89PNG fake", 900, 1273, ((0.1, 0.25, 0.5, 0.02), (0.1, 0.27, 0.2, 0.02)))
    out = render.page_html(view, 0, 1, "en", ATTACK + ".pdf")
    assert out.count('class="rag-hl"') == 2 and "left:10.000%;top:25.000%;width:50.000%;height:2.000%" in out
    assert 'src="data:image/png;base64,iVBORyBmYWtl"' in out and "Page 2 of 5" in out
    assert ATTACK not in out and "&lt;img" in out


@pytest.mark.parametrize("short,short_en,shown,note", [
    ("约43亿美元", "about 4.3 billion US dollars", "<b>about 4.3 billion US dollars</b> (约43亿美元)", False),
    ("昆仑芯", "", "<b>昆仑芯</b>", True),  # a Chinese span without a rendering is marked as the source's words
    ("Iberdrola", "", "<b>Iberdrola</b>", False),  # an English document's span is English already
])
def test_an_english_questions_short_answer_is_rendered_or_marked_as_quoted(short, short_en, shown, note):
    from dataclasses import replace

    a = replace(answer(question="Who built it?"), short=short, short_en=short_en, short_citation=1)
    html = render.short_html(a, 0, {1: "the quote"}, "en")
    assert shown in html
    assert ("rag-short-note" in html) == note
