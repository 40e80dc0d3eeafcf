"""Open (or build) the index a configuration names and assemble the pipeline over it."""

from __future__ import annotations

from index.build import open_index
from rag.config import Config
from rag.factory import check_choices, make_embedder, make_pipeline
from rag.pipeline import Pipeline

# Warm-up questions: one Chinese (jieba, its part-of-speech tagger), one English.
WARM_UP = ("这篇文章主要讲了什么？", "What is this about?")


def load_pipeline(cfg: Config, rebuild: bool = True, progress: bool = False, warm: bool = True) -> Pipeline:
    """The pipeline over the index for `cfg`; with `warm`, ready so the first question is as fast as the rest."""
    check_choices(cfg)  # a wrong setting is refused before an index is built
    embedder = make_embedder(cfg)
    store = open_index(cfg, embedder, rebuild=rebuild, progress=progress)
    pipeline = make_pipeline(cfg, store, embedder)
    if warm:
        warm_up(pipeline)
    return pipeline


def warm_up(pipeline: Pipeline) -> None:
    """Load what a first question would otherwise wait for (the model, jieba and its tagger, the
    pages of the index) by running the steps before answering on two questions. No answerer runs,
    so an LLM endpoint is not called."""
    for question in WARM_UP:
        pipeline.inspect(question)
