"""How a corpus writes what a question is about: its subject, the names a sentence mentions, the word
for the asked quantity, and synonyms of words the corpus lacks.

Same language, the question's own words are the corpus's. An English question on a Chinese corpus goes
through the dictionary bridge (rag.text.bridge): `Baidu` -> 百度, `Alibaba` -> 阿里, `revenue` -> 收入, and a
name the dictionary knows that the corpus never writes (`Microsoft`, `Tencent`) is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.question.analyse import (
    LATIN_NAME_PHRASE,
    QUESTION_WORDS_EN,
    QuestionInfo,
    counted_noun_zh,
    counted_phrase,
    english_names,
    has_named_subject,
    subject_of,
)
from rag.retrieve.bm25 import BM25Index
from rag.text.bridge import Bridge
from rag.text.tokenize import STOPWORDS, tokens

_TIME_WORD = re.compile(r"年|月|季度|半")
# words that relate things, not things asked for ("January through June": 通过 is no measure)
# (over, under, into are stopwords already: never translated)
_RELATIONAL = frozenset("through throughout via per across within between during since until upon among toward "
                        "towards onto".split())
# words naming a kind of company or body, not which one: they leave a name whole (Alibaba Cloud, Baidu AI Cloud)
_KIND_OF_BODY = frozenset("cloud bank group inc corp corporation company co ltd holdings technology technologies labs "
                          "lab research institute university ai intelligence capital ventures".split())
_HAN4 = re.compile(r"[\u4e00-\u9fff]{4}")
_LATIN_SPACE = re.compile(r"(?<=[A-Za-z]) (?=[A-Za-z])")
NAMES_MEMO = 4096  # sentences whose names are kept: the same passages' sentences are read question after question


def writes(text: str, name: str) -> bool:
    """Whether `text` writes `name`, also where one of them spaces a Latin name and the other does not
    (Open AI, OpenAI)."""
    return name in text or name.replace(" ", "") in _LATIN_SPACE.sub("", text)


_CAPITALISED = re.compile(r"\b([A-Z][A-Za-z0-9]+?)s?\b")  # a capitalised word, an acronym's plural s apart (GPUs)


@dataclass
class CorpusNames:
    lexical: BM25Index | None
    bridge: Bridge | None = None  # the dictionary bridge, for questions in the corpus's other language
    corpus_lang: str = "zh"
    synonym_weight: float = 0.1  # how much a missing word still counts when the corpus has a synonym of it
    _names_of: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _name_forms(self, names: list[str]) -> tuple[tuple[str, ...], bool]:
        forms: list[str] = []
        absent = False
        for name in (n for n in names if len(n) >= 3):
            if self.lexical.has(name.lower()):
                forms.append(name.lower())
                continue
            zh = self.bridge.name_forms(name, self.lexical.has)
            if zh:
                forms += zh
            elif zh is not None and not name.isupper() and "&" not in name:
                absent = True  # acronyms (R&D, CEO) are terms as often as names: left undecided
            elif zh is None and re.search(r"[a-z][A-Z]", name):
                absent = True  # a brand written in camel case (DeepSeek) that neither corpus nor dictionary has
        return tuple(dict.fromkeys(forms)), absent

    def _bridged(self, info: QuestionInfo) -> bool:
        return info.lang != self.corpus_lang and self.bridge is not None and self.lexical is not None

    def subject_forms(self, info: QuestionInfo) -> tuple[str, ...]:
        """How the corpus writes the question's subject (阿里 for "Alibaba Cloud")."""
        subject = info.subject.lower()
        if not subject or not self._bridged(info):
            return (subject,) if subject else ()
        return self._name_forms(english_names(info.subject))[0]

    def subject_whole(self, info: QuestionInfo) -> bool:
        """Whether every word of the subject's name is accounted for, so that its forms say where it is
        named: always in the corpus's language; across languages, each capitalised word is written by
        the corpus, a name the dictionary renders, or a word for a kind of body (Alibaba Cloud). China
        Merchants Bank is not: only China would be looked for (中国), not the bank."""
        if not self._bridged(info):
            return True
        return all(len(w) < 3 or w.lower() in _KIND_OF_BODY or self.lexical.has(w.lower())
                   or self.bridge.name_forms(w, self.lexical.has) for w in english_names(info.subject))

    def question_forms(self, info: QuestionInfo) -> tuple[tuple[str, ...], bool]:
        """(how the corpus writes the names of the question, subject first; whether one of them is a
        name the dictionary knows and the corpus never uses)."""
        if not self._bridged(info):
            return self.subject_forms(info), False
        names = english_names(info.subject)
        names += [n for n in english_names(info.text) if n not in names and n.lower() not in QUESTION_WORDS_EN]
        return self._name_forms(names)

    def names_in(self, text: str) -> frozenset[str]:
        """Names a passage sentence mentions: Latin-script names, and dictionary-known Chinese names.
        Kept per text (the names of a text never change), so that a sentence read again costs nothing."""
        found = self._names_of.get(text)
        if found is None:
            latin = {n.lower() for n in english_names(text) if len(n) >= 3}  # not AI, IT
            found = frozenset(latin | (self.bridge.names_in(text) if self.bridge is not None else set()))
            if len(self._names_of) >= NAMES_MEMO:
                self._names_of.clear()
            self._names_of[text] = found
        return found

    def is_party(self, text: str) -> bool:
        """Whether `text` is a name and nothing else (百度, 阿里云, OpenAI; not 百度的投入, not 收入)."""
        text = text.strip()
        if not text or "的" in text:
            return False
        return (text.lower() in {n.lower() for n in self.names_in(text)}
                or (has_named_subject(text) and subject_of(text) == text))

    def asked_heads(self, info: QuestionInfo, translated: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        """For an English question, the corpus words for what it asks, outside its subject and time
        scope (revenue -> 收入)."""
        subject = info.subject.lower()
        words = [w for phrase, ws in translated.items()
                 if phrase not in _RELATIONAL and not any(p in subject for p in phrase.split()) for w in ws]
        return tuple(w for w in dict.fromkeys(words) if not _TIME_WORD.search(w))

    def counted(self, info: QuestionInfo) -> tuple[str, ...]:
        """The corpus words for what a count question counts: 多少员工 -> 员工, and through the bridge for an
        English "how many" question (employees -> 员工)."""
        if info.lang == "zh" and self.lexical is not None:
            noun = counted_noun_zh(info.text)
            return (noun,) if noun and self.lexical.has(noun) else ()
        phrase = counted_phrase(info.text)
        if not phrase or not self._bridged(info):
            return ()
        translated = self.bridge.translate(phrase, self.lexical.has)
        # (a capitalised word the corpus writes as it is: GPUs -> GPU in 数百万个英伟达GPU, Tensor in 100万个谷歌Tensor处理器)
        latin = [m.group(1) if m.group(1).isupper() else m.group(0) for m in _CAPITALISED.finditer(phrase)]
        latin = [w for w in latin if self.lexical.has(w.lower())]
        # (a translation the dictionary glosses only as a verb counts nothing: wins -> 拿下 "to capture")
        return tuple(dict.fromkeys([*(w for ws in translated.values() for w in ws if not self.bridge.is_verb(w)), *latin]))

    def absent_names(self, info: QuestionInfo) -> tuple[str, ...]:
        """Names a question in the corpus's language writes that the corpus never uses: Chinese words the
        dictionary knows as names (微软 in 微软跟OpenAI签的协议, where the subject found is OpenAI). Whatever
        else the question says, it is about a party the documents do not mention."""
        if self.bridge is None or self.lexical is None or info.lang != self.corpus_lang or self.corpus_lang != "zh":
            return ()
        return tuple(sorted(w for w in self.bridge.names_in(info.text) if not self._named_anyhow(w)))

    def _named_anyhow(self, word: str) -> bool:
        """The corpus uses a name of the question: as written, in English (Microsoft), or as another
        headword the dictionary glosses with the same name (文化大革命 for 文革, "Cultural Revolution").
        A word glossed by an acronym only (代工 "OEM") is a kind of thing, not a party: never absent."""
        if self.lexical.has(word.lower()):
            return True
        english = self.bridge.english_name(word)
        if not english:
            return False
        if english.isupper() or self.lexical.has(english.split()[0].lower()):
            return True
        return any(self.lexical.has(zh) for zh in self.bridge.lookup(english) if zh != word)

    def counted_absent(self, info: QuestionInfo) -> bool:
        """An English "how many" question counting a thing the corpus never names: the dictionary
        translates its head noun (engineers -> 工程师), the corpus uses none of the translations nor the
        word itself. A count of something never mentioned cannot be answered from any figure."""
        phrase = counted_phrase(info.text).lower().split()
        if not phrase or not self._bridged(info):
            return False
        head = phrase[-1]
        translations = self.bridge.lookup(head)
        return bool(translations) and not self.lexical.has(head) and not any(self.lexical.has(w) for w in translations)

    def in_corpus_script(self, question: str) -> str:
        """A question in the corpus's language that names a party in Latin letters the corpus writes in
        Chinese (Google的TPU, Alibaba Cloud上半年) with the corpus's form put in (谷歌的TPU, 阿里云上半年): the
        name the reader typed is the one the passages use. The other words of such a name are put in by
        the dictionary when the corpus uses their translation (Cloud -> 云); names the corpus writes as
        they are (OpenAI) stay."""
        if (self.bridge is None or self.lexical is None or self.corpus_lang != "zh"
                or not re.search(r"[\u4e00-\u9fff]", question)):
            return question

        def ordinary(word: str) -> bool:  # too short or too common to be taken for a name (I, Is, A)
            return len(word) < 3 or word.lower() in STOPWORDS or self.lexical.has(word.lower())

        def rendered(m: re.Match) -> str:
            words = m.group(0).split()
            if len(words) > 3:  # a title (《This Is Where I Came In》), not a party's name
                return m.group(0)
            forms = [None if ordinary(w) else self.bridge.name_forms(w, self.lexical.has) for w in words]
            if not any(forms):
                return m.group(0)
            out = ""
            for word, form in zip(words, forms):
                if form:
                    zh = form[0]
                elif ordinary(word):
                    zh = ""
                else:  # another word of the name, through the dictionary (Cloud -> 云)
                    zh = next((z for z in self.bridge.lookup(word.lower()) if self.lexical.has(z)), "")
                out += zh or ((" " if out and out[-1].isascii() else "") + word)
            return out

        return LATIN_NAME_PHRASE.sub(rendered, question)

    def abbreviated(self, question: str) -> str:
        """A Chinese question with each four-character word the corpus never writes, made of two
        dictionary words of two characters, replaced by its abbreviation when the corpus writes that
        instead: the first character of each word (质量检验 -> 质检, 财务报告 -> 财报), the way Chinese
        shortens a compound, when the dictionary reads it so (rag.text.bridge: 身高体重 is not 身体, 多长时间
        not 多时). A word the corpus writes in full stays, and so does one whose abbreviation it lacks."""
        if (self.lexical is None or self.bridge is None or self.corpus_lang != "zh"
                or not re.search(r"[\u4e00-\u9fff]", question)):
            return question
        words = set(tokens(question))
        for word in [w for w in words if len(w) == 4 and _HAN4.fullmatch(w)]:
            short, parts = word[0] + word[2], (word[:2], word[2:])
            if (all(p in words for p in parts) and not self.lexical.has(word) and short not in words
                    and self.lexical.has(short) and self.bridge.abbreviates(short, word, parts)):
                question = question.replace(word, short)
        return question

    def synonym_discount(self, term: str, cross: bool) -> float:
        """A question word the corpus lacks counts less when the corpus uses a word of the same meaning
        (营收 when the article says 收入: both are glossed "revenue")."""
        if cross or self.bridge is None or self.lexical is None:
            return 1.0
        return self.synonym_weight if self.bridge.synonyms(term, self.lexical.has) else 1.0
