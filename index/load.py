"""Open (or build) the index a configuration names, assemble the pipeline over it, and warm it up.

    from index.load import load_pipeline
    pipeline = load_pipeline(load_config())          # builds the index on first use
    pipeline.ask("千帆大模型平台集成了多少个模型？")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from index.build import open_index
from rag.answer.quantity import read_quantity
from rag.answer.span.shape import table as span_table
from rag.config import Config
from rag.factory import check_choices, make_embedder, make_pipeline
from rag.pipeline import Pipeline
from rag.text.tokenize import pos_words

# Warm-up questions: one Chinese (jieba, its part-of-speech tagger), one English (the dictionary bridge).
WARM_UP = ("这篇文章主要讲了什么？", "What is this about?")


def load_pipeline(cfg: Config, rebuild: bool = True, progress: bool = False, warm: bool = True) -> Pipeline:
    """The pipeline over the index for `cfg`; with `warm`, ready so the first question is as fast as the rest."""
    check_choices(cfg)  # a wrong setting is refused before an index is built
    embedder = make_embedder(cfg)
    store = open_index(cfg, embedder, rebuild=rebuild, progress=progress)
    pipeline = make_pipeline(cfg, store, embedder)
    if warm:
        warm_pipeline(pipeline)
    return pipeline


PRETAG_SENTENCES = 1000  # corpora up to this many sentences are tagged at start-up (~2.5 ms a sentence)
PRETABLE_SENTENCES = 256  # ... and have their short-answer spans made (~10 ms and 40 kB a sentence)


def warm_pipeline(pipeline: Pipeline) -> float:
    """`warm_up` with the pipeline's own extractive answerer, then `pretag`. Seconds taken."""
    started = time.perf_counter()
    warm_up(extractive_ask(pipeline))
    pretag(pipeline)
    return time.perf_counter() - started


def pretag(pipeline: Pipeline) -> None:
    """What the warm-up questions leave for a first question: the Chinese numeral reader (cn2an, ~0.8 s
    to import), the English forms of the corpus's words of letters, and, for a small corpus, every sentence's
    parts of speech, names and short-answer spans (their caches keep them), so no question waits for the
    tagger, the dictionary or the span maker on its evidence."""
    read_quantity("三千八百亿元")
    lexical = pipeline.extractive.store.lexical
    if lexical is not None:  # (simplemma's lexicon takes ~0.3 s to load; a Chinese corpus's Latin words, OpenAI,
        lexical.load_word_forms()  # are looked up by their English forms too, for a question in English)
    sentences = pipeline.extractive.store.sentences
    if len(sentences) <= PRETAG_SENTENCES:
        for sentence in sentences:
            pos_words(sentence.text)
            pipeline.names.names_in(sentence.text)  # (kept per text: the names the evidence checks read)
    if len(sentences) <= PRETABLE_SENTENCES:  # and their short-answer spans, within the spans' cache
        for sentence in sentences:
            if sentence.text.strip():
                span_table(sentence.text)


def extractive_ask(pipeline: Pipeline) -> Callable[[str], object]:
    """Ask `pipeline` with its extractive answerer: a warm-up never calls an LLM endpoint."""
    offline = replace(pipeline, answerer=pipeline.extractive, rewrite=None)
    return offline.ask


def warm_up(ask: Callable[[str], object], questions: tuple[str, ...] = WARM_UP) -> float:
    """Ask the warm-up questions, so what a first question would wait for (the model, jieba and its
    tagger, the dictionary bridge, the pages of the index; for the chat, the server's first request)
    is loaded before a user comes. `ask` is the pipeline's, or the chat server's API. Seconds taken."""
    started = time.perf_counter()
    for question in questions:
        ask(question)
    return time.perf_counter() - started
