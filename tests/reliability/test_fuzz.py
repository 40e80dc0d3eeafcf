"""Property-based tests: arbitrary input never raises anything but the documented error, and the
invariants the rest of the system relies on hold (offsets slice exactly, citations in range and
numbered in order, markup always escaped, names stay in their folder).

Covers the cleaner, the chunker, the citation resolver, the decoder, question checks, the dataset
loader, upload names and the chat renderer. Some properties of the cleaner and chunker on their own
alphabets live in tests/rag/test_clean.py and test_chunk.py; these use arbitrary Unicode.
"""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rag.answer.cite import MARKER, resolve
from rag.answer.protocol import Draft
from rag.embed.hashing import HashEmbedder
from rag.ingest.chunk import ChunkingError, ChunkSettings, chunk_document
from rag.ingest.clean import clean_text
from rag.ingest.corpus import make_document
from rag.ingest.decode import DecodeError, decode_bytes
from rag.pipeline import QuestionError, check_question
from rag.types import Chunk, Hit

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# any code point except surrogates (which no decoded text holds), weighted towards what documents hold
ANY_CHAR = st.characters(exclude_categories=("Cs",))
TEXTISH = st.one_of(
    st.sampled_from(list("百度阿里云的研发投入亿元年。，！？、；：“”（）《》")),
    st.sampled_from(list("abcXYZ019 .,!?()[]【】#*-<>&\"'")),
    st.sampled_from(["\n", "\n\n", "\r\n", "\t", "\u3000", "\u200b", "\ufeff", "\x00", "\x1b", "\ufffd", "?", "(de)",
                     "(cheng)", "# 标题\n", "🤖", "\u202e", "𠀀"]),
    ANY_CHAR,
)
DOC_TEXT = st.lists(TEXTISH, max_size=400).map("".join)


# ---- cleaner -----------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(DOC_TEXT, st.text(ANY_CHAR, max_size=300)))
def test_cleaner_output_is_plain_normalised_text_with_exact_lines(raw):
    result = clean_text(raw)
    text = result.text
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\n" for ch in text)
    assert not re.search("[\ufdd0-\ufdef\ufffe\uffff]", text)
    assert "\r" not in text and "\n\n\n" not in text and text == text.strip("\n")
    for line in text.split("\n"):
        assert line == line.strip(" ")
    for line in result.lines:
        assert text[line.start:line.end] == line.text and line.text.strip()
    assert [ln.index for ln in result.lines] == list(range(len(result.lines)))
    assert clean_text(text).text == text  # idempotent


# ---- chunker -----------------------------------------------------------------------------------


@FUZZ
@given(DOC_TEXT, st.integers(12, 120), st.integers(0, 40))
def test_chunks_slice_the_document_and_fit_the_model(raw, size, overlap):
    doc, _ = make_document("d", "标题<script>", raw, "fuzz")
    emb = HashEmbedder(max_tokens=200)
    try:
        chunks = chunk_document(doc, emb.count_tokens, emb.max_tokens, ChunkSettings(chunk_tokens=size, overlap_tokens=overlap))
    except ChunkingError as e:
        assert "chunk_tokens" in str(e)  # a chunk size too small for the title: a clear error
        return
    if doc.text.strip():
        assert chunks
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text and c.text == c.text.strip() and c.text
        assert emb.count_tokens(c.context + c.text) <= min(size, emb.max_tokens)
    covered = [False] * len(doc.text)
    for c in chunks:
        covered[c.start:c.end] = [True] * (c.end - c.start)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(doc.text))
    assert len({c.id for c in chunks}) == len(chunks)


# ---- citations ---------------------------------------------------------------------------------

FILLER = st.lists(st.sampled_from(list("百度研发投入超过亿元阿里云 abc019.。！？!?，,\n") + ["。 ", ". ", "……"]),
                  max_size=12).map("".join)


@st.composite
def marker(draw) -> str:
    numbers = draw(st.lists(st.integers(0, 12), min_size=1, max_size=3))
    sep = draw(st.sampled_from([",", "，", "、", ", ", " , "]))
    left, right = draw(st.sampled_from([("[", "]"), ("【", "】"), ("[ ", " ]"), ("【", "]")]))
    return left + sep.join(map(str, numbers)) + right


@st.composite
def corpus_and_hits(draw):
    """Documents with random text, and hits over random chunk spans of them (as a retriever returns)."""
    docs = {}
    for d in range(draw(st.integers(1, 3))):
        docs[f"doc{d}"] = draw(st.lists(st.sampled_from(["百度研发投入超过1800亿元。", "阿里云投入3800亿元！", "Revenue grew. ",
                                                          "它是谁？", "\n", "第二段，继续说明；", "abc"]),
                                        min_size=1, max_size=15).map("".join))
    hits = []
    for rank in range(1, draw(st.integers(0, 8)) + 1):
        doc_id = draw(st.sampled_from(sorted(docs)))
        text = docs[doc_id]
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        chunk = Chunk(f"{doc_id}#{rank}", doc_id, "T", "", 0, start, end, text[start:end])
        hits.append(Hit(chunk, draw(st.floats(0, 1)), rank))
    return docs, hits


@st.composite
def drafts(draw, n_hits: int):
    parts = draw(st.lists(st.one_of(FILLER, marker()), max_size=14))
    quotes = {}
    if draw(st.booleans()):
        for n in draw(st.lists(st.integers(1, max(1, n_hits)), max_size=3)):
            quotes[n] = ()  # filled in by the test, inside the hit's chunk
    return Draft("".join(parts), refused=draw(st.booleans()) and draw(st.booleans()), quotes=quotes)


@FUZZ
@given(st.data())
def test_resolve_ties_markers_to_exact_spans_numbered_in_order(data):
    docs, hits = data.draw(corpus_and_hits())
    draft = data.draw(drafts(len(hits)))
    quotes = {}
    for n in draft.quotes:
        if n <= len(hits):
            c = hits[n - 1].chunk
            s = data.draw(st.integers(c.start, c.end - 1))
            quotes[n] = ((s, data.draw(st.integers(s + 1, c.end))),)
    draft = Draft(draft.text, draft.refused, quotes)

    text, citations, uncited = resolve(draft, hits, docs.__getitem__)

    assert MARKER.sub("", text).strip() == MARKER.sub("", draft.text).strip()  # only markers change
    if draft.refused:
        assert citations == () and uncited == () and not MARKER.search(text)
        return
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    shown = [int(m.group(1)) for m in re.finditer(r"\[(\d+)\]", text)]
    assert set(shown) == {c.n for c in citations}
    first_seen = list(dict.fromkeys(shown))
    assert first_seen == sorted(first_seen) == list(range(1, len(citations) + 1))  # renumbered by appearance
    assert all(re.fullmatch(r"\[\d+\]", m.group(0)) for m in MARKER.finditer(text))  # one number per marker
    by_chunk = {h.chunk.id: h.chunk for h in hits}
    for c in citations:
        assert c.chunk_id in by_chunk and docs[c.doc_id][c.start:c.end] == c.text == by_chunk[c.chunk_id].text
        assert c.start <= c.quote_start < c.quote_end <= c.end
    for sentence in uncited:
        assert sentence in text and not re.search(r"\[\d+\]", sentence)


# ---- decoder -----------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=3000))
def test_decoder_returns_text_or_a_decode_error(data):
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except DecodeError as e:
        assert "fuzz.txt" in str(e)
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding
    text.encode("utf-8")  # real text: no lone surrogates


@settings(max_examples=300, deadline=None)
@given(st.text(ANY_CHAR, max_size=300))
def test_decoder_reads_utf8_back_exactly(text):
    assume("\x00" not in text and not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="gb18030", exclude_categories=("Cs", "Cc")), min_size=1, max_size=200))
def test_decoder_reads_gb18030_or_reports_it(text):
    data = text.encode("gb18030")
    try:
        decoded, encoding = decode_bytes(data)
    except DecodeError:
        return
    if encoding in ("utf-8", "gb18030"):
        assert decoded == text or data.decode(encoding) == decoded


# ---- questions ---------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(st.text(max_size=300), st.text(ANY_CHAR, max_size=3000), st.none(), st.integers(), st.binary()))
def test_question_check_gives_plain_bounded_text_or_a_question_error(question):
    try:
        q, notice = check_question(question, 2000)
    except QuestionError as e:
        assert str(e)
        return
    assert q == q.strip() and q and len(q) <= 2000
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]", q)
    if notice:
        assert len(q) == 2000 and len(question) > 2000 and "2000" in notice
    q.encode("utf-8")


# ---- dataset loader ----------------------------------------------------------------------------

JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                          max_leaves=12)
FIELDS = ["id", "question", "reference_answer", "key_facts", "support", "doc_ids", "answerable", "lang", "type", "history"]
RECORD = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUE | st.lists(st.lists(st.text(max_size=5), max_size=3), max_size=3),
                         max_size=len(FIELDS))
LINE = st.one_of(RECORD.map(lambda r: json.dumps(r, ensure_ascii=False)), JSON_VALUE.map(json.dumps),
                 st.text(ANY_CHAR, max_size=80), st.just(""), st.just('{"id": "a", "question": "q"}'))


@FUZZ
@given(st.lists(LINE, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_dataset_loader_raises_only_dataset_errors(lines, newline):
    from eval.dataset import DatasetError, EvalItem, parse_dataset

    try:
        items = parse_dataset(newline.join(lines), "fuzz.jsonl")
    except DatasetError as e:
        assert e.errors and all(re.match(r"line \d+: |no items", m) for m in e.errors)
        return
    assert items and all(isinstance(i, EvalItem) and isinstance(i.id, str) and isinstance(i.question, str) for i in items)
    assert len({i.id for i in items}) == len(items)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_dataset_file_of_random_bytes_raises_only_dataset_errors(tmp_path_factory, data):
    from eval.dataset import DatasetError, load_dataset

    path = tmp_path_factory.mktemp("ds") / "d.jsonl"
    path.write_bytes(data)
    try:
        load_dataset(path)
    except DatasetError:
        pass


# ---- upload names and the chat renderer ----------------------------------------------------------


@FUZZ
@given(st.text(ANY_CHAR, max_size=120) | st.text(st.sampled_from(list("./\\:.\x00 ~C$")), max_size=20))
def test_upload_names_stay_in_their_folder(tmp_path_factory, name):
    from index.collections import inside, safe_filename

    safe = safe_filename(name)
    assert safe and safe not in (".", "..") and not re.search(r"[/\\\x00-\x1f<>:\"|?*]", safe)
    assert safe_filename(safe) == safe and len(safe) <= 80
    folder = tmp_path_factory.mktemp("up")
    assert inside(folder, safe).parent == folder.resolve()


OUR_TAGS = re.compile(r'<a class="cite" href="#cite-\d+-\d+"(?: title="[^"<>]*")?>\[\d+\]</a>'
                      r'|<span class="cite-pending">|</span>|<br>')


@FUZZ
@given(st.text(max_size=200), st.dictionaries(st.integers(1, 20), st.text(max_size=30), max_size=5))
def test_rendered_answers_hold_no_markup_but_ours(text, cited):
    from ui.render import answer_body, question_html

    assert "<" not in OUR_TAGS.sub("", answer_body(text, 0, cited))
    assert "<" not in OUR_TAGS.sub("", question_html(text)[len('<div class="rag-q">'):-len("</div>")])
