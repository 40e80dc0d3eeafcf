"""The one language detector: a text with Han characters is Chinese ("zh"), anything else English ("en").

The pipeline answers in the question's language and compares it with the corpus's: a question in the
other language goes through the dictionary bridge (rag.text.bridge). Two labels are enough for that
decision; a finer detector would only add ways for the two sides to disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from rag.text.tokenize import has_han


def detect_lang(text: str) -> str:
    """ "zh" when the text has a Han character, else "en"."""
    return "zh" if has_han(text) else "en"


def corpus_language(texts: Iterable[str], sample_chars: int = 2000) -> str:
    """The language of most documents, judged on their first `sample_chars` characters ("zh" on a tie)."""
    texts = list(texts)
    han = sum(1 for t in texts if has_han(t[:sample_chars]))
    return "zh" if texts and han >= len(texts) / 2 else "en"
