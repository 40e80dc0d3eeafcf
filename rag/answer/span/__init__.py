"""Short answers: the smallest span of an evidence sentence that answers the question.

    from rag.answer.span import best_span, best_span_in
    span = best_span(analyse(question), sentence)   # Span(start, end, text, kind, score, sentence) or None

Stages, one file each: `sentence` (words, tags, clauses), `patterns` (quantities, dates, titles, names,
lists), `candidates` (the spans), `question` (the slot around the question word), `shape` and
`features` (what is known about each span), `model` (the fitted ranker, `rag/data/fitted/span.json`),
`select` (the public functions and the no-span rule). `english`: the short answer of an English
sentence, read by the type of answer asked (the ranker is fitted on Chinese).
"""

from rag.answer.span.select import Span, best_span, best_span_in, no_span_question

__all__ = ["Span", "best_span", "best_span_in", "no_span_question"]
