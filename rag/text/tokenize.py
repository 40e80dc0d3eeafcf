"""Words for lexical matching: jieba for Chinese, lower-cased word runs for other scripts (and their
English stems and lemmas, for "does the corpus write another form of this word").

The same function tokenises documents for BM25 and questions for matching, so both sides agree.
jieba may cut the same name differently in a question and in a document (阿里/云 vs 阿里云), so Han
text is also indexed as overlapping character pairs, which do not depend on segmentation.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

_LOCK = threading.Lock()
_READY = False
_WORD = re.compile(r"[\w][\w.\-+&'’]*", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 也 都 就 而 对 为 被 把 从 到 以 于 上 中 下 这 那 其 之 个 有 没有 吗 呢 吧 啊 么
    什么 多少 几 哪 哪些 哪个 哪家 哪一 哪一年 哪一些 哪几 哪几个 哪几家 哪几种 哪几项 哪几位 哪几类
    哪几款 几个 几家 几种 几项 几位 几类 几款 谁 怎么 怎样 如何 为什么 为何 是否 是不是 请问 文章 文中 提到 根据
    文末 结尾 末尾 结语 啥 为啥 凭啥 干嘛 干吗 干啥 咋 咋样 啥样 啥意思 一共 总共 共计 到底 究竟 前前后后
    俩 仨 咱 咱们 您 啦 呀 嘛 呗
    说 介绍 该 此 这个 那个 这些 那些 它 它们 他 他们 她 我们 你 我 并 但 还 又 更 最 很 等 将 已 已经 会 能 可以 可能
    要 让 由 向 着 过 所 得 地 之一 一个 那么 还有 分别 多 大约 约 年 月 日 呢 吗
    a an the of in on at to for by with from as is are was were be been being am do does did what which who whom
    whose when where why how much many does according article say says said it its they their them this that these
    those there here and or but not no if then than so such any some about into over under after before also can could
    would will shall should may might has have had i you he she we our your his her me us""".split()
)


# jieba's part-of-speech tags (ICTCLAS set), matched by prefix: "n" covers nr/ns/nt/nz/nrt/nrfg
NOUN_TAGS = ("n", "vn", "j", "eng")  # nouns, verbal nouns, abbreviations, Latin words: what a subject is made of
PROPER_TAGS = ("nr", "ns", "nt", "nz", "eng")  # people, places, organisations, other proper nouns, Latin words
IDIOM_TAG = "l"  # fixed expressions (一站式): content words for refusal, though not part of a subject


def ensure_jieba() -> None:
    """Load jieba's dictionary once per process (thread-safe), with its start-up chatter silenced."""
    global _READY
    if not _READY:
        with _LOCK:
            if not _READY:
                import jieba

                from rag.text.pos_decode import install

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                install()  # the tagger's unknown-word decoder, same tags in fewer steps
                _READY = True


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    if has_han(text):
        ensure_jieba()
        import jieba

        pieces = jieba.lcut_for_search(text)
    else:
        pieces = _WORD.findall(text)
    for p in pieces:
        p = p.strip().lower().strip(".-'’")
        if p.endswith(("'s", "’s")) and len(p) > 3:
            p = p[:-2]  # possessive: Acme's -> acme, on both the document and the question side
        if p and _WORD.fullmatch(p):
            out.append(p)
    return tuple(out)


_STEM_LOCK = threading.Lock()  # a Snowball stemmer object is not safe to share between threads
_stemmer = None


def english_stems(words: Sequence[str]) -> list[str]:
    """English Snowball stems (PyStemmer): opened and open -> open, auctioned -> auction."""
    global _stemmer
    with _STEM_LOCK:
        if _stemmer is None:
            import Stemmer

            _stemmer = Stemmer.Stemmer("english")
        return _stemmer.stemWords(list(words))


@lru_cache(maxsize=65536)
def english_lemma(word: str) -> str:
    """The dictionary form of an English word, irregular ones too (built -> build, took -> take, went -> go),
    from simplemma's English lexicon; the word itself when it is none it knows."""
    import simplemma

    return simplemma.lemmatize(word, lang="en").lower()


DERIVED_FROM = 5  # letters a word or stem needs before a longer word starting with it counts as its form
_LETTERS = re.compile(r"[a-z\u00df-\u024f]+")


@lru_cache(maxsize=16384)
def _letter_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of letters of a lower-cased text, and the English stems of those of four letters or more."""
    words = frozenset(_LETTERS.findall(text))
    long = [w for w in words if len(w) >= 4]
    return words, frozenset(english_stems(long)) if long else frozenset()


@lru_cache(maxsize=16384)
def _stems_of_term(term: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(english_stems([term, english_lemma(term)])))


def writes_form(text: str, term: str) -> bool:
    """A lower-cased text holds a lower-cased term: as it is written (a Chinese word, a number, GPT-4); an
    English word as a word (not "up" in "supply", nor "ai" in "openai"), or, of four letters or more, in
    another form: the same stem (clubs for club, hired for hire), a word derived from it or its stem of five
    letters or more (sponsors: sponsorship)."""
    if not (term[:1] <= "\u024f" and term.isalpha()):
        return term in text
    words, stems = _letter_words(text)
    if term in words:
        return True
    if len(term) < 4:
        return False
    found = [s for s in _stems_of_term(term) if s in stems or len(s) >= DERIVED_FROM and s in text]
    return any(s in stems or any(w.startswith(s) for w in words) for s in found)


def tokens(text: str) -> list[str]:
    """All word tokens, lower-cased, punctuation dropped (Chinese: jieba's search segmentation)."""
    return list(_tokens(text))


_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")


def han_runs(text: str) -> list[str]:
    """The runs of two or more Han characters in `text`."""
    return _HAN_RUN.findall(text)


def han_bigrams(text: str) -> list[str]:
    """Overlapping Han character pairs, marked with "~": robust to word-segmentation differences."""
    return ["~" + run[i : i + 2] for run in han_runs(text) for i in range(len(run) - 1)]


def content_terms(text: str) -> list[str]:
    """Tokens minus stopwords and question words, in order, without repeats."""
    return list(dict.fromkeys(t for t in _tokens(text) if t not in STOPWORDS))


def pos_tags(text: str) -> dict[str, str]:
    """jieba's part-of-speech tag of every word of `text`, lower-cased words as keys."""
    return {word.lower(): flag for word, flag in _pos_words(text)}


def pos_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of `text` in order, as jieba's tagger cuts it."""
    return list(_pos_words(text))


def pos_words_before(text: str, end: int) -> list[tuple[str, str]]:
    """The (word, tag) pairs of `text` up to character `end`, read off the whole text's tagging (a word
    running past `end` cut there): the part of a question before its question word costs no second pass
    of the tagger, whose unknown-word model takes most of a new question's tagging time."""
    out, at = [], 0
    for word, flag in _pos_words(text):
        if at >= end:
            break
        out.append((word[: end - at], flag) if at + len(word) > end else (word, flag))
        at += len(word)
    return out


@lru_cache(maxsize=65536)  # the same evidence sentences are tagged question after question
def _pos_words(text: str) -> tuple[tuple[str, str], ...]:
    ensure_jieba()
    import jieba.posseg as pseg

    return tuple((w.word, w.flag) for w in pseg.cut(text))


@lru_cache(maxsize=65536)
def general_frequency(word: str) -> int:
    """How common a word is in general Chinese (jieba's dictionary count; 0 when unknown)."""
    ensure_jieba()
    import jieba

    return int(jieba.get_FREQ(word) or 0)


COMMON_CHARACTER = 20_000  # jieba's count of the commonest single-character words (时 103,735, 用 76,586; 肉 6,683)


def glued_function_word(term: str) -> bool:
    """A two-character "word" jieba's HMM made by gluing a function character to its neighbour at an
    unknown word's edge (沃斯基是 -> 基是, 质检上省了 -> 上省, OpenAI要融 -> 要融): not in its dictionary,
    and one of its two characters a stopword, or both among the commonest words on their own (合作时用的 ->
    时用). Such a piece says nothing about what is asked."""
    return (len(term) == 2 and has_han(term) and not general_frequency(term)
            and (term[0] in STOPWORDS or term[1] in STOPWORDS
                 or all(general_frequency(ch) >= COMMON_CHARACTER for ch in term)))  # (合作时用的 -> 时用)


NEW_WORD_TAG = "nz"  # an unknown word of two or more Han characters (found by jieba's HMM): most are names
_DIGITS = re.compile(r"\d+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.+#&\-]*")


def _dictionary_tag(word: str, table: dict[str, str]) -> str:
    tag = table.get(word)
    if tag:
        return tag
    if word[0].isdigit():
        return "m"
    if _LATIN.fullmatch(word):
        return "eng"
    if len(word) >= 2 and has_han(word):
        return NEW_WORD_TAG
    return "x"


def tagged_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs covering `text` exactly: jieba's segmentation (new words found by its HMM)
    with each word's tag from jieba's dictionary (digits "m", Latin words "eng", punctuation and
    spaces "x", unknown Han words NEW_WORD_TAG). About ten times faster than `pos_words`, whose
    tagger runs a second HMM over every unknown word; numbers with separators stay one word (2,083)."""
    ensure_jieba()
    import jieba
    import jieba.posseg as pseg

    table = pseg.dt.word_tag_tab
    words: list[str] = []
    for w in jieba.lcut(text):
        # jieba cuts 2,083 and 635.25 at the separator when the digits are not one dictionary word
        if len(words) >= 2 and _DIGITS.fullmatch(w) and words[-1] in (",", ".") and words[-2][-1:].isdigit() \
                and (words[-1] == "." or len(w) == 3):
            words[-2:] = [words[-2] + words[-1] + w]
        else:
            words.append(w)
    return [(w, _dictionary_tag(w, table)) for w in words]
