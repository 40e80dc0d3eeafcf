"""An English document asked in English, end to end (real model, real FAISS): a question's inflections and
accented names are no words the document lacks, and what it never says is still refused."""

import pytest

from rag.factory import make_pipeline

pytestmark = pytest.mark.slow

REPORT = """Solar Power in Spain

Spain installed 8.2 gigawatts of new solar capacity in 2023, bringing its total to about 34 gigawatts. The
national grid operator, Red Eléctrica, reported that solar panels supplied 17 percent of the country's
electricity that year.

The largest plant, Núñez de Balboa in Extremadura, covers 1,000 hectares and was built by the utility
Iberdrola for 290 million euros. It opened in April 2020.

Critics warn that the rapid build-out has pushed wholesale prices close to zero on sunny afternoons. The
government plans to auction 3 gigawatts of battery storage by 2026 to absorb the midday surplus.

A study of the grid, led by Dr. Elena Ruiz of the University of Seville, found that storage could halve
the solar power wasted at midday.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, e5):
    from index.build import build_index
    from index.store import FaissStore
    from rag.config import Config

    folder = tmp_path_factory.mktemp("english")
    (folder / "solar.txt").write_text(REPORT, encoding="utf-8")
    cfg = Config(index_dir=str(folder / "index"), corpus=(str(folder / "solar.txt"),))
    build_index(cfg, e5, progress=False)
    return make_pipeline(cfg, FaissStore.open(cfg.index_dir), e5)


@pytest.mark.parametrize("question,fact", [
    ("When did the largest plant open?", "April 2020"),  # the document writes "opened"
    ("How much battery storage will be auctioned?", "3 gigawatts"),  # ... "auction"
    ("Who built the Núñez de Balboa plant?", "Iberdrola"),  # a name with accents is a name the document has
    ("How much solar capacity did Spain install in 2023?", "8.2 gigawatts"),
    ("How big is the largest plant?", "1,000 hectares"),  # "big" of "how big" asks a size, as 多大 does
])
def test_an_english_question_is_answered_from_an_english_document(pipeline, question, fact):
    answer = pipeline.ask(question)
    assert not answer.refused and fact in answer.text and answer.citations
    # the hard-wrapped sentence is quoted whole and ends as English does
    assert "。" not in answer.text and answer.text.rstrip().endswith(".")
    # the short answer is the phrase of the asked type, cut from the cited sentence of the document
    assert answer.short == fact and not answer.short_en
    cited = answer.citations[answer.short_citation - 1]
    document = pipeline.documents(cited.doc_id)
    assert document[answer.short_start:answer.short_end] == fact
    assert cited.quote_start <= answer.short_start < answer.short_end <= cited.quote_end


@pytest.mark.parametrize("question,short", [
    ("Which utility built the largest plant?", "Iberdrola"),  # a kind of body asked: a name, not the plant's
    ("Who led the study of the grid?", "Dr. Elena Ruiz"),  # "Dr." ends no sentence: the name is quoted whole
])
def test_a_name_asked_is_the_short_answer(pipeline, question, short):
    answer = pipeline.ask(question)
    assert not answer.refused and short in answer.text and answer.short == short


def test_an_english_question_no_phrase_answers_gets_the_sentence_alone(pipeline):
    answer = pipeline.ask("Why are wholesale prices close to zero on sunny afternoons?")
    assert not answer.refused and "build-out" in answer.text and not answer.short


@pytest.mark.parametrize("question", ["How many wind turbines does Spain have?", "What was Iberdrola's profit in 2023?",
                                      "Who built the Müller plant?"])
def test_what_the_english_document_never_says_is_refused(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.refused and not answer.citations
