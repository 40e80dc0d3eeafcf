"""How hybrid retrieval weighs meaning against shared words (pure: no index, no model)."""

from rag.factory import fitted_coverage_weights
from rag.retrieve.hybrid import Candidates, HybridRetriever


def found(coverage: float, cross: bool = False) -> Candidates:
    return Candidates(None, [], [], {}, cross, coverage, {})


def test_the_dense_weight_follows_the_share_of_the_questions_words_in_the_corpus():
    uncovered, covered = fitted_coverage_weights()  # rag/data/fitted/fusion.json
    retriever = HybridRetriever(store=None, embedder=None, coverage_weights=(uncovered, covered))
    assert retriever.weight_of(found(0.0)) == uncovered and retriever.weight_of(found(1.0)) == covered
    assert uncovered > retriever.weight_of(found(0.5)) > covered  # colloquial wording leans on meaning
    assert retriever.weight_of(found(0.0, cross=True)) == retriever.cross_lingual_dense_weight


def test_without_fitted_weights_the_configured_weight_holds():
    retriever = HybridRetriever(store=None, embedder=None, dense_weight=0.6)
    assert retriever.weight_of(found(0.0)) == retriever.weight_of(found(1.0)) == 0.6
