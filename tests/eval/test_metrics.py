"""Per-question metrics against hand-computed values, plus properties that hold for any input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.dataset import EvalItem
from eval.metrics import (
    METRIC_KEYS,
    answer_containment,
    answer_sentences,
    citation_coverage,
    citation_precision,
    cmrc_em,
    cmrc_f1,
    f1_tokens,
    false_refusal,
    hit_at,
    key_fact_accuracy,
    mrr_at_10,
    ndcg_at_10,
    numeric_faithfulness,
    recall_at,
    refused_correctly,
    score_record,
)
from eval.normalize import contains, normalize, strip_citations, tokens

ITEM = EvalItem(
    id="q1",
    question="若游戏中离，则多少分钟内不得进行配对？",
    reference_answer="4分钟",
    key_facts=(("4分钟", "四分钟"),),
    support=("4分钟",),
    doc_ids=("D1",),
    lang="zh",
    type="span",
)
UNANSWERABLE = EvalItem(id="q2", question="月球上有几家银行？", answerable=False, lang="zh")


def passage(rank: int, text: str, doc_id: str = "D1") -> dict:
    return {"rank": rank, "chunk_id": f"c{rank}", "doc_id": doc_id, "title": "", "text": text,
            "start": 0, "end": len(text), "score": 1.0 / rank}  # fmt: skip


def citation(n: int, text: str, doc_id: str = "D1") -> dict:
    return {"n": n, "chunk_id": f"c{n}", "doc_id": doc_id, "title": "", "text": text, "start": 0,
            "end": len(text), "score": 1.0, "quote_start": 0, "quote_end": len(text)}  # fmt: skip


def record(answer: str = "", citations=(), passages=(), refused: bool = False) -> dict:
    return {"question": "", "answer": answer, "refused": refused, "citations": list(citations),
            "passages": list(passages), "timings_ms": {"total": 1.0}}  # fmt: skip


# ranks 1..5: wrong text, right text in a wrong document, right, wrong, right (full-width spacing)
RANKED = record(passages=[
    passage(1, "游戏开始前须选择角色。"),
    passage(2, "中离后4分钟内不得配对。", doc_id="D9"),
    passage(3, "若游戏中离，则4分钟内不得进行配对。"),
    passage(4, "生命数耗完即算踢爆。"),
    passage(5, "中离者 4 分钟 内不得配对"),
])  # fmt: skip


# ---- normalisation ------------------------------------------------------------------------------


def test_normalize_strips_markers_space_punctuation_and_case():
    assert strip_citations("投入超过1800亿元[1][2]。") == "投入超过1800亿元。"
    assert strip_citations("甲 [1, 2]乙【3】丙［4］") == "甲乙丙"
    assert normalize("“Hello, World!” 《书》（注）：；…—· [3]") == "helloworld书注"
    assert normalize("ＡＢＣ１２３") == "abc123"  # NFKC folds full-width forms


def test_contains_uses_normalised_forms_and_rejects_empty_needles():
    assert contains("中离者 4 分钟 内不得配对", "4分钟")
    assert not contains("中离者 4 分钟 内不得配对", "5分钟")
    assert not contains("anything", "")
    assert not contains("anything", "。[1]")


def test_tokens_split_han_characters_and_keep_latin_runs_whole():
    assert tokens("大约4分钟[1]") == ["大", "约", "4", "分", "钟"]
    assert tokens("Hello, World! GPT-4o中文 1,800") == ["hello", "world", "gpt4o", "中", "文", "1800"]


# ---- retrieval ----------------------------------------------------------------------------------


def test_retrieval_metrics_need_the_gold_document_and_a_support_string():
    assert hit_at(RANKED, ITEM, 1) == 0.0
    assert hit_at(RANKED, ITEM, 2) == 0.0  # rank 2 holds the text but in document D9
    assert hit_at(RANKED, ITEM, 3) == 1.0
    assert mrr_at_10(RANKED, ITEM) == pytest.approx(1 / 3)
    # relevant at ranks 3 and 5; ideal puts the two relevant passages at ranks 1 and 2
    dcg = 1 / math.log2(4) + 1 / math.log2(6)
    assert ndcg_at_10(RANKED, ITEM) == pytest.approx(dcg / (1 + 1 / math.log2(3)))


def test_retrieval_ignores_documents_when_the_item_names_none():
    anywhere = EvalItem(id="q", question="?", support=("4分钟",))
    assert hit_at(RANKED, anywhere, 2) == 1.0
    assert mrr_at_10(RANKED, anywhere) == 0.5


def test_recall_is_the_fraction_of_support_strings_found():
    item = EvalItem(id="q", question="?", support=("4分钟", "踢爆", "水炸弹"))
    assert recall_at(RANKED, item, 3) == pytest.approx(1 / 3)
    assert recall_at(RANKED, item, 5) == pytest.approx(2 / 3)
    assert recall_at(RANKED, item, 10) == pytest.approx(2 / 3)


def test_key_fact_groups_stand_in_for_missing_support():
    item = EvalItem(id="q", question="?", key_facts=(("四分钟", "4分钟"), ("踢爆",)))
    assert recall_at(RANKED, item, 3) == 0.5
    assert hit_at(RANKED, item, 3) == 1.0


def test_no_relevant_passage_scores_zero_and_unanswerable_is_not_scored():
    empty = record(passages=[passage(1, "无关内容")])
    assert (hit_at(empty, ITEM, 5), mrr_at_10(empty, ITEM), ndcg_at_10(empty, ITEM)) == (0.0, 0.0, 0.0)
    assert hit_at(RANKED, UNANSWERABLE, 5) is None
    assert recall_at(RANKED, UNANSWERABLE, 5) is None
    assert ndcg_at_10(RANKED, UNANSWERABLE) is None


# ---- answers ------------------------------------------------------------------------------------


def test_cmrc_f1_with_mixed_chinese_and_digits():
    # prediction 大 约 4 分 钟 vs reference 4 分 钟: common run 3, P = 3/5, R = 1, F1 = 0.75
    rec = record("大约4分钟[1]")
    assert cmrc_f1(rec, ITEM) == pytest.approx(0.75)
    assert cmrc_em(rec, ITEM) == 0.0


def test_cmrc_f1_uses_the_longest_contiguous_run_not_a_bag_of_tokens():
    # shared tokens 分 钟 4 but the longest contiguous shared run is 分钟 (2): P = 2/3, R = 2/3
    assert f1_tokens(tokens("分钟4"), tokens("4分钟")) == pytest.approx(2 / 3)
    # english tokens are words: "new york city" vs "york city": P = 2/3, R = 1, F1 = 0.8
    assert f1_tokens(tokens("New York City"), tokens("york city")) == pytest.approx(0.8)


def test_cmrc_em_ignores_case_punctuation_markers_and_takes_any_reference():
    assert cmrc_em(record("4分钟。[1]"), ITEM) == 1.0
    assert cmrc_em(record("四分钟"), ITEM) == 1.0  # an alternative of key-fact group 0
    assert cmrc_f1(record("四分钟"), ITEM) == 1.0
    item = EvalItem(id="q", question="?", reference_answer="Baidu Inc.")
    assert cmrc_em(record("baidu, inc"), item) == 1.0


def test_refusals_score_zero_on_answer_metrics_of_answerable_items():
    rec = record("抱歉，资料中没有提到4分钟。", refused=True)
    assert cmrc_f1(rec, ITEM) == 0.0
    assert key_fact_accuracy(rec, ITEM) == 0.0
    assert answer_containment(rec, ITEM) == 0.0
    assert cmrc_f1(rec, UNANSWERABLE) is None
    assert key_fact_accuracy(rec, UNANSWERABLE) is None


def test_key_fact_accuracy_needs_one_string_of_every_group():
    item = EvalItem(id="q", question="?", key_facts=(("1800亿", "1,800亿"), ("十年", "10年")))
    assert key_fact_accuracy(record("近10年投入超过1,800亿元[1]。"), item) == 1.0
    assert key_fact_accuracy(record("投入超过1800亿元[1]。"), item) == 0.0


def test_answer_containment():
    assert answer_containment(record("中离后大约 4 分钟内[1]不能配对"), ITEM) == 1.0
    assert answer_containment(record("中离后不能配对"), ITEM) == 0.0


# ---- citations ----------------------------------------------------------------------------------


def test_citation_precision_counts_citations_holding_a_support_string():
    rec = record("4分钟[1][2]。", citations=[citation(1, "4分钟内不得配对"), citation(2, "游戏开始")])
    assert citation_precision(rec, ITEM) == 0.5
    assert citation_precision(record("4分钟。"), ITEM) is None
    assert citation_precision(rec, UNANSWERABLE) is None


def test_answer_sentences_attach_trailing_markers():
    assert answer_sentences("甲[1]。乙。[2]\n\n丙！”") == ["甲[1]。", "乙。[2]", "丙！"]


def test_citation_coverage_counts_sentences_with_a_valid_marker():
    cites = [citation(1, "x"), citation(2, "y")]
    # 甲 cites 1, 乙 cites 7 (not a citation), 丙 cites nothing, 丁 cites 2 after its full stop
    rec = record("甲[1]。乙[7]！丙？丁。[2]", citations=cites)
    assert citation_coverage(rec, ITEM) == 0.5
    assert citation_coverage(record("无法回答。", refused=True), ITEM) is None


def test_numeric_faithfulness_checks_numbers_against_the_cited_passage():
    cites = [citation(1, "研发投入超过1,800亿元"), citation(2, "毛利率为50%，营收635.25亿")]
    assert numeric_faithfulness(record("投入超过1800亿元[1]。毛利率50%[2]。", cites), ITEM) == 1.0
    # 635.25 is in passage 2, but its sentence cites only passage 1
    assert numeric_faithfulness(record("营收635.25亿[1]。", cites), ITEM) == 0.0
    # a sentence citing nothing may use any cited passage
    assert numeric_faithfulness(record("营收635.25亿。", cites), ITEM) == 1.0
    assert numeric_faithfulness(record("营收635亿[2]。", cites), ITEM) == 0.0
    assert numeric_faithfulness(record("没有数字[1]。", cites), ITEM) is None


def test_refusal_metrics():
    assert refused_correctly(record(refused=True), UNANSWERABLE) == 1.0
    assert refused_correctly(record("月球上有三家。"), UNANSWERABLE) == 0.0
    assert refused_correctly(record(refused=True), ITEM) is None
    assert false_refusal(record(refused=True), ITEM) == 1.0
    assert false_refusal(record("4分钟"), ITEM) == 0.0
    assert false_refusal(record(refused=True), UNANSWERABLE) is None


def test_score_record_returns_every_key_in_a_stable_order():
    rec = record("大约4分钟[1]。", [citation(1, "若游戏中离，则4分钟内不得进行配对。")],
                 RANKED["passages"])  # fmt: skip
    scores = score_record(rec, ITEM)
    assert tuple(scores) == METRIC_KEYS
    assert scores["hit@3"] == 1.0 and scores["cmrc_f1"] == pytest.approx(0.75)
    assert scores["numeric_faithfulness"] == 1.0 and scores["refused_correctly"] is None


# ---- properties ---------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("4分钟游戏中离配对ab AB,。，[1]2.%")), max_size=20)


@given(answer=TEXT, reference=TEXT, passage_texts=st.lists(TEXT, max_size=10), refused=st.booleans())
def test_every_metric_is_in_the_unit_interval_or_none(answer, reference, passage_texts, refused):
    item = EvalItem(id="q", question="?", reference_answer=reference, support=(reference,))
    passages = [passage(i + 1, t) for i, t in enumerate(passage_texts)]
    rec = record(answer, [citation(1, t) for t in passage_texts[:2]], passages, refused)
    for key, value in score_record(rec, item).items():
        assert value is None or 0.0 <= value <= 1.0, key


@given(a=TEXT, b=TEXT)
def test_f1_is_symmetric_and_one_exactly_when_tokens_match(a, b):
    ta, tb = tokens(a), tokens(b)
    f1 = f1_tokens(ta, tb)
    assert f1 == pytest.approx(f1_tokens(tb, ta))
    if ta and tb:
        assert (f1 == pytest.approx(1.0)) == (ta == tb)
        item = EvalItem(id="q", question="?", reference_answer=b)
        assert (cmrc_f1(record(a), item) == pytest.approx(1.0)) == (cmrc_em(record(a), item) == 1.0)
