"""Open (or build) the index a configuration names and assemble the pipeline over it."""

from __future__ import annotations

from index.build import open_index
from rag.config import Config
from rag.factory import make_embedder, make_pipeline
from rag.pipeline import Pipeline


def load_pipeline(cfg: Config, rebuild: bool = True, progress: bool = False) -> Pipeline:
    embedder = make_embedder(cfg)
    store = open_index(cfg, embedder, rebuild=rebuild, progress=progress)
    return make_pipeline(cfg, store, embedder)
