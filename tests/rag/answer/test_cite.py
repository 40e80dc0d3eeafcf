"""`[n]` markers become citations with exact offsets, whichever answerer wrote them."""

from __future__ import annotations

from rag.answer.cite import resolve
from rag.answer.protocol import Draft
from rag.types import Chunk, Hit

DOC = "Acme opened its first plant in 2021. It makes chips. The plant employs 800 people."
HITS = (Hit(Chunk("c1", "d", "t", "", 0, 0, 36, DOC[0:36]), 0.9, 1),
        Hit(Chunk("c2", "d", "t", "", 1, 37, 83, DOC[37:83]), 0.8, 2))


def text_of(doc_id: str) -> str:
    return DOC


def test_markers_are_renumbered_in_order_of_appearance_with_exact_ranges():
    text, citations, uncited = resolve(Draft("It employs 800 people [2]. It opened in 2021 [1]."), HITS, text_of)
    assert text == "It employs 800 people [1]. It opened in 2021 [2]."
    assert [c.chunk_id for c in citations] == ["c2", "c1"] and not uncited
    for c in citations:
        assert DOC[c.start : c.end] == c.text and c.start <= c.quote_start < c.quote_end <= c.end
    assert DOC[citations[0].quote_start : citations[0].quote_end] == "The plant employs 800 people."


def test_markers_naming_no_passage_are_dropped_and_the_sentence_is_uncited():
    text, citations, uncited = resolve(Draft("Acme opened in 2021 [7]. It makes chips [1]."), HITS, text_of)
    assert "[7]" not in text and len(citations) == 1 and uncited == ("Acme opened in 2021 .",)


def test_a_marker_after_the_full_stop_belongs_to_its_sentence():
    text, citations, _ = resolve(Draft("Acme opened in 2021.[1] 【2】"), HITS, text_of)
    assert text.startswith("Acme opened in 2021[1].") and [c.n for c in citations] == [1, 2]


def test_the_extractive_answerer_names_the_span_it_quoted():
    draft = Draft("It makes chips[1].", quotes={1: ((37, 51),)})
    _, (c,), _ = resolve(draft, HITS, text_of)
    assert (c.quote_start, c.quote_end) == (37, 51)


def test_a_refusal_has_no_citations_and_no_markers():
    text, citations, uncited = resolve(Draft("The article does not say [1].", refused=True), HITS, text_of)
    assert text == "The article does not say ." and citations == () and uncited == ()


def test_markers_in_two_places_of_a_sentence_each_vouch_for_the_words_before_them():
    # both figures are quoted from passage 2; each mark is tied to the quote that holds its figure
    draft = Draft("The plant employs 800 people[2]. It makes chips[2]. 800 people[2] is more than chips[2].",
                  quotes={2: ((37, 52), (53, 83))})
    text, citations, _ = resolve(draft, HITS, text_of)
    assert text == "The plant employs 800 people[1]. It makes chips[2]. 800 people[1] is more than chips[2]."
    assert [DOC[c.quote_start : c.quote_end] for c in citations] == ["The plant employs 800 people.", "It makes chips."]


def test_adjacent_markers_at_a_sentences_end_share_the_whole_sentence():
    text, citations, _ = resolve(Draft("Acme opened in 2021 and employs 800 people[1][2]."), HITS, text_of)
    assert text == "Acme opened in 2021 and employs 800 people[1][2]." and [c.chunk_id for c in citations] == ["c1", "c2"]
