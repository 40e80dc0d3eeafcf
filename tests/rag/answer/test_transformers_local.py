"""The transformers answerer with a tiny random chat model built and saved inside the test (no download).

The model's output head is zeroed, so greedy decoding always picks token 0 ("acme"): its text is
nonsense but predictable, which shows that generation ran and streamed.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from rag.answer.errors import LLMError
from rag.answer.protocol import Answerer, AnswerRequest, Draft
from rag.answer.transformers_local import TransformersAnswerer
from rag.types import Chunk, Hit
from tests.tiny_llm import NEW_TOKENS, SENTENCES, build_tiny_model


def make_request(lang: str = "en") -> AnswerRequest:
    text = SENTENCES[0]
    chunk = Chunk(id="c1", doc_id="d", title="acme", heading="history", paragraph=0, start=0, end=len(text), text=text)
    return AnswerRequest(question="when did acme open its first plant", hits=(Hit(chunk=chunk, score=1.0, rank=1),), lang=lang)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> str:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-chat-lm"))


def test_module_imports_without_torch_or_transformers():
    code = (
        "import sys, rag.answer.transformers_local, rag.answer.openai_compatible, rag.answer.fallback, rag.answer.prompt; "
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]; "
        "assert not heavy, heavy; rag.answer.transformers_local.TransformersAnswerer('/no/such/model')"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_answer_loads_the_local_folder_and_generates(tiny_model):
    answerer = TransformersAnswerer(tiny_model, max_new_tokens=NEW_TOKENS)
    assert isinstance(answerer, Answerer) and answerer.name == "transformers"
    draft = answerer.answer(make_request())
    assert isinstance(draft, Draft) and not draft.refused
    assert draft.text.split() == ["acme"] * NEW_TOKENS  # generation ran for max_new_tokens greedy steps


@pytest.mark.slow
def test_stream_yields_text_then_a_draft(tiny_model):
    items = list(TransformersAnswerer(tiny_model, max_new_tokens=NEW_TOKENS).stream(make_request("zh")))
    pieces, draft = items[:-1], items[-1]
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert isinstance(draft, Draft) and "".join(pieces).strip() == draft.text


@pytest.mark.slow
def test_uncached_hub_id_fails_fast_naming_the_flag(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    answerer = TransformersAnswerer("someone/not-cached-chat-model-xyz")
    started = time.monotonic()
    with pytest.raises(LLMError, match="--llm-model PATH"):
        answerer.answer(make_request())
    assert time.monotonic() - started < 10


def test_missing_local_path_is_named():
    with pytest.raises(LLMError, match="does not exist"):
        TransformersAnswerer("./no/such/model").answer(make_request())
