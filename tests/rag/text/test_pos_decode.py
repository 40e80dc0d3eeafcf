"""The tagger's faster decoder gives jieba's own decoder's tags, on real text and on made-up character runs."""

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.text.pos_decode import viterbi
from rag.text.tokenize import ensure_jieba

ROOT = Path(__file__).parents[3]
ensure_jieba()
import jieba.posseg as pseg  # noqa: E402  (after ensure_jieba: the dictionary is loaded quietly)
from jieba.posseg import char_state_tab, prob_emit, prob_start, prob_trans  # noqa: E402

JIEBAS = sys.modules["jieba.posseg.viterbi"].viterbi  # jieba's decoder, as its module defines it
MODEL = (char_state_tab.P, prob_start.P, prob_trans.P, prob_emit.P)


def _texts() -> list[str]:
    texts = (ROOT / "rag" / "data" / "full-stack-ai-cloud.txt").read_text(encoding="utf-8").splitlines()
    for name in ("article", "article_paraphrase", "article_traps"):
        with open(ROOT / "eval" / "datasets" / f"{name}.jsonl", encoding="utf-8") as f:
            texts += [json.loads(line)["question"] for line in f if line.strip()]
    return [t for t in texts if t.strip()]


def _tagged(text: str, decoder) -> list[tuple[str, str]]:
    saved = pseg.viterbi
    pseg.viterbi = decoder
    try:
        return [(w.word, w.flag) for w in pseg.cut(text)]
    finally:
        pseg.viterbi = saved


def test_jiebas_tagger_uses_the_faster_decoder_once_loaded():
    assert pseg.viterbi is viterbi


def test_the_article_and_questions_are_tagged_as_jiebas_decoder_tags_them():
    texts = _texts()
    assert len(texts) > 200
    calls = []

    def recording(*args):
        calls.append(args[0])
        return JIEBAS(*args)

    ours = [_tagged(t, viterbi) for t in texts]
    assert ours == [_tagged(t, recording) for t in texts]
    assert len(calls) > 100  # the decoder was really exercised: runs of words the dictionary lacks


# common characters, characters the tag model never saw (every state possible), and repeats of either
_HAN = sorted(ch for ch in char_state_tab.P if len(ch) == 1)  # every character the model knows
_RARE = list("乂乜亍丌夬爻彳丮卅廾弋刂冫凵匚卩厶廴巛")
_runs = st.text(alphabet=st.sampled_from(_HAN + _RARE), min_size=1, max_size=14)


@settings(max_examples=400, deadline=None)
@given(_runs)
def test_any_run_of_characters_is_decoded_as_jiebas_decoder_decodes_it(run):
    assert viterbi(run, *MODEL) == JIEBAS(run, *MODEL)


# characters the model never saw (any state), and 铡, none of whose states follows from 毽's
@pytest.mark.parametrize("run", ["乂乜亍丌夬", "爻彳丮卅廾弋", "的乂的乜", "千帆大模型", "阚毽铡"])
def test_unusual_runs_decode_the_same(run):
    assert viterbi(run, *MODEL) == JIEBAS(run, *MODEL)
