"""The one refusal wording, for every answerer, in both languages, about the article or the documents.

    refusal_text("zh", ("昇腾",))                   -> 文章中没有提到“昇腾”。
    refusal_text("en", (), scope="documents")       -> The documents do not say.

An answer is a refusal by its `refused` field (Draft, Answer), never by how its text begins. The
one place text is read for a refusal is an LLM's reply: the model is told to answer with exactly
`refusal_text(lang, scope=...)` when its sources lack the answer, and `is_refusal_reply` recognises that.
"""

from __future__ import annotations

from collections.abc import Sequence

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
