"""The one refusal wording, and the one qualification wording, in both languages, about the article
or the documents.

    refusal_text("zh", ("昇腾",))                   -> 文章中没有提到“昇腾”。
    refusal_text("en", (), scope="documents")       -> The documents do not say.

An answer is a refusal by its `refused` field (Draft, Answer), never by how its text begins. The
one place text is read for a refusal is an LLM's reply: the model is told to answer with exactly
`refusal_text(lang, scope=...)` when its sources lack the answer, and `is_refusal_reply` recognises that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.evidence.periods import in_english

ARTICLE, DOCUMENTS = "article", "documents"  # what is asked about: the bundled article, or the user's own files

_SUBJECT = {("zh", ARTICLE): "文章", ("zh", DOCUMENTS): "资料",
            ("en", ARTICLE): "The article does", ("en", DOCUMENTS): "The documents do"}
SHOWN_TERMS = 3  # at most this many missing words are named


def refusal_text(lang: str, missing: Sequence[str] = (), scope: str = ARTICLE) -> str:
    """The refusal sentence, naming up to three words of the question the corpus lacks."""
    lang = "en" if lang == "en" else "zh"
    subject = _SUBJECT[(lang, DOCUMENTS if scope == DOCUMENTS else ARTICLE)]
    shown = [m for m in missing if len(m) > 1][:SHOWN_TERMS]
    if lang == "en":
        about = " or ".join(f"“{m}”" for m in shown)
        return f"{subject} not say anything about {about}." if shown else f"{subject} not say."
    return f"{subject}中没有提到{'、'.join(f'“{m}”' for m in shown)}。" if shown else f"{subject}中没有提到相关内容。"


def is_refusal_reply(text: str) -> bool:
    """Did an LLM reply with the refusal sentence it was asked to use (in either language and scope)?"""
    head = text.strip()[:60]
    stems = [refusal_text(lang, scope=scope).rstrip("。.").removesuffix("相关内容").removesuffix(" say")
             for lang in ("zh", "en") for scope in (ARTICLE, DOCUMENTS)]
    return any(head.startswith(stem) for stem in stems)


_QUALIFY = {
    ("zh", "party"): "{noun}没有给出{asked}的这一信息；下面说的是{given}：",
    ("zh", "period"): "{noun}没有给出{asked}的这一信息；下面说的是{given}的：",
    ("zh", "plan"): "{noun}给出的是计划、预期或订购，不是已经发生的：",
    ("zh", "goal"): "{noun}没有给出这一目标或计划；下面说的是已经实现的：",
    ("zh", "measure"): "{noun}没有给出{asked}的{given}，最接近的内容是：",
    ("zh", "joint"): "{noun}没有单独给出{asked}的这一数字；下面的数字是它与其他方合计的：",
    ("zh", "other"): "{noun}没有直接回答这个问题，最接近的内容是：",
    ("en", "party"): "{noun} {does} not give this for {asked}; what follows is about {given}: ",
    ("en", "period"): "{noun} {does} not give this for {asked}; what follows is about {given}: ",
    ("en", "plan"): "{noun} only {gives} a plan, forecast or order, not what has happened: ",
    ("en", "goal"): "{noun} {does} not give this target or plan; what follows is what has happened: ",
    ("en", "measure"): "{noun} {does} not give {asked}'s {given}; the closest it comes is: ",
    ("en", "joint"): "{noun} {does} not give this for {asked} alone; what follows is a figure shared with others: ",
    ("en", "other"): "{noun} {does} not answer this directly; the closest it comes is: ",
}
_NOUN = {("zh", ARTICLE): ("文章", "", ""), ("zh", DOCUMENTS): ("资料", "", ""),
         ("en", ARTICLE): ("The article", "does", "gives"), ("en", DOCUMENTS): ("The documents", "do", "give")}


def qualification_text(lang: str, kind: str, asked: str = "", given: str = "", scope: str = ARTICLE) -> str:
    """The sentence put before a quote that answers a neighbouring question (rag.evidence.qualify):
    what the documents do not give, and what the quote is about instead."""
    lang = "en" if lang == "en" else "zh"
    if kind not in ("party", "period", "plan", "goal", "measure", "joint") or (
            kind in ("party", "period", "measure") and not (asked and given)) or (kind == "joint" and not asked):
        kind = "other"
    noun, does, gives = _NOUN[(lang, DOCUMENTS if scope == DOCUMENTS else ARTICLE)]
    if lang == "zh" and kind == "period":  # bare years (2024、2025) read as years
        asked, given = (re.sub(r"(\d{4})(?![\d年])", r"\1年", v) for v in (asked, given))
    if lang == "en" and kind == "period":  # 近十年 read in English: the past 10 years
        asked, given = (in_english(v).replace("、", ", ") for v in (asked, given))
    return _QUALIFY[(lang, kind)].format(noun=noun, does=does, gives=gives, asked=asked, given=given)
