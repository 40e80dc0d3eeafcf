"""Loading a pipeline warm: what a first question would otherwise wait for is done at start-up."""

from __future__ import annotations


def test_a_small_corpus_has_every_sentence_tagged_and_named_at_start_up(article_index):
    from index.load import load_pipeline
    from rag.text.tokenize import _pos_words

    pipeline = load_pipeline(article_index[0], rebuild=False)
    texts = [s.text for s in pipeline.extractive.store.sentences]
    assert texts and all(t in pipeline.names._names_of for t in texts)  # the names the evidence checks read
    misses = _pos_words.cache_info().misses
    for t in texts:
        _pos_words(t)
    assert _pos_words.cache_info().misses == misses  # every sentence's parts of speech are kept
