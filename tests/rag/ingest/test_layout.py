"""PDF lines to paragraphs (rag.ingest.layout): furniture, hyphenation, joins, breaks, headings; no PDF needed."""

from rag.ingest.layout import Line, drop_page_furniture, join_lines, paragraphs

H = 842.0  # A4 height in points


def line(page, text, y, left=60.0, right=535.0, size=12.0, hyphen=False):
    return Line(page, text, left, y, right, y + size, size, H, hyphen)


def body_page(page, texts, top=700.0, pitch=18.0, **kw):
    return [line(page, t, top - i * pitch, **kw) for i, t in enumerate(texts)]


def test_running_headers_footers_and_page_numbers_are_dropped():
    pages = []
    for n in range(1, 5):
        pages.append([line(n, "行业观察 · 全栈AI云专题", 800, size=9), *body_page(n, [f"正文第{n}页的内容。"]),
                      line(n, f"第 {n} 页", 30, size=9)])
    kept = drop_page_furniture(pages)
    assert [[ln.text for ln in p] for p in kept] == [[f"正文第{n}页的内容。"] for n in range(1, 5)]


def test_a_line_in_the_margin_of_one_page_only_stays():
    pages = [[line(1, "只在第一页出现的页眉说明", 800), *body_page(1, ["正文。"])], body_page(2, ["正文二。"])]
    assert drop_page_furniture(pages)[0][0].text == "只在第一页出现的页眉说明"


def test_a_single_page_keeps_everything():
    page = [line(1, "第 1 页", 30), *body_page(1, ["正文。"])]
    assert drop_page_furniture([page]) == [page]


def test_joins_hyphenation_cjk_latin_and_punctuation():
    assert join_lines("an inter", "national deal", hyphen=True) == ("an inter", "")
    assert join_lines("芯片-算力", "模型", hyphen=True) == ("芯片-算力-", "")  # a real hyphen between Han stays
    assert join_lines("the well", "Known name", hyphen=True) == ("the well-", "")  # not before a lowercase letter
    assert join_lines("百度智能云", "的收入", hyphen=False) == ("百度智能云", "")
    assert join_lines("The", "information", hyphen=False) == ("The", " ")
    assert join_lines("增长36%", ",增速第一", hyphen=False) == ("增长36%", "")
    assert join_lines("研发成本运行Ch", "atGPT的", hyphen=False, full=True) == ("研发成本运行Ch", "")  # filled to the edge
    assert join_lines("plain English text", "goes on", hyphen=False, full=True) == ("plain English text", " ")


def test_paragraphs_break_at_short_lines_indents_and_gaps_and_join_otherwise():
    page = [
        line(1, "第一段的第一行一直写到右边", 700),
        line(1, "第一段到此为止。", 682, right=200),  # short: the paragraph ends
        line(1, "第二段开头缩进了两个字", 664, left=84),
        line(1, "第二段写满了这一行的宽度", 646),
        line(1, "第三段在一个大间距之后。", 600),
    ]
    blocks = paragraphs([page])
    assert [b.text for b in blocks] == ["第一段的第一行一直写到右边第一段到此为止。",
                                        "第二段开头缩进了两个字第二段写满了这一行的宽度", "第三段在一个大间距之后。"]
    assert {b.kind for b in blocks} == {"paragraph"} and {b.page for b in blocks} == {1}


def test_a_paragraph_runs_over_the_page_break_as_a_joined_block():
    pages = [body_page(1, ["前一页最后一段写满了整行的文字", "并且在页尾也写满了整行的文字"]), body_page(2, ["在下一页继续。"])]
    blocks = paragraphs(pages)
    assert [(b.text, b.page, b.joined) for b in blocks] == [
        ("前一页最后一段写满了整行的文字并且在页尾也写满了整行的文字", 1, None), ("在下一页继续。", 2, "")]


def test_larger_type_is_a_heading_levelled_by_size():
    page = [line(1, "报告标题", 760, size=20, right=200), line(1, "第一节", 720, size=15, right=150),
            *body_page(1, ["正文写满了一整行的文字内容", "正文的第二行。"], top=690)]
    blocks = paragraphs([page])
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "报告标题"), ("heading", 2, "第一节"), ("paragraph", 0, "正文写满了一整行的文字内容正文的第二行。")]


def test_in_a_file_that_spaces_its_paragraphs_a_short_line_is_a_word_that_did_not_fit():
    page = [
        line(1, "第一段到此结束。", 700, right=200), line(1, "Open", 660, right=90),  # gap before: a new paragraph
        line(1, "AI正以一系列动作写满了这一整行", 642), line(1, "然后结束。", 624, right=150),
        line(1, "第三段。", 584, right=120), line(1, "第四段。", 544, right=120),
    ]
    assert [b.text for b in paragraphs([page])] == [
        "第一段到此结束。", "Open AI正以一系列动作写满了这一整行然后结束。", "第三段。", "第四段。"]
