"""The short answer of an English sentence: the phrase of the asked type nearest the question's words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.span.english import best_english_span
from rag.question.analyse import analyse

PLANT = ("The largest plant, Núñez de Balboa in Extremadura, covers 1,000 hectares and was built by the utility "
         "Iberdrola for 290 million euros.")
SOLAR = "Spain installed 8.2 gigawatts of new solar capacity in 2023, bringing its total to about 34 gigawatts."
FUNDING = "In 2019, Microsoft invested $1 billion in OpenAI, based in San Francisco."
REVENUE = "OpenAI generated about $4.3 billion in revenue in the first half of 2025, up 16% on all of 2024."


@pytest.mark.parametrize("question,sentence,expected", [
    # the phrase nearest the question's other words, not its subject's: the builder, not the plant's place
    ("Who built the Núñez de Balboa plant?", PLANT, "Iberdrola"),
    # a name standing right after a word of the question is that thing's name, not the one asked for
    ("Which company built the largest plant?", PLANT, "Iberdrola"),
    ("Where is the largest plant?", PLANT, "Extremadura"),  # a place: a name after in / at / near
    ("How big is the largest plant?", PLANT, "1,000 hectares"),
    ("How much did the largest plant cost?", PLANT, "290 million euros"),  # a cost asked: an amount of money
    ("How much solar capacity did Spain install in 2023?", SOLAR, "8.2 gigawatts"),  # the year asked is no answer
    ("What is Spain's total solar capacity?", SOLAR, "about 34 gigawatts"),
    ("When did Microsoft invest in OpenAI?", FUNDING, "2019"),
    ("How much did Microsoft invest?", FUNDING, "$1 billion"),
    ("Who invested in OpenAI?", FUNDING, "Microsoft"),
    ("Where is OpenAI based?", FUNDING, "San Francisco"),
    ("How much revenue did OpenAI make in the first half of 2025?", REVENUE, "about $4.3 billion"),
    ("When did OpenAI make $4.3 billion in revenue?", REVENUE, "the first half of 2025"),
    ("What percentage did revenue grow by?", REVENUE, "16%"),  # a percentage asked: a percentage
    ("When did the plant open?", "It opened in April 2020.", "April 2020"),
])
def test_the_phrase_of_the_asked_type_nearest_the_question(question, sentence, expected):
    span = best_english_span(analyse(question), [sentence])
    assert span is not None and span.text == expected
    assert sentence[span.start:span.end] == span.text


@pytest.mark.parametrize("question", [
    "Why are wholesale prices close to zero?",  # a reason: no phrase type answers it
    "Did Iberdrola build the plant?",  # yes / no
])
def test_questions_no_phrase_answers_get_none(question):
    assert best_english_span(analyse(question), [PLANT]) is None


def test_a_sentence_without_the_asked_type_gives_none():
    assert best_english_span(analyse("When did the largest plant open?"), [PLANT]) is None


def test_several_phrases_and_no_word_of_the_question_beside_any_gives_none():
    # which of the two amounts is asked cannot be told from words the sentence does not share
    assert best_english_span(analyse("那个项目花了多少钱？"), [PLANT]) is None
    # a question in another language shares a year at most: of several amounts, none is chosen, of one, that one
    assert best_english_span(analyse("西班牙2023年新增了多少太阳能装机？"), [SOLAR]) is None
    only = best_english_span(analyse("微软投了多少钱？"), [FUNDING])
    assert only is not None and only.text == "$1 billion"
    assert best_english_span(analyse("How much?"), ["It cost 5 euros and weighed 3 kilograms."]) is None


def test_only_spans_inside_the_window_count():
    span = best_english_span(analyse("How much did Microsoft invest?"), [FUNDING], windows=[(0, 18)])
    assert span is None
    whole = best_english_span(analyse("How much did Microsoft invest?"), [FUNDING], windows=[None])
    assert whole is not None and whole.text == "$1 billion"


def test_the_best_of_several_sentences_says_whose_offsets_it_has():
    span = best_english_span(analyse("Who built the largest plant?"), [SOLAR, PLANT])
    assert span is not None and span.sentence == 1 and PLANT[span.start:span.end] == "Iberdrola"


@given(st.text(alphabet=st.sampled_from(list("abc XYZ 0123456789,.$%-éÑ")), max_size=80))
def test_any_sentence_gives_a_substring_or_none(sentence):
    for question in ("How much was it?", "When was it?", "Who made it?", "Where is it?"):
        span = best_english_span(analyse(question), [sentence])
        assert span is None or (sentence[span.start:span.end] == span.text and span.text.strip())


def test_a_bare_one_or_a_bare_year_is_no_amount():
    span = best_english_span(analyse("How many plants did Iberdrola build?"),
                             ["Iberdrola built one of the largest plants in 2020, and three more plants since."])
    assert span is not None and span.text == "three more plants"


def test_the_day_of_a_date_is_no_amount_and_a_describing_word_no_name():
    span = best_english_span(analyse("How many people took part?"),
                             ["A study published on 8 May 2024 enrolled 1,240 people."])
    assert span is not None and span.text == "1,240 people"
    span = best_english_span(analyse("Who runs the company?"),
                             ["Brennholt Foods, the Hamburg-based maker of meals, is run by Ingrid Vasquez-Lund."])
    assert span is not None and span.text == "Ingrid Vasquez-Lund"


@pytest.mark.parametrize("question,sentence,expected", [
    ("By how much did blood pressure fall?", "After 12 months, blood pressure fell by an average of 9.4 mmHg.",
     "9.4 mmHg"),  # a unit in mixed case; "after 12 months" is when, not how much
    ("How long did the trial last?", "The trial ran for 12 months in 14 clinics.", "12 months"),  # a duration asked
    ("How much capacity was added?", "The firm added 450 MW of capacity.", "450 MW"),
    ("How much did it cost to build the line?", "The line was built for 1.3 billion euros, not 900 million.",
     "1.3 billion euros"),  # built is a form of build
])
def test_units_durations_and_word_forms(question, sentence, expected):
    span = best_english_span(analyse(question), [sentence])
    assert span is not None and span.text == expected


def test_the_first_cited_sentence_with_a_phrase_near_the_question_is_read():
    first = "The line was built for 1.3 billion euros, more than the budget."
    later = "The extension would cost about 610 million euros."
    span = best_english_span(analyse("How much did it cost to build the line?"), [first, later])
    assert span is not None and span.sentence == 0 and span.text == "1.3 billion euros"
    # a year the question names is no word the phrase must stand beside: the net profit, not the revenue of 2023
    revenue = "Brennholt reported revenue of 842 million euros for the 2023 financial year."
    profit = "Net profit rose to 37.5 million euros from 29.1 million euros."
    span = best_english_span(analyse("What was Brennholt's net profit for 2023?"), [revenue, profit])
    assert span is not None and span.text == "37.5 million euros"


@pytest.mark.parametrize("question,sentence,expected", [
    ("How many driverless trains does the line use?",
     "The line uses 22 driverless trains supplied by Strelka Rail, each carrying 900 people.", "22 driverless trains"),
    ("How many passengers a day will it carry?", "It will carry 96,000 passengers a day, 40 percent more than in 2022.",
     "96,000 passengers"),
    ("How many trains run on the line?", "Trains on the line run every four minutes at peak hours.", None),  # no count of trains
])
def test_a_count_is_an_amount_of_the_counted_thing(question, sentence, expected):
    span = best_english_span(analyse(question), [sentence])
    assert (span.text if span else None) == expected


def test_a_long_sentence_is_read_in_time_linear_in_its_length():
    # every phrase's nearness is found by bisection and the words before it by a bounded look-back,
    # so a page without full stops (one long "sentence") gives a phrase, not quadratic work
    sentence = " ".join(["Acme paid 17 percent more to about 300 workers in March 2021 at the Valmont plant"] * 150)
    span = best_english_span(analyse("How many workers did Acme pay?"), [sentence])
    assert span is not None and span.text == "about 300 workers"
