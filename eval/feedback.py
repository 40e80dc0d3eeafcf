"""Turn the chat page's feedback log into a dataset skeleton for review.

Each feedback line is {"time", "question", "answer", "citations", "settings", "rating": "up"|"down"|null,
"comment", "history", ...} (rag/feedback.py writes them; "answer_id", "refused" and "reasons" when
present are used too). A thumbs-up answer becomes the item's reference_answer (type "feedback-up"; a
thumbs-up refusal marks the question unanswerable); a thumbs-down item gets no reference and type
"feedback-down", to be written by a reviewer; an unrated record with a comment becomes
"feedback-comment". Key facts, support strings and gold documents are left for the reviewer.
When the same answer was rated more than once (same answer_id), the last rating counts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from eval.dataset import parse_dataset
from eval.normalize import strip_citations
from rag.text.lang import detect_lang


def history_questions(history: object) -> list[str]:
    """Earlier user questions from a history in any of the shapes a chat UI stores: strings,
    {"role", "content"} messages, or [user, assistant] pairs."""
    out = []
    for turn in history if isinstance(history, list) else []:
        if isinstance(turn, str):
            text = turn
        elif isinstance(turn, dict) and turn.get("role", "user") == "user":
            text = turn.get("content", "")
        elif isinstance(turn, (list, tuple)) and turn:
            text = turn[0]
        else:
            continue
        if isinstance(text, str) and text.strip():
            out.append(text.strip())
    return out


def feedback_item(fb: dict) -> dict:
    """The dataset line for one feedback record (its id is set by feedback_to_dataset)."""
    question = str(fb.get("question", "")).strip()
    up = fb.get("rating") == "up"
    item = {
        "id": "",
        "question": question,
        "reference_answer": strip_citations(str(fb.get("answer", ""))).strip() if up else "",
        "key_facts": [],
        "support": [],
        "doc_ids": [],
        "answerable": not (up and fb.get("refused") is True),  # the user agreed the corpus does not say
        "lang": detect_lang(question),
        "type": {"up": "feedback-up", "down": "feedback-down"}.get(fb.get("rating"), "feedback-comment"),
        "history": history_questions(fb.get("history")),
    }
    # for the reviewer; the dataset loader ignores fields it does not know
    if fb.get("comment"):
        item["comment"] = str(fb["comment"])
    if fb.get("reasons"):
        item["reasons"] = [str(r) for r in fb["reasons"]]
    return item


def usable_feedback(numbered: Iterable[tuple[int, dict]]) -> tuple[list[dict], list[str]]:
    """(records that can become dataset items, one problem per record left out, by line number).
    The log is read by rag.feedback.parse_feedback; here a record also needs a question and a
    rating or a comment."""
    usable, problems = [], []
    for number, fb in numbered:
        where = f"line {number}"
        if not isinstance(fb.get("question"), str) or not fb["question"].strip():
            problems.append(f"{where}: no question")
        elif fb.get("rating") not in ("up", "down", None):
            problems.append(f"{where}: rating must be 'up', 'down' or null, not {fb.get('rating')!r}")
        elif fb.get("rating") is None and not fb.get("comment") and not fb.get("reasons"):
            problems.append(f"{where}: neither a rating nor a comment")
        else:
            usable.append(fb)
    return usable, problems


def latest_per_answer(records: Iterable[dict]) -> list[dict]:
    """The records with only the last one kept per answer_id (records without one all stay)."""
    records = list(records)
    last = {fb["answer_id"]: i for i, fb in enumerate(records) if fb.get("answer_id")}
    return [fb for i, fb in enumerate(records) if not fb.get("answer_id") or last[fb["answer_id"]] == i]


def feedback_to_dataset(records: Iterable[dict]) -> list[dict]:
    """Dataset lines, one per rated answer (see latest_per_answer). Ids are "fb-" + a hash of the
    answer_id (or of time and question without one), so they stay put as the log grows; a clash gets -2, -3."""
    out, seen = [], set()
    for fb in latest_per_answer(records):
        item = feedback_item(fb)
        key = fb.get("answer_id") or f"{fb.get('time', '')}\n{item['question']}"
        digest = hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:10]
        base, n = f"fb-{digest}", 1
        item["id"] = base
        while item["id"] in seen:
            n += 1
            item["id"] = f"{base}-{n}"
        seen.add(item["id"])
        out.append(item)
    return out


def dataset_text(items: list[dict]) -> str:
    """JSONL text of the items, checked by the dataset loader (raises DatasetError if invalid)."""
    text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    parse_dataset(text, "<feedback dataset>")
    return text
