"""Split cleaned documents into chunks that end at sentence boundaries and fit the embedder.

Sizes are measured in the embedder's own tokens. Each section (a heading and the paragraphs under
it) is split on its own with langchain's RecursiveCharacterTextSplitter, trying paragraph breaks
first, then Chinese and Latin sentence ends, then clause breaks. The embedded text carries the
document title and section heading; its exact token count never exceeds the model's maximum.
Each chunk keeps where it came from: its character offsets, and for a PDF its pages, for a file
with marked headings (DOCX, HTML, PDF) the path of headings above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rag.types import Chunk, Document, Paragraph

# regular expressions, coarsest first: paragraphs, sentence ends, clause breaks, spaces, characters
SENTENCE_SEPARATORS = [
    r"\n\n", r"\n", "。", "！", "？", "!", r"\?", "；", ";", "…+", r"\.(?=\s)", "，", ",", "、", " ", "",
]


@dataclass(frozen=True)
class ChunkSettings:
    chunk_tokens: int = 160  # most tokens of the embedded text (context and special tokens included)
    overlap_tokens: int = 24
    splitter: str = "sentence"  # "sentence" or "langchain-default" (500/50 characters, default separators)
    with_context: bool = True  # prefix the embedded text with title and heading


class ChunkingError(ValueError):
    pass


MAX_CONTEXT_CHARS = 40


def embed_text(chunk: Chunk) -> str:
    """The text the embedder sees for a chunk: its context line, then its text."""
    return chunk.context + chunk.text


def context_prefix(title: str, heading: str) -> str:
    parts = [p[:MAX_CONTEXT_CHARS] for p in dict.fromkeys((title, heading)) if p]
    return " · ".join(parts) + "\n" if parts else ""


def _splitter(settings: ChunkSettings, budget: int, length: Callable[[str], int]):
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    if settings.splitter == "langchain-default":
        return RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    if settings.splitter != "sentence":
        raise ChunkingError(f"unknown splitter {settings.splitter!r}; use 'sentence' or 'langchain-default'")
    return RecursiveCharacterTextSplitter(
        separators=SENTENCE_SEPARATORS, is_separator_regex=True, keep_separator="end", chunk_size=budget,
        chunk_overlap=min(settings.overlap_tokens, budget // 2), length_function=length, strip_whitespace=True,
    )


def _sections(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, heading) of each run of lines that starts at a heading (or the document start)."""
    sections: list[tuple[int, int, str]] = []
    for p in doc.paragraphs:
        if p.is_heading or not sections:
            sections.append((p.start, p.end, p.heading))
        else:
            s, _, h = sections[-1]
            sections[-1] = (s, p.end, h)
    return sections


def chunk_document(doc: Document, count_tokens: Callable[[str], int], max_tokens: int,
                   settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Chunks of `doc` in order; `doc.text[c.start:c.end] == c.text` for each."""
    base = count_tokens("")  # special tokens and the model's own prefix

    def length(text: str) -> int:
        return max(0, count_tokens(text) - base)

    chunks: list[Chunk] = []
    for sec_start, sec_end, heading in _sections(doc):
        hard = min(settings.chunk_tokens, max_tokens)  # exact bound on the embedded text's tokens
        prefix = context_prefix(doc.title, heading) if settings.with_context else ""
        if hard - base - length(prefix) < max(8, hard // 3):
            prefix = ""  # the context would crowd out the text: embed the text alone
        limit = hard - base - length(prefix)
        for start, end, _ in _split_span(doc.text, sec_start, sec_end, settings, limit, length, prefix, hard, count_tokens):
            para = _paragraph_at(doc, start)
            page, page_end, breaks = pages_in(doc, start, end)
            chunks.append(Chunk(
                id=f"{doc.id}#{len(chunks):04d}", doc_id=doc.id, title=doc.title, heading=para.heading if para else "",
                paragraph=para.index if para else 0, start=start, end=end, text=doc.text[start:end], context=prefix,
                page=page, page_end=page_end, page_breaks=breaks, section=section_path(doc.paragraphs, start),
            ))
    return chunks


def pages_in(doc: Document, start: int, end: int) -> tuple[int | None, int | None, tuple[tuple[int, int], ...]]:
    """(first page, last page, (offset, page) where each later page begins) of doc.text[start:end]."""
    if not doc.pages:
        return None, None, ()
    inside = [p for p in doc.pages if p.start < end and start < p.end]
    if not inside:  # the range falls between two pages' text (a line break): the page before it
        inside = [p for p in doc.pages if p.start <= start][-1:] or list(doc.pages[:1])
    return inside[0].number, inside[-1].number, tuple((p.start, p.number) for p in inside[1:])


def section_path(paragraphs: tuple[Paragraph, ...], offset: int, sep: str = " › ") -> str:
    """The headings above `offset` from the file's own structure, outermost first ("" for plain text)."""
    if not any(p.is_heading and p.level for p in paragraphs):
        return ""
    stack: list[tuple[int, str]] = []
    for p in paragraphs:
        if p.start > offset:
            break
        if p.is_heading:
            while stack and stack[-1][0] >= p.level:
                stack.pop()
            stack.append((p.level, p.heading))
    return sep.join(text for _, text in stack)


def _split_span(text, start, end, settings, limit, length, prefix, max_tokens, count_tokens):
    if limit < 8:
        raise ChunkingError(f"chunk size leaves {limit} tokens for text after the title/heading prefix; raise chunk_tokens")
    span = text[start:end]
    out, prev_start, prev_end = [], -1, 0
    for piece in _splitter(settings, limit, length).split_text(span):
        at = span.find(piece, prev_end)
        if at < 0 or span[prev_end:at].strip():
            # overlapping the previous piece: starts inside it (or where it starts) and runs past its
            # end; in repetitive text take the latest such start (the overlap is a short suffix of the
            # previous piece)
            at, probe = -1, span.find(piece, max(prev_start, 0))
            while 0 <= probe < prev_end:
                if probe + len(piece) > prev_end:
                    at = probe
                probe = span.find(piece, probe + 1)
        if at < 0:
            inside = span.find(piece, max(prev_start, 0))
            if 0 <= inside and inside + len(piece) <= prev_end:
                continue  # pure overlap, already covered by the previous piece
            raise ChunkingError("splitter returned text that is not in the document")
        if out and at == prev_start:  # the same start, further on (Hello, then Hello world.百度的): it replaces it
            out.pop()
        prev_start, prev_end = at, at + len(piece)
        s, e = start + at, start + at + len(piece)
        if count_tokens(prefix + piece) > max_tokens:
            # token counts are not exactly additive; split this piece again, tighter
            tighter = replace(settings, splitter="sentence")
            out.extend(_split_span(text, s, e, tighter, int(limit * 0.8), length, prefix, max_tokens, count_tokens))
        else:
            out.append((s, e, piece))
    return out


def _paragraph_at(doc: Document, offset: int):
    for p in doc.paragraphs:
        if p.start <= offset < p.end or offset < p.start:
            return p
    return doc.paragraphs[-1] if doc.paragraphs else None
