"""The short answer of an English sentence: the phrase of the type the question asks, nearest its words.

    info = analyse("Who built the largest plant?")
    best_english_span(info, ["The largest plant was built by the utility Iberdrola for 290 million euros."])
    # Span(start=43, end=52, text='Iberdrola', kind='name', ...)

The span ranker (rag.answer.span.select) is fitted on Chinese, so an English sentence gets its short
answer from the type of answer the question asks instead:
- a number (how much, how many, how big, what share): an amount, its figure with qualifier, currency,
  scale and one unit word (about 34 gigawatts, 290 million euros, 17 percent, $4.3 billion); a bare year
  is no amount, and a percentage asked is answered by a percentage;
- a time (when, what year): a date (April 2020, 3 May 2021, the first quarter of 2024, 2023, the 1990s);
- a name (who, which company): a run of capitalised words (Red Eléctrica, Bank of America); for a place
  (where), one after in, at, near or from.
A phrase the question itself writes is not its answer. Of the sentence's phrases of that type the one
nearest a word it shares with the question (by stem) is chosen, the earlier on a tie; when it shares
none, or is asked in another language, only a sentence's single phrase of the type. Other questions
(why, what is, yes/no) get none: the sentence stands whole.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from rag.answer.english import MONTHS
from rag.answer.span.select import Span, no_span_question
from rag.question.analyse import QuestionInfo, counted_phrase
from rag.text.tokenize import STOPWORDS, content_terms, english_lemma, english_stems, tokens

_WORD = re.compile(r"[\w][\w.\-+&'’]*")
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen "
                 "dozens hundreds thousands millions billions").split()
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.I)
_QUALIFIER = (r"(?:about|around|approximately|roughly|nearly|almost|over|under|more than|less than|fewer than|"
              r"at least|at most|up to|some|just over|just under|as many as|as much as|close to)\s+")
_FIGURE = re.compile(
    rf"(?:{_QUALIFIER})?(?:(?:US|HK|A|C)?[$€£¥]\s?)?"
    rf"(?:\d[\d,]*(?:\.\d+)?|\b(?:an?\s+)?(?:{'|'.join(_NUMBER_WORDS)})\b)"
    r"(?:\s?(?:%|percent\b|per cent\b|percentage points?\b))?"
    r"(?:[\s-](?:thousand|million|billion|trillion|bn|mn)\b)?"
    r"(?:\s(?:percent\b|per cent\b|percentage points?\b))?", re.I)
_PERCENT = re.compile(r"%|\bper ?cent|\bpercentage", re.I)
_YEAR_ONLY = re.compile(r"(?:1[5-9]|20)\d\d")
_AMOUNT_MARK = re.compile(r"[$€£¥%]|percent|per cent|thousand|million|billion|trillion|\bbn\b|\bmn\b", re.I)
_NOT_UNIT = STOPWORDS | frozenset(("since ago later earlier each per apiece respectively yet still already now then too "
                                   "alone last next while until through via across against among around between "
                                   "during within without toward towards upon onto out up down off more less").split())
_UNIT_WORD = re.compile(r"\s+([a-z][A-Za-z-]*|[A-Z]{1,3}[a-z]?)\b")
_TIME_UNIT = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)
_TIME_BEFORE = re.compile(r"\b(?:after|within|in|for|over|during|since|until|by)\s+$", re.I)
_ASKS_DURATION = re.compile(r"\bhow long\b|\bhow many (?:seconds|minutes|hours|days|weeks|months|years|decades)\b", re.I)
_ANY_COUNT = frozenset("people persons person times things ones".split())  # counted by any noun (1,240 participants)
_COUNTED_END = re.compile(r"\s+(?:a|an|per|each|every|of|in|on|at|for)\s")
_NEXT_WORD = re.compile(r"[ ]+([A-Za-z][\w-]*)")  # the next word, with nothing but spaces before it
_BEFORE_UNIT = frozenset("new additional extra other active square cubic full-time part-time".split())

_MONTH = "|".join(MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DATE = re.compile(
    r"(?:(?:early|late|mid|the (?:end|start|beginning|middle) of|the (?:first|second) half of)[\s-]+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTH})\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}})?"
    r"|the (?:first|second|third|fourth) quarter of \d{4}|Q[1-4] \d{4}"
    r"|(?:the )?(?:1[5-9]|20)\d\d(?:s\b|\b))")
_MONTH_NEXT = re.compile(rf"\s+(?:{_MONTH})\b")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH})\.?\s+(?:\d{{1,2}},?\s+)?$")
_CAPITAL = r"[A-ZÀ-ÖØ-Þ][\w’'&.-]*"
_DESCRIBING = re.compile(r"-[a-z]+$")  # Hamburg-based, Paris-born: a word describing, not a name
_NAME = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:of|de|del|la|le|van|von|der|da|di|du|&)\s+)?{_CAPITAL})*")
_NOT_NAMES = frozenset(m.lower() for m in _MONTH.split("|")) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split())
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|inside|across)\s+$", re.I)
_CURRENCY = re.compile(r"[$€£¥]|\b(?:dollars?|euros?|yuan|renminbi|rmb|pounds?|yen|usd|eur|gbp|cny)\b", re.I)
_MONEY_ASKED = re.compile(r"\b(?:cost|costs|price|prices|priced|spend|spent|pay|paid|revenue|revenues|sales|profit|profits|"
                          r"loss|losses|income|earn|earned|earnings|invest|invested|investment|raise|raised|funding|budget|"
                          r"worth|valued|valuation|money|cash|fund|funds|sell|sold|buy|bought)\b", re.I)
_TYPE_WORDS = re.compile(r"\b(?:which|what)\s+(\w+)(?:\s+(\w+))?|\bname of (?:the |an? )?(\w+)(?:\s+(\w+))?", re.I)
NEAR = 8  # words between a phrase and a word of the question within which a sentence is read for it
_WHERE = re.compile(r"\bwhere\b|\bwhich (?:city|country|region|province|state|town|place)\b", re.I)


def _tail(sentence: str, at: int, width: int = 40) -> str:
    """The few words before `at`: what a pattern ending there reads (the whole prefix would be read again
    for every phrase of a long sentence)."""
    return sentence[max(0, at - width): at]


def _amounts(sentence: str, percent: bool, duration_is_time: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every amount: a figure and the one unit word after it (two after new, additional...).
    `duration_is_time`: a span of time after "after", "within"... is a time, not an amount asked for."""
    out = []
    for m in _FIGURE.finditer(sentence):
        text = m.group().strip()
        if not re.search(r"\d", text) and not _NUMBER_WORD.search(text):
            continue
        end = m.end()
        while end > m.start() and sentence[end - 1] in " ,.":
            end -= 1
        unit_end = end
        for _ in range(2):
            word = _UNIT_WORD.match(sentence, unit_end)  # (kilograms, mmHg, MW, GWh)
            if not word or word.group(1).lower() in _NOT_UNIT or word.group(1).lower() in _NOT_NAMES:
                break
            unit_end = word.end()
            if word.group(1) not in _BEFORE_UNIT:
                break
        figure = sentence[m.start():end]
        if _MONTH_NEXT.match(sentence, end) or _MONTH_BEFORE.search(_tail(sentence, m.start())):
            continue  # the day or the year of a date (8 May 2024, May 8): a date, not an amount
        if unit_end == end and not _AMOUNT_MARK.search(figure) and (
                _YEAR_ONLY.fullmatch(figure.strip()) or figure.strip().lower() == "one"):
            continue  # a bare year is a date, not an amount; a bare "one" is a pronoun (one of the largest)
        if percent and not _PERCENT.search(figure):
            continue
        if duration_is_time and _TIME_UNIT.search(sentence[end:unit_end]) and _TIME_BEFORE.search(_tail(sentence, m.start())):
            continue  # after 12 months, within three years: when, not how much
        out.append((m.start(), unit_end))
    return out


def _with_counted(sentence: str, a: int, b: int, head: str) -> tuple[int, int] | None:
    """The amount [a, b) as far as the counted noun `head` (a lemma), which it holds or which follows it within
    two words (22 driverless | trains); None when it counts something else (every four minutes)."""
    if any(english_lemma(m.group().lower()) == head for m in _WORD.finditer(sentence[:b], a)):
        return a, b
    end = b
    for _ in range(2):
        word = _NEXT_WORD.match(sentence, end)
        if not word:
            break
        end = word.end()
        if english_lemma(word.group(1).lower()) == head:
            return a, end
    return None


def _dates(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATE.finditer(sentence)]


def _names(sentence: str, place: bool) -> list[tuple[int, int]]:
    """Runs of capitalised words, less a capitalised function word opening them (The, In) and months."""
    out = []
    for m in _NAME.finditer(sentence):
        start, words = m.start(), m.group().split()
        while words and (words[0].lower() in STOPWORDS or words[0].lower() in _NOT_NAMES):
            start = sentence.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if not words or words[0].lower() in ("of", "de", "&"):
            continue
        end = m.end()
        while end > start and sentence[end - 1] in ".'’-":
            end -= 1
        if _DESCRIBING.search(sentence[start:end]):
            continue
        if place and not _PLACE_BEFORE.search(_tail(sentence, start)):
            continue
        out.append((start, end))
    return out


def candidates(info: QuestionInfo, sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """(kind, phrases) the question's answer type finds in the sentence, those the question writes left out."""
    question = info.text.lower()
    if _WHERE.search(info.text):
        kind, spans = "name", _names(sentence, place=True)
    elif info.kind in ("number", "compare"):
        kind, spans = "quantity", _amounts(sentence, bool(info.unit == "%" or _PERCENT.search(info.text)
                                                          or re.search(r"\bshare\b", info.text, re.I)),
                                           not _ASKS_DURATION.search(info.text))
        money = [(a, b) for a, b in spans if _CURRENCY.search(sentence[a:b])]
        if money and _MONEY_ASKED.search(info.text):
            spans = money  # a cost, a price, revenue asked: an amount of money (not 1,000 hectares)
        counted = _COUNTED_END.split(counted_phrase(info.text).lower())[0].split()[-1:]  # (passengers of passengers a day)
        if counted and counted[0] not in _ANY_COUNT:  # how many trains: an amount of trains (not every four minutes)
            spans = [counted_span for a, b in spans if (counted_span := _with_counted(sentence, a, b, english_lemma(counted[0])))]
    elif info.kind in ("time", "date"):
        kind, spans = "date", _dates(sentence)
    elif info.kind == "name":
        kind, spans = "name", [span for span in _names(sentence, place=False) if not _names_other(info, sentence, span)]
    else:
        return "", []
    return kind, [(a, b) for a, b in spans if b > a and sentence[a:b].lower() not in question]


def _names_other(info: QuestionInfo, sentence: str, span: tuple[int, int]) -> bool:
    """The name stands right after a word of the question that is not what it asks for (the largest plant,
    Núñez de Balboa: for `Which company built the largest plant?` that is the plant's name, not the builder)."""
    before = re.search(r"(\w+)[\s,]{1,3}$", _tail(sentence, span[0]))
    if not before:
        return False
    word = before.group(1).lower()
    typed = {w.lower() for m in _TYPE_WORDS.finditer(info.text) for w in m.groups() if w}
    return word in content_terms(info.text) and word not in typed


def _forms(word: str) -> tuple[str, str]:
    """A word's English stem and lemma: built and build share a lemma, opened and open a stem."""
    return english_stems([word])[0], english_lemma(word)


def _words(sentence: str) -> list[tuple[int, int, tuple[str, str]]]:
    """(start, end, (stem, lemma)) of each word of the sentence."""
    return [(m.start(), m.end(), _forms(m.group().lower().strip(".-'’"))) for m in _WORD.finditer(sentence)]


def _nearness(words: list[tuple[int, int, tuple[str, str]]], span: tuple[int, int], shared: list[int]) -> float:
    """Words between the span and the nearest of the sentence's words at positions `shared` (sorted)."""
    starts = [a for a, _, _ in words]
    first = bisect.bisect_right(starts, span[0]) - 1  # the word the span starts in
    first = first if first >= 0 and words[first][1] > span[0] else first + 1
    last = bisect.bisect_left(starts, span[1]) - 1  # the last word starting before the span ends
    if first > last:
        return float("inf")
    before = bisect.bisect_left(shared, first) - 1
    after = bisect.bisect_right(shared, last)
    gaps = ([first - shared[before]] if before >= 0 else []) + ([shared[after] - last] if after < len(shared) else [])
    return float(min(gaps)) if gaps else float("inf")


def _shared(words: list[tuple[int, int, tuple[str, str]]], asked: set[str]) -> list[int]:
    """Positions of the words whose stem or lemma is `asked`."""
    return [i for i, (_, _, forms) in enumerate(words) if not asked.isdisjoint(forms)]


def best_english_span(info: QuestionInfo, sentences: Sequence[str],
                      windows: Sequence[tuple[int, int] | None] | None = None) -> Span | None:
    """The phrase of the asked type nearest the question's words across the sentences (within each
    sentence's window [lo, hi) when given), or None when the question asks no such type or none is told.
    Nearness counts the question's other words first, its names and figures (the subject and its year,
    written beside its other details too) only between phrases equally near them. Of the sentences, the
    first with a phrase within NEAR words of one of them is read (the answer cites its best evidence first)."""
    if no_span_question(info):
        return None
    words = [w for w in content_terms(info.text) if w not in STOPWORDS]
    named = {w for a, b in _names(info.text, place=False) for w in tokens(info.text[a:b])}
    forms = {w: set(_forms(w)) for w in words}
    names = {f for w in words if w in named or any(ch.isdigit() for ch in w) for f in forms[w]}
    others = {f for w in words if w not in named and not any(ch.isdigit() for ch in w) for f in forms[w]} or names
    found = []  # (nearness to the other words, to the names, sentence, start, end, kind)
    for k, sentence in enumerate(sentences):
        kind, spans = candidates(info, sentence)
        lo, hi = (windows[k] if windows is not None and windows[k] is not None else (0, len(sentence)))
        spans = [(a, b) for a, b in spans if lo <= a and b <= hi]
        sentence_words = _words(sentence) if spans else []
        near_others, near_names = _shared(sentence_words, others), _shared(sentence_words, names)
        for a, b in spans:
            found.append((_nearness(sentence_words, (a, b), near_others), _nearness(sentence_words, (a, b), near_names),
                          k, a, b, kind))
    if not found:
        return None
    near_ones = [f for f in found if f[0] <= NEAR]
    near, _, k, a, b, kind = (min(near_ones, key=lambda f: (f[2], f[0], f[1], f[3])) if near_ones else min(found))
    if len(found) > 1 and (near == float("inf") or info.lang != "en"):
        # no word of the question beside any of several, or a question in another language (a year is all
        # it may share): which one is asked is not known
        return None
    return Span(a, b, sentences[k][a:b], kind, -float(near), k)
