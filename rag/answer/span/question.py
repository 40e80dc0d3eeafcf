"""Where the question word stands in a question, and what sits on either side of it: the slot an answer fills.

`百度近十年累计投入的研发资金有多少？` asks for what follows `研发资金` in a sentence that says
`研发资金超过1800亿元`; `谁成立了独立的索齿兽目？` for what precedes `成立了…`. The words next to the
question word, compared with the words next to a candidate span, say whether the span fills the slot
(the alignment features of feature-based readers: Rajpurkar et al. 2016; Chen et al. 2017's "exact
match" features). The word after the question word often names the answer's type (哪个城市, 什么地区,
多少枚): an answer tends to end with it (旧金山市, 世田谷区, 8枚).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rag.text.tokenize import STOPWORDS, has_han, tokens

# question words by the answer they ask for, most specific first; the first one found in the question counts
WH_CLASSES = ("why", "how", "number", "where", "when", "who", "which", "what", "yesno", "none")
_WH_ZH = (
    ("why", r"为什么|为何|何故|原因是|什么原因|目的是"),
    ("how", r"怎么样|怎样|怎么|如何|什么方式|何种方式"),
    ("when", r"什么时候|何时|哪一?年|哪个(?:月|时期|朝代|年代|世纪)|几月|几号|几年|什么时间|什么年代|何年"),
    ("where", r"哪里|哪儿|何地|何处|什么地方|在哪"),
    ("number", r"多少|多大|多长|多久|多高|多重|多远|多深|多宽|几"),
    ("who", r"谁|哪位|何人|什么人"),
    ("which", r"哪"),
    ("what", r"什么|啥|何"),
    ("yesno", r"是否|是不是|有没有|能否|可否|吗"),
)
_WH_EN = (
    ("why", r"\bwhy\b"), ("how", r"\bhow\b(?! (?:much|many|long|large|big|old|far|high))"), ("when", r"\bwhen\b|\bwhat year\b"),
    ("where", r"\bwhere\b"), ("number", r"\bhow (?:much|many|long|large|big|old|far|high)\b"), ("who", r"\bwho\b|\bwhom\b"),
    ("which", r"\bwhich\b"), ("what", r"\bwhat\b"), ("yesno", r"^(?:is|are|was|were|do|does|did|can|could|has|have)\b"),
)
_WH_ZH_RE = [(k, re.compile(p)) for k, p in _WH_ZH]
_WH_EN_RE = [(k, re.compile(p, re.I)) for k, p in _WH_EN]

# characters that glue a question word or an answer to its neighbours without saying anything
# (…的研发资金有多少 / …研发资金超过1800亿元): dropped at the edges before the sides are compared
GLUE = frozenset("是为有在于的了叫做称被由达到属指即乃系共约将把与和及或呢吗啊呀么")
# characters too common to count as a match between question and sentence
COMMON = frozenset("的了是在和与及或也就而对为被把从到以于上中下这那其之个有一不人他她它们我你么")
_TYPE_SKIP = re.compile(r"^(?:一|样的|样|种|类|些|方面的?|位|个(?=[\u4e00-\u9fff]))")


def content_chars(text: str) -> str:
    """The text lower-cased and normalised (NFKC), without punctuation and spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def strip_glue(text: str, left: bool) -> str:
    """`text` without glue characters at its left (or right) edge."""
    if left:
        i = 0
        while i < len(text) and text[i] in GLUE:
            i += 1
        return text[i:]
    j = len(text)
    while j > 0 and text[j - 1] in GLUE:
        j -= 1
    return text[:j]


@dataclass(frozen=True)
class Slot:
    wh: str  # one of WH_CLASSES
    before: str  # content characters before the question word (its clause), glue stripped at the right
    after: str  # content characters after it, glue stripped at the left
    type_word: str  # the word naming the answer's type (城市 in 哪个城市), or ""
    chars: frozenset[str]  # the Han characters of the question but its question word (common ones left out)
    words: frozenset[str]  # its words (jieba's search cut), lower-cased, two characters or more, no stopwords


@lru_cache(maxsize=1024)
def slot_of(question: str) -> Slot:
    zh = has_han(question)
    text = question.strip().rstrip("？?。.！! ")
    wh, m = "none", None
    for kind, pattern in _WH_ZH_RE if zh else _WH_EN_RE:
        m = pattern.search(text)
        if m:
            wh = kind
            break
    if m is None:
        before_raw, after_raw = text, ""
    else:
        clause_start = max((c.end() for c in re.finditer(r"[，,；;：:]", text[: m.start()])), default=0)
        before_raw, after_raw = text[clause_start : m.start()], text[m.end() :]
    type_word = ""
    if m is not None and zh and wh == "when":
        type_word = next((u for u in ("世纪", "年代", "朝代", "年", "月", "日", "号") if u in m.group()), "")
    elif m is not None and zh and wh in ("which", "what", "number", "where"):
        rest = _TYPE_SKIP.sub("", after_raw)
        first = next((w for w in tokens(rest[:8])), "") if rest and has_han(rest[0]) else ""
        type_word = "" if first in STOPWORDS else first
    rest_of_question = text if m is None else text[: m.start()] + " " + text[m.end() :]
    chars = frozenset(ch for ch in content_chars(rest_of_question) if has_han(ch) and ch not in COMMON)
    words = frozenset(t for t in tokens(rest_of_question) if len(t) >= 2 and t not in STOPWORDS)
    return Slot(wh, strip_glue(content_chars(before_raw), left=False), strip_glue(content_chars(after_raw), left=True),
                type_word, chars, words)
