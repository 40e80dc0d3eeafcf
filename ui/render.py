"""Answers, sources and documents as HTML for the chat page: plain functions, tested without a browser.

Everything that comes from a user, a document or a model is escaped here, so no question, passage or
uploaded file can put markup or script into the page. Citation markers `[n]` become links
`#cite-T-n` (T = the turn of the conversation); the page's click handler opens that citation, and
the document view marks its range with `<mark id="cite-T-n">`. A citation of a PDF also shows its
page as an image, the quoted sentence's boxes laid over it (`page_html`).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

from rag.types import Answer, Citation, Hit
from ui.labels import text as label

MARKER = re.compile(r"\[(\d{1,3})\]")
DOCUMENT_WINDOW = 40_000  # characters of a long document shown around a citation


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def markdown_literal(value: object) -> str:
    """Text for a Markdown component, shown as typed: `**`, `_`, `[..](..)` and the like never format."""
    return re.sub(r"([\\`*_\[\]<>|~#!])", r"\\\1", str(value))


def _lines(value: str) -> str:
    """Escaped text with line breaks, as one HTML block (no blank line, so Markdown leaves it alone)."""
    return esc(value).replace("\r\n", "\n").replace("\n", "<br>")


def cite_id(turn: int, n: int) -> str:
    return f"cite-{turn}-{n}"


def cite_link(turn: int, n: int, title: str = "") -> str:
    tip = f' title="{esc(title)}"' if title else ""
    return f'<a class="cite" href="#{cite_id(turn, n)}"{tip}>[{n}]</a>'


def headings(hits: tuple[Hit, ...]) -> dict[str, str]:
    """Chunk id -> its heading path where the file marks headings (DOCX, HTML, PDF), else its heading."""
    return {h.chunk.id: h.chunk.section or h.chunk.heading for h in hits}


def source_label(c: Citation, heading: str, lang: str = "") -> str:
    """`title › heading path`, and the page for a PDF citation when `lang` is given."""
    if heading.startswith(c.title + " › "):
        heading = heading[len(c.title) + 3:]
    out = f"{c.title} › {heading}" if heading and heading != c.title else c.title
    if lang and c.page:
        out += " · " + label(lang, "page", page=c.page if c.page == c.page_end or not c.page_end else f"{c.page}–{c.page_end}")
    return out


_TRAILING = re.compile(r"^[。，、；：！？.,;:!?”’」』）)]+")


def answer_body(answer_text: str, turn: int, cited: dict[int, str]) -> str:
    """Escaped answer text whose markers of known citations are links; others stay as plain `[n]`.
    A marker never starts a line: it is kept together with the character before it and the
    punctuation after it (a `rag-nowrap` span)."""
    parts = re.split(r"((?:\[\d{1,3}\])+)", answer_text)  # text, markers, text, markers, ..., text
    leads = [(_TRAILING.match(p).group(0) if k and _TRAILING.match(p) else "") for k, p in enumerate(parts)]
    out: list[str] = []
    for k in range(0, len(parts), 2):
        body = parts[k][len(leads[k]):]
        if k + 1 >= len(parts):
            out.append(_lines(body))
            break
        tail, body = body[-1:], body[:-1]
        links = "".join(_marker(m, turn, cited) for m in re.findall(r"\[\d{1,3}\]", parts[k + 1]))
        after = leads[k + 2] if k + 2 < len(parts) else ""
        out.append(f'{_lines(body)}<span class="rag-nowrap">{esc(tail)}{links}{esc(after)}</span>')
    return "".join(out)


def _marker(part: str, turn: int, cited: dict[int, str]) -> str:
    n = int(MARKER.fullmatch(part).group(1))
    return cite_link(turn, n, cited[n]) if n in cited else f'<span class="cite-pending">{esc(part)}</span>'


def question_html(question: str) -> str:
    return f'<div class="rag-q">{_lines(question)}</div>'


def pending_html(lang: str) -> str:
    return f'<div class="rag-answer rag-pending">{esc(label(lang, "thinking"))}</div>'


def message_html(message: str, lang: str, kind: str = "error") -> str:
    """A message in place of an answer: `kind` "error" (with a badge) or "info"."""
    badge = f'<span class="rag-badge rag-badge-error">{esc(label(lang, "error"))}</span> ' if kind == "error" else ""
    return f'<div class="rag-answer rag-{kind}">{badge}{_lines(message)}</div>'


def answer_html(answer: Answer, turn: int, lang: str) -> str:
    """One assistant message: the answer (or refusal), notices, and footnotes linking each citation."""
    heads = headings(answer.hits)
    cited = {c.n: source_label(c, heads.get(c.chunk_id, ""), lang) for c in answer.citations}
    parts = []
    if answer.resolved_question and answer.resolved_question != answer.question:
        parts.append(f'<div class="rag-resolved">{esc(label(lang, "understood_as", question=answer.resolved_question))}</div>')
    if answer.refused:
        parts.append(f'<div class="rag-refusal"><span class="rag-badge rag-badge-refused">{esc(label(lang, "refused"))}</span> '
                     f'{answer_body(answer.text, turn, {})}</div>')
    elif answer.short:
        parts.append(short_html(answer, turn, cited, lang))
        parts.append(f'<div class="rag-text">{answer_body(answer.text, turn, cited)}</div>')
    elif answer.qualified:
        parts.append(f'<div class="rag-qualified"><span class="rag-badge rag-badge-qualified">'
                     f'{esc(label(lang, "qualified"))}</span> {answer_body(answer.text, turn, cited)}</div>')
    else:
        parts.append(f'<div class="rag-text">{answer_body(answer.text, turn, cited)}</div>')
    if answer.notice:
        parts.append(f'<div class="rag-notice"><b>{esc(label(lang, "notice"))}:</b> {_lines(answer.notice)}</div>')
    if answer.citations:
        notes = "".join(f'<div class="rag-footnote">{cite_link(turn, c.n)} {esc(cited[c.n])}</div>' for c in answer.citations)
        parts.append(f'<div class="rag-footnotes">{notes}</div>')
    kind = "rag-refused" if answer.refused else "rag-answered"
    return f'<div class="rag-answer {kind}">{"".join(parts)}</div>'


def short_html(answer: Answer, turn: int, cited: dict[int, str], lang: str) -> str:
    """The short answer in bold with its [n]; for an English question its English rendering first, or,
    when it has none, the quoted Chinese span marked as a quote (an English document's span stands as it is)."""
    link = _marker(f"[{answer.short_citation}]", turn, cited) if answer.short_citation else ""
    english = answer.resolved_question and not re.search(r"[\u4e00-\u9fff]", answer.resolved_question)
    if english and answer.short_en:
        head = f"<b>{esc(answer.short_en)}</b> ({esc(answer.short)})"
    elif english and re.search(r"[\u4e00-\u9fff]", answer.short):
        head = f'<b>{esc(answer.short)}</b> <span class="rag-short-note">{esc(label(lang, "quoted"))}</span>'
    else:
        head = f"<b>{esc(answer.short)}</b>"
    return f'<div class="rag-short">{head}<span class="rag-nowrap">{link}</span></div>'


def passage_html(doc_text: str, start: int, end: int, quote_start: int, quote_end: int) -> str:
    """The passage doc_text[start:end] with its quoted sentence inside a <mark class="quote">."""
    qs, qe = max(start, min(quote_start, end)), max(start, min(quote_end, end))
    return (f"{_lines(doc_text[start:qs])}<mark class=\"quote\">{_lines(doc_text[qs:qe])}</mark>"
            f"{_lines(doc_text[qe:end])}")


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def sources_html(answer: Answer | None, turn: int, document_text: Callable[[str], str], lang: str,
                 selected: int | None = None) -> str:
    """The sources panel: each cited passage with its heading, quote and scores; then the other passages."""
    if answer is None or not answer.hits:
        return f'<div class="rag-sources rag-empty">{esc(label(lang, "sources_empty"))}</div>'
    heads = headings(answer.hits)
    by_chunk = {h.chunk.id: h for h in answer.hits}
    blocks = []
    for c in answer.citations:
        hit = by_chunk.get(c.chunk_id)
        detail = label(lang, "score_detail", rank=hit.rank if hit else "–", score=_score(c.score),
                       dense=_score(hit.dense if hit else None), lexical=_score(hit.lexical if hit else None),
                       chunk=c.chunk_id)
        css = "rag-source selected" if c.n == selected else "rag-source"
        where = source_label(c, heads.get(c.chunk_id, ""), lang)
        blocks.append(
            f'<div class="{css}" id="source-{turn}-{c.n}">'
            f'<div class="rag-source-head">{cite_link(turn, c.n)} <b>{esc(where)}</b></div>'
            f'<div class="rag-passage">{passage_html(document_text(c.doc_id), c.start, c.end, c.quote_start, c.quote_end)}</div>'
            f'<details class="rag-score"><summary>{esc(label(lang, "score", score=_score(c.score)))}</summary>'
            f'{esc(detail)} · {esc(label(lang, "chars", start=c.start, end=c.end))}</details></div>'
        )
    cited_chunks = {c.chunk_id for c in answer.citations}
    others = [h for h in answer.hits if h.chunk.id not in cited_chunks]
    if others:
        items = "".join(
            f'<li><b>{esc(h.chunk.heading or h.chunk.title)}</b> <span class="rag-dim">({esc(_score(h.score))})</span><br>'
            f'{_lines(h.chunk.text)}</li>' for h in others)
        blocks.append(f'<details class="rag-others"><summary>{esc(label(lang, "other_passages", count=len(others)))}</summary>'
                      f'<ol>{items}</ol></details>')
    return f'<div class="rag-sources">{"".join(blocks)}</div>'


def document_empty_html(lang: str) -> str:
    return f'<div class="rag-doc-empty">{esc(label(lang, "document_empty"))}</div>'


def document_html(doc_text: str, c: Citation, turn: int, lang: str, heading: str = "",
                  window: int = DOCUMENT_WINDOW) -> str:
    """The cleaned document with the citation's range [start:end] in <mark id="cite-T-n"> and its quote in bold.

    Documents longer than `window` characters are cut to a window around the range.
    """
    a, b = 0, len(doc_text)
    if b > window:
        half = max(0, (window - (c.end - c.start)) // 2)
        a = max(0, c.start - half)
        b = min(len(doc_text), c.end + half)
    qs, qe = max(c.start, min(c.quote_start, c.end)), max(c.start, min(c.quote_end, c.end))
    head = (f'<div class="rag-doc-head">{cite_link(turn, c.n)} <b>{esc(source_label(c, heading, lang))}</b> '
            f'<span class="rag-dim">{esc(label(lang, "chars", start=c.start, end=c.end))}</span></div>')
    note = ""
    if (a, b) != (0, len(doc_text)):
        note = f'<div class="rag-dim">{esc(label(lang, "document_window", a=a, b=b, n=len(doc_text)))}</div>'
    body = (f'{"…" if a else ""}{esc(doc_text[a:c.start])}'
            f'<mark id="{cite_id(turn, c.n)}" class="cite-range">{esc(doc_text[c.start:qs])}'
            f'<strong class="quote">{esc(doc_text[qs:qe])}</strong>{esc(doc_text[qe:c.end])}</mark>'
            f'{esc(doc_text[c.end:b])}{"…" if b < len(doc_text) else ""}')
    return f'{head}{note}<div class="rag-doc" data-turn="{turn}" data-n="{c.n}">{body}</div>'


def page_html(view, turn: int, n: int, lang: str, name: str) -> str:
    """A PDF page (a `rag.ingest.pdf_page.PageView`) as an image, the quoted sentence's boxes marked over it."""
    boxes = "".join(
        f'<div class="rag-hl" style="left:{left * 100:.3f}%;top:{top * 100:.3f}%;'
        f'width:{width * 100:.3f}%;height:{height * 100:.3f}%"></div>' for left, top, width, height in view.boxes)
    head = label(lang, "page_of", page=view.number, pages=view.pages, name=name)
    image = base64.b64encode(view.png).decode("ascii")
    return (f'<div class="rag-page" id="page-{turn}-{n}" data-page="{view.number}" data-boxes="{len(view.boxes)}">'
            f'<div class="rag-page-head">{esc(head)}</div><div class="rag-page-box"><div class="rag-page-sheet">'
            f'<img class="rag-page-img" alt="{esc(head)}" width="{view.width}" height="{view.height}" '
            f'src="data:image/png;base64,{image}">{boxes}</div></div></div>')


def page_unavailable_html(reason: str, lang: str) -> str:
    return f'<div class="rag-page rag-dim">{esc(label(lang, "page_unavailable", reason=reason))}</div>'
