"""The typed records that flow through the pipeline: documents, chunks, hits, citations, answers.

raw text -> Document (cleaned) -> Chunk -> Hit (retrieved) -> Answer (with Citations).
Every offset is a character offset into the *cleaned* document text, so
`document.text[start:end]` is always the quoted text. Documents read from a PDF also know which
page each offset came from (`Page`), and chunks and citations carry those page numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One line-level block of a cleaned document."""

    index: int
    start: int
    end: int
    heading: str  # the section heading this paragraph sits under ("" before the first one)
    is_heading: bool
    level: int = 0  # a heading's level in the file's own structure (0 = title, 1 = Heading 1, ...); 9 = guessed


@dataclass(frozen=True)
class Page:
    """Where one page of the source file (a PDF) lies in the cleaned text: `text[start:end]`."""

    number: int  # 1-based, as a PDF viewer counts
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned document; `text` is what every offset refers to."""

    id: str
    title: str
    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    source: str = ""  # where it came from (file path or jsonl line); a PDF's path opens its pages
    raw_sha256: str = ""  # hash of the raw input, part of the corpus fingerprint
    format: str = "text"  # "text", "pdf", "docx" or "html": what `source` is
    pages: tuple[Page, ...] = ()  # PDF: where each page lies in `text`

    def __post_init__(self) -> None:
        # read back from an index's documents.jsonl, pages are dicts or lists: typed and immutable here
        if self.pages and not isinstance(self.pages[0], Page):
            pages = tuple(Page(**p) if isinstance(p, dict) else Page(*p) for p in self.pages)
            object.__setattr__(self, "pages", pages)


@dataclass(frozen=True)
class Chunk:
    """A contiguous span of a document that is embedded and retrieved as one unit."""

    id: str
    doc_id: str
    title: str
    heading: str
    paragraph: int
    start: int
    end: int
    text: str
    context: str = ""  # title/heading line embedded in front of the text ("" when none fits)
    page: int | None = None  # PDF: the page the chunk starts on (1-based) ...
    page_end: int | None = None  # ... and the page it ends on
    page_breaks: tuple[tuple[int, int], ...] = ()  # (document offset, page) where each later page begins
    section: str = ""  # heading path from the file's structure ("Title › Heading 1 › Heading 2"), DOCX/HTML/PDF

    def __post_init__(self) -> None:
        if not isinstance(self.page_breaks, tuple) or any(not isinstance(b, tuple) for b in self.page_breaks):
            object.__setattr__(self, "page_breaks", tuple(tuple(b) for b in self.page_breaks))  # read back from JSON

    def pages_of(self, start: int, end: int) -> tuple[int | None, int | None]:
        """(first, last) page of the document range [start, end) inside this chunk; (None, None) without pages."""
        if self.page is None:
            return None, None
        first = next((page for at, page in reversed(self.page_breaks) if at <= start), self.page)
        last = next((page for at, page in reversed(self.page_breaks) if at < end), self.page)
        return first, max(first, last)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk, split and embedded at index time for the extractive answerer."""

    chunk_index: int  # row of the chunk in the store
    start: int  # document offsets
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores; `rank` starts at 1."""

    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None  # cosine with the query, when dense retrieval ran
    lexical: float | None = None  # BM25 score, when lexical retrieval ran


@dataclass(frozen=True)
class Citation:
    """`[n]` in an answer: the passage it names and, inside it, the quoted sentence."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    text: str  # the passage text == document.text[start:end]
    start: int
    end: int
    score: float
    quote_start: int  # the supporting sentence, document offsets within [start, end]
    quote_end: int
    page: int | None = None  # PDF: the page the quoted sentence is on (1-based); None for other sources
    page_end: int | None = None  # the page it ends on (a sentence can run over a page break)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What the pipeline returns for one question."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    timings_ms: dict[str, float] = field(default_factory=dict)
    resolved_question: str = ""  # the question after follow-up resolution
    notice: str = ""  # user-visible note, e.g. an LLM fallback
    uncited: tuple[str, ...] = ()  # answer sentences that carry no valid citation
    answerer: str = ""
    qualified: bool = False  # the quoted evidence answers a neighbouring question (another party, period...), and says so
    short: str = ""  # the smallest span of a cited sentence that answers the question; "" when none does
    short_start: int = -1  # its document offsets: documents(short_doc)[short_start:short_end] == short
    short_end: int = -1
    short_citation: int = 0  # the [n] of the sentence it comes from
    short_en: str = ""  # for an English question, a faithful English rendering of the short answer ("" when none)

    @property
    def decision(self) -> str:
        """ "answer", "qualified" or "refused"."""
        return "refused" if self.refused else "qualified" if self.qualified else "answer"

    def to_json(self, top: int = 10) -> dict:
        """The `rag ask --json` object (passages in rank order, top `top`)."""
        return {
            "question": self.question,
            "resolved_question": self.resolved_question or self.question,
            "answer": self.text,
            "refused": self.refused,
            "qualified": self.qualified,
            "decision": self.decision,
            "short": self.short,
            "short_start": self.short_start,
            "short_end": self.short_end,
            "short_citation": self.short_citation,
            "short_en": self.short_en,
            "answerer": self.answerer,
            "notice": self.notice,
            "uncited": list(self.uncited),
            "citations": [c.to_dict() for c in self.citations],
            "passages": [
                {
                    "rank": h.rank,
                    "chunk_id": h.chunk.id,
                    "doc_id": h.chunk.doc_id,
                    "title": h.chunk.title,
                    "heading": h.chunk.heading,
                    "text": h.chunk.text,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "score": round(h.score, 6),
                    "page": h.chunk.page,
                    "page_end": h.chunk.page_end,
                    "section": h.chunk.section,
                }
                for h in self.hits[:top]
            ],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }
