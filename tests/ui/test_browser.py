"""The chat page in headless Chromium (Debian's package, driven by Playwright): ask, click a citation, see it.

Without /usr/bin/chromium these tests skip, unless RAG_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION = "百度近十年研发投入多少？"


@pytest.fixture(scope="module")
def playwright():
    if not CHROMIUM.exists():
        if os.environ.get("RAG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RAG_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def open_browser(playwright, tmp_path_factory, locale: str):
    return playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), args=ARGS, headless=True,
        locale=locale, viewport={"width": 1400, "height": 1000})


@pytest.fixture(scope="module")
def browser(playwright, tmp_path_factory):
    context = open_browser(playwright, tmp_path_factory, "en-US")
    yield context
    context.close()


@pytest.fixture
def page(browser, chat_server):
    page = browser.new_page()
    page.goto(chat_server.url)
    page.locator("#question textarea").wait_for()
    page.wait_for_function("() => document.querySelector('#send') && document.querySelector('#send').innerText.trim() === 'Ask'")
    yield page
    page.close()


def ask(page, question: str) -> float:
    """Type and send a question; seconds until the answer (or refusal) is shown."""
    answers = page.locator("#chat .rag-answer:not(.rag-pending)")
    before = answers.count()
    box = page.locator("#question textarea")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .rag-answer:not(.rag-pending)').length > n", arg=before, timeout=30_000)
    return time.perf_counter() - started


def test_a_citation_opens_its_passage_highlighted_in_the_article(page, article, artifacts):
    from playwright.sync_api import expect

    seconds = ask(page, QUESTION)
    answer = page.locator("#chat .rag-answered").last
    expect(answer).to_contain_text("1800亿元")
    expect(answer.locator(".rag-short b")).to_have_text("超过1800亿元")  # the short answer first, in bold
    # the [1] after the quoted sentence sits on the sentence's last line, not on a line of its own
    same_line = page.evaluate("""() => {
        const nw = document.querySelector('#chat .rag-answered:last-of-type .rag-text .rag-nowrap');
        const r = nw.getClientRects();
        return r.length === 1;
    }""")
    assert same_line
    print(f"\nbrowser: answer shown {seconds * 1000:.0f} ms after pressing Enter")
    link = answer.locator(".rag-text a.cite").first
    expect(link).to_have_text("[1]")
    link.click()

    mark = page.locator("#docview mark#cite-0-1")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    # the mark is inside the visible part of the document view's own scroll box
    inside = page.evaluate("""() => {
        const m = document.querySelector('#docview mark#cite-0-1').getBoundingClientRect();
        const box = document.querySelector('#docview .rag-doc').getBoundingClientRect();
        return m.top >= box.top - 1 && m.top < box.bottom;
    }""")
    assert inside
    span = page.locator("#docview .rag-doc-head").inner_text()
    start, end = map(int, re.search(r"characters (\d+)–(\d+)", span).groups())
    assert mark.text_content() == article.text[start:end]
    assert "1800亿元" in mark.locator("strong.quote").text_content()
    expect(page.locator("#sources .rag-source.selected")).to_contain_text("1800亿元")
    page.wait_for_timeout(300)  # let the scroll settle for the screenshot
    page.screenshot(path=str(artifacts / "chat-citation.png"))


def test_an_english_question_gets_an_english_short_answer_beside_the_quote(page, artifacts):
    from playwright.sync_api import expect

    ask(page, "How much will Alibaba Cloud invest in AI infrastructure over the next three years?")
    short = page.locator("#chat .rag-answered").last.locator(".rag-short")
    expect(short.locator("b")).to_have_text("over 380 billion yuan")
    expect(short).to_contain_text("超过3800亿元")
    page.screenshot(path=str(artifacts / "chat-short-answer-en.png"))


def test_a_pdf_citation_opens_its_page_with_the_quoted_sentence_highlighted(page, article_files, artifacts):
    """Upload the article as a PDF, ask, click [1]: the cited page as an image, the sentence's boxes on it."""
    from playwright.sync_api import expect

    page.locator("#settings").get_by_text("Settings").click()
    page.locator("#upload input[type=file]").set_input_files(str(article_files["pdf"]))
    expect(page.locator("#upload-status")).to_contain_text("Indexed 1 file(s)", timeout=120_000)
    expect(page.get_by_label("My documents")).to_be_checked()
    ask(page, QUESTION)
    answer = page.locator("#chat .rag-answered").last
    expect(answer).to_contain_text("1800亿元")
    expect(answer.locator(".rag-footnote").first).to_contain_text("page 4")
    answer.locator(".rag-text a.cite").first.click()

    view = page.locator("#docview .rag-page")
    expect(view.locator(".rag-page-head")).to_have_text("Page 4 of 4 · full-stack-ai-cloud.pdf")
    page.wait_for_function("() => { const i = document.querySelector('#docview .rag-page-img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    boxes = view.locator(".rag-hl")
    assert boxes.count() >= 1
    expect(boxes.first).to_be_in_viewport()
    placed = page.evaluate("""() => {
        const img = document.querySelector('#docview .rag-page-img').getBoundingClientRect();
        return [...document.querySelectorAll('#docview .rag-hl')].map(b => b.getBoundingClientRect()).map(b =>
            b.width > 4 && b.height > 4 && b.left >= img.left && b.right <= img.right + 1 &&
            b.top >= img.top && b.bottom <= img.bottom + 1);
    }""")
    assert placed and all(placed), placed
    expect(page.locator("#docview mark.cite-range strong.quote")).to_contain_text("1800亿元")  # the text view, as before
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "chat-pdf-citation.png"))


def test_markup_in_a_question_is_text_and_never_runs(page):
    attack = '<img src=x onerror="window.__xss=1">'
    ask(page, attack)
    question = page.locator("#chat .rag-q").last
    assert question.inner_text() == attack
    assert page.locator("#chat img[src='x']").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None


def test_refusal_is_labelled_and_clear_empties_the_conversation(page):
    from playwright.sync_api import expect

    ask(page, "腾讯云的市场份额是多少？")
    expect(page.locator("#chat .rag-refused .rag-badge-refused")).to_have_text("No answer in the source")
    page.locator("#clear").click()
    expect(page.locator("#chat .rag-answer")).to_have_count(0)
    ask(page, QUESTION)
    page.locator("#chat button[aria-label='Clear']").click()  # the chat's own clear button resets the session too
    expect(page.locator("#chat .rag-answer")).to_have_count(0)
    ask(page, "千帆大模型平台集成了多少个模型？")
    expect(page.locator("#chat .rag-q")).to_have_count(1)
    expect(page.locator("#chat .rag-answered a.cite").first).to_have_attribute("href", "#cite-0-1")


def test_thumbs_down_and_a_comment_are_saved(page, chat_server):
    from playwright.sync_api import expect

    from rag.feedback import read_feedback

    before = len(read_feedback(chat_server.feedback))
    ask(page, "千帆大模型平台集成了多少个模型？")
    page.locator("#chat button[aria-label='Dislike']").last.click()
    expect(page.locator("#feedback-status")).to_contain_text("saved")
    page.get_by_label("Citation wrong").check()
    page.locator("#feedback textarea").fill("the second passage is better")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("#feedback-status")).to_contain_text("saved")
    page.wait_for_function("() => !document.querySelector('#feedback textarea').value")
    records = read_feedback(chat_server.feedback)[before:]
    assert [r["rating"] for r in records] == ["down", "down"]
    assert records[1]["reasons"] == ["citation_wrong"] and records[1]["comment"] == "the second passage is better"
    assert records[0]["answer_id"] == records[1]["answer_id"] and records[0]["citations"][0]["quote"]
    assert records[0]["question"] == "千帆大模型平台集成了多少个模型？" and records[0]["settings"]["top_k"] == 10


def test_interface_follows_the_browser_language(playwright, tmp_path_factory, chat_server):
    from playwright.sync_api import expect

    context = open_browser(playwright, tmp_path_factory, "zh-CN")
    try:
        page = context.new_page()
        page.goto(chat_server.url)
        expect(page.locator("#send")).to_have_text("提问")
        expect(page.locator("#title")).to_contain_text("向文章提问")
        ask(page, "腾讯云的市场份额是多少？")
        expect(page.locator("#chat .rag-badge-refused")).to_have_text("原文中没有答案")
    finally:
        context.close()


def test_an_example_question_is_asked_when_clicked(page):
    from playwright.sync_api import expect

    page.locator("#examples button", has_text="千帆大模型平台").first.click()
    expect(page.locator("#chat .rag-answered").last).to_contain_text("150多个模型", timeout=30_000)


def test_uploaded_document_is_asked_and_shown_as_text(page, tmp_path):
    from playwright.sync_api import expect

    doc = tmp_path / "星辰公司.md"
    doc.write_bytes(("星辰公司简介\n星辰公司2024年的营业收入为52亿元,同比增长18%。"
                     '它的官网写着<img src=x onerror="window.__xss=2">。\n公司的主要产品是卫星通信终端。\n').encode("gbk"))
    page.locator("#settings").get_by_text("Settings").click()
    page.locator("#upload input[type=file]").set_input_files(str(doc))
    expect(page.locator("#upload-status")).to_contain_text("Indexed 1 file(s)", timeout=60_000)
    expect(page.get_by_label("My documents")).to_be_checked()
    ask(page, "星辰公司2024年的营业收入是多少？")
    answer = page.locator("#chat .rag-answered").last
    expect(answer).to_contain_text("52亿元")
    answer.locator(".rag-text a.cite").first.click()
    mark = page.locator("#docview mark.cite-range")
    expect(mark).to_be_in_viewport()
    expect(page.locator("#docview .rag-doc")).to_contain_text('<img src=x onerror="window.__xss=2">')
    assert page.locator("#docview img, #sources img").count() == 0
    assert page.evaluate("window.__xss") is None


def test_markdown_in_questions_and_quoted_documents_is_literal_text(page, tmp_path):
    """The chat renders Markdown: a question's or a document's `**`, links, images and headings must not."""
    from playwright.sync_api import expect

    question = "**粗体** [链接](javascript:alert(1)) `代码` ![图](http://127.0.0.1:9/x.png) 百度近十年研发投入多少？"
    ask(page, question)
    assert page.locator("#chat .rag-q").last.inner_text() == question
    doc = tmp_path / "口号.md"
    doc.write_text("# 辰星公司\n辰星公司的口号是**永不停歇**，详见[官网](javascript:alert(2))和![标志](http://127.0.0.1:9/y.png)。\n",
                   encoding="utf-8")
    page.locator("#settings").get_by_text("Settings").click()
    page.locator("#upload input[type=file]").set_input_files(str(doc))
    expect(page.locator("#upload-status")).to_contain_text("Indexed 1 file(s)", timeout=60_000)
    ask(page, "辰星公司的口号是什么？")
    expect(page.locator("#chat .rag-answered").last).to_contain_text("**永不停歇**")
    rendered = "#chat strong, #chat em, #chat code, #chat img, #chat h1, #chat li, #chat a:not(.cite), #sources img"
    assert page.locator(rendered).count() == 0
