"""Resolve a follow-up question (`那阿里云呢？`, `它的现金消耗呢？`, `What about Alibaba Cloud?`).

With an LLM configured, the LLM rewrites it from the history. Otherwise, deterministically:
- "X呢 / what about X" swaps X for the subject of the previous question (its first name-like term);
- a pronoun (它/其/该公司/it/its/they) is replaced by that subject;
- the previous question's ask (多少, how much...) is carried over when the new one has none.
Questions that stand on their own are returned unchanged.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from rag.question import has_named_subject, subject_of
from rag.tokenize import has_han

_ABOUT_ZH = re.compile(r"^(?:那么?|还有|另外|而)?\s*(?P<x>.{1,20}?)\s*(?:呢|怎么样|如何|又如何|的情况呢|情况如何)\s*[？?]?$")
_ABOUT_EN = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*\??$", re.I)
_LEAD_EN = re.compile(r"^(?:and|also|so|then)\s*,?\s+", re.I)
_PRONOUN_ZH = re.compile(r"它们|他们|它的|他的|其|它|该公司|这家公司|这家|该企业|对方")
_PRONOUN_EN = re.compile(r"\b(?:it|its|they|their|them|this company|the company)\b", re.I)
_INTERROGATIVE_ZH = re.compile(r"什么|哪|谁|怎|为什么|为何|吗|多少|几|如何|是否")
_ASK_EN = {"how much": "How much is {x}?", "how many": "How many {x}?", "when": "When {x}?", "why": "Why {x}?"}
_ASK_ZH = re.compile(r"(是多少|有多少|多少|几[个年倍家]?|哪一年|什么时候|为什么|是什么|有哪些|是谁)[？?]?$")


def is_followup(question: str) -> bool:
    """A question that leans on an earlier one: "X呢", a pronoun, or a short one with no subject."""
    q = question.strip()
    if has_han(q):
        return (bool(_ABOUT_ZH.match(q)) or (bool(_PRONOUN_ZH.search(q)) and len(q) <= 30)
                or (len(q) <= 12 and not has_named_subject(q)))
    q = _LEAD_EN.sub("", q)
    return bool(_ABOUT_EN.match(q)) or (bool(_PRONOUN_EN.search(q)) and len(q.split()) <= 14)


def resolve(question: str, history: Sequence[str], rewrite: Callable[[str, Sequence[str]], str] | None = None) -> str:
    """A standalone version of `question` given the earlier user questions (oldest first)."""
    q = question.strip()
    if not history or not is_followup(q):
        return q
    if rewrite is not None:
        try:
            out = rewrite(q, list(history)).strip()
            if out:
                return out
        except Exception:  # noqa: BLE001 - an LLM failure falls back to the rules below
            pass
    previous = resolve(history[-1], history[:-1])
    return _resolve_zh(q, previous) if has_han(q) else _resolve_en(q, previous)


def _resolve_zh(q: str, previous: str) -> str:
    subject = subject_of(previous)
    about = _ABOUT_ZH.match(q)
    if about and not _PRONOUN_ZH.search(about.group("x")):
        x = about.group("x")
        if subject and subject in previous:
            return previous.replace(subject, x, 1)
        return f"{x} {previous}"
    if not subject:
        return f"{previous} {q}"
    if not _PRONOUN_ZH.search(q) and not about:
        return subject + q  # 同比增长了多少？ -> 百度AI同比增长了多少？
    out = _PRONOUN_ZH.sub(lambda m: subject + ("的" if m.group(0).endswith("的") else ""), q, count=1)
    out = re.sub(r"呢\s*([？?]?)$", r"\1", out)
    if not _INTERROGATIVE_ZH.search(out):
        ask = _ASK_ZH.search(previous.strip())
        if ask:
            out = out.rstrip("？?") + ask.group(1).rstrip("？?") + "？"
    return out


def _resolve_en(q: str, previous: str) -> str:
    q = _LEAD_EN.sub("", q)
    q = q[:1].upper() + q[1:]
    subject = subject_of(previous)

    def swap(m: re.Match) -> str:
        word = m.group(0).lower()
        return subject + ("'s" if word in ("its", "their") else "")

    about = _ABOUT_EN.match(q)
    if about:
        x = about.group("x")
        if _PRONOUN_EN.search(x) and subject:
            x = _PRONOUN_EN.sub(swap, x)
            lead = previous.strip().lower()
            for ask, form in _ASK_EN.items():
                if lead.startswith(ask):
                    return form.format(x=x)
            return f"What about {x}?"
        if subject and subject in previous:
            return previous.replace(subject, x, 1)
        return f"{previous} {x}"
    if not subject:
        return f"{previous} {q}"
    return _PRONOUN_EN.sub(swap, q)


