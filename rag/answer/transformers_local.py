"""An answerer that runs a local transformers chat model (a folder, or an id already in the local cache).

Nothing is downloaded: a hub id is opened with `local_files_only=True`, so without a cached copy it
fails at once and says to pass `--llm-model PATH`. torch and transformers are imported on first use,
the model loads then too, and generation is greedy, streamed through `TextIteratorStreamer` from a
worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.answer.errors import LLMError
from rag.answer.prompt import Message, answer_messages, stream_reply
from rag.answer.protocol import AnswerRequest, Draft, final_draft

log = logging.getLogger(__name__)

HINT = "Pass `--llm-model PATH` to a local folder holding a chat model (config, weights, tokenizer)."


class TransformersAnswerer:
    """A causal LM with a chat template, loaded lazily from `model` (path or cached hub id)."""

    name = "transformers"

    def __init__(self, model: str, max_new_tokens: int = 256, device: str = "cpu"):
        self.model_ref = model
        self.max_new_tokens = max_new_tokens
        self.device = device
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TransformersAnswerer(model={self.model_ref!r}, device={self.device!r})"

    # the Answerer protocol

    def answer(self, request: AnswerRequest) -> Draft:
        return final_draft(self.stream(request))

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        for item in stream_reply(self._generate(answer_messages(request))):
            if isinstance(item, Draft) and not item.text:
                raise LLMError(f"local model {self.model_ref} returned an empty answer")
            yield item

    # loading

    def _load(self) -> tuple[Any, Any]:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._tokenizer, self._model = self._open()
        return self._tokenizer, self._model

    def _open(self) -> tuple[Any, Any]:
        path = Path(self.model_ref).expanduser()
        from_cache = not path.exists()
        if not from_cache:
            source = str(path)
        elif self.model_ref.startswith((".", "/", "~")) or not self.model_ref.strip():
            raise LLMError(f"local model path {self.model_ref!r} does not exist. {HINT}")
        else:
            source = self.model_ref  # a hub id: only a copy already in the local cache will do
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as e:
            raise LLMError("the transformers answerer needs torch and transformers: "
                           f"pip install 'fullstack-rag[llm]'. {e}") from e
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(source, local_files_only=True)
        except Exception as e:
            if from_cache:
                raise LLMError(
                    f"model {self.model_ref!r} is not a local folder and not in the local model cache "
                    f"(nothing is downloaded). {HINT}"
                ) from e
            raise LLMError(f"could not load local model {self.model_ref}: {type(e).__name__}: {e}") from e
        if not getattr(tokenizer, "chat_template", None):
            raise LLMError(f"model {self.model_ref} has no chat template; use an instruction-tuned chat model. {HINT}")
        model.to(self.device)
        model.eval()
        log.info("loaded local LLM %s on %s", self.model_ref, self.device)
        return tokenizer, model

    # generation

    def _generate(self, messages: list[Message]) -> Iterator[str]:
        """Decoded text pieces as the model writes them; stops the worker if the caller stops reading."""
        tokenizer, model = self._load()
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        try:
            inputs = tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
            ).to(self.device)
        except Exception as e:
            raise LLMError(f"local model {self.model_ref}: chat template failed: {type(e).__name__}: {e}") from e

        cancelled = threading.Event()

        class _Cancelled(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                return torch.full((input_ids.shape[0],), cancelled.is_set(), dtype=torch.bool, device=input_ids.device)

        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        failure: list[BaseException] = []
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

        def run() -> None:
            try:
                with torch.inference_mode():
                    model.generate(
                        **inputs, streamer=streamer, max_new_tokens=self.max_new_tokens, do_sample=False,
                        pad_token_id=pad, stopping_criteria=StoppingCriteriaList([_Cancelled()]),
                    )
            except BaseException as e:  # reported to the reader, which would otherwise wait forever
                failure.append(e)
                streamer.on_finalized_text("", stream_end=True)

        worker = threading.Thread(target=run, name="llm-generate", daemon=True)
        worker.start()
        try:
            for text in streamer:
                if text:
                    yield text
        finally:
            cancelled.set()
        worker.join()
        if failure:
            e = failure[0]
            raise LLMError(f"local model {self.model_ref}: generation failed: {type(e).__name__}: {e}") from e
