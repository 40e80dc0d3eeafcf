"""One suite over every Answerer: the extractive one, the OpenAI-compatible one against a real local
HTTP server, the transformers one with a tiny local model, and the fallback wrapping a failing LLM.

Whatever wrote it, a draft must stream as text pieces ending in one Draft, say whether it refused in
its `refused` field, and cite only passages that exist, so that rag.answer.cite turns it into
citations whose text is exactly the cited document range.
"""

from __future__ import annotations

import pytest

from rag.answer.cite import resolve
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.protocol import Answerer, AnswerRequest, Draft
from rag.config import Config
from rag.embed.hashing import HashEmbedder
from rag.factory import with_fallback
from rag.types import Hit
from tests.llm_server import base_url, serve

CORPUS = ("Acme opened its first plant in Suzhou in 2021. The plant cost 40 million dollars.\n\n"
          "The Suzhou plant makes 3-nanometre chips for phones. It employs 800 people.")
QUESTION = "When did Acme open its first plant?"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from index.build import build_index
    from index.store import FaissStore

    folder = tmp_path_factory.mktemp("contract")
    (folder / "acme.txt").write_text(CORPUS, encoding="utf-8")
    cfg = Config(corpus=(str(folder / "acme.txt"),), index_dir=str(folder / "index"), embedder="hash", chunk_tokens=24,
                 overlap_tokens=0)
    build_index(cfg, HashEmbedder(), progress=False)
    return FaissStore.open(cfg.index_dir)


@pytest.fixture(scope="module")
def request_(store) -> AnswerRequest:
    hits = tuple(Hit(chunk, 1.0 / n, n) for n, chunk in enumerate(store.chunks, 1))
    return AnswerRequest(QUESTION, hits, "en")


@pytest.fixture(scope="module")
def llm_server():
    with serve() as httpd:
        yield httpd


def _extractive(store, llm_server, tmp_path_factory):
    return ExtractiveAnswerer(store, HashEmbedder())


def _openai(store, llm_server, tmp_path_factory):
    from rag.answer.openai_compatible import OpenAICompatibleAnswerer

    return OpenAICompatibleAnswerer(base_url(llm_server), "answer")


def _transformers(store, llm_server, tmp_path_factory):
    from rag.answer.transformers_local import TransformersAnswerer
    from tests.tiny_llm import NEW_TOKENS, build_tiny_model

    return TransformersAnswerer(build_tiny_model(tmp_path_factory.mktemp("tiny")), max_new_tokens=NEW_TOKENS)


def _fallback(store, llm_server, tmp_path_factory):
    from rag.answer.openai_compatible import OpenAICompatibleAnswerer

    return with_fallback(OpenAICompatibleAnswerer(base_url(llm_server), "error500"), _extractive(store, llm_server, None))


@pytest.fixture(scope="module", params=[
    _extractive, _openai, pytest.param(_transformers, marks=pytest.mark.slow), _fallback,
], ids=["extractive", "openai-compatible", "transformers", "fallback"])
def answerer(request, store, llm_server, tmp_path_factory) -> Answerer:
    return request.param(store, llm_server, tmp_path_factory)


def test_is_an_answerer_with_a_name(answerer):
    assert isinstance(answerer, Answerer) and answerer.name in ("extractive", "openai", "transformers")


def test_stream_is_text_pieces_then_one_final_draft(answerer, request_):
    items = list(answerer.stream(request_))
    *pieces, draft = items
    assert isinstance(draft, Draft) and all(isinstance(p, str) for p in pieces)
    assert not any(isinstance(p, Draft) for p in pieces)
    assert "".join(pieces).strip() == draft.text.strip()  # what was shown is what was answered


def test_answer_equals_the_streamed_draft(answerer, request_):
    streamed = list(answerer.stream(request_))[-1]
    answered = answerer.answer(request_)
    assert (answered.text, answered.refused) == (streamed.text, streamed.refused)


def test_refusal_is_a_field_and_citations_quote_the_documents_exactly(answerer, request_, store):
    draft = answerer.answer(request_)
    assert isinstance(draft.refused, bool) and draft.text.strip()
    text, citations, _ = resolve(draft, request_.hits, lambda doc_id: store.documents[doc_id].text)
    for c in citations:
        document = store.documents[c.doc_id].text
        assert 1 <= c.n <= len(citations) and f"[{c.n}]" in text
        assert document[c.start : c.end] == c.text and c.start <= c.quote_start < c.quote_end <= c.end
    if draft.refused:
        assert not citations


def test_quoted_spans_lie_inside_their_passage(answerer, request_):
    draft = answerer.answer(request_)
    for n, spans in draft.quotes.items():
        hit = request_.hits[n - 1]
        assert all(hit.chunk.start <= s < e <= hit.chunk.end for s, e in spans)


def test_the_fallback_says_why_it_stands_in(request_, store, llm_server):
    draft = _fallback(store, llm_server, None).answer(request_)
    assert "HTTP 500" in draft.notice and not draft.refused
