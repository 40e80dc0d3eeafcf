"""Turn the chat page's feedback log into a dataset skeleton for review.

Each feedback line is {"time", "question", "answer", "citations", "settings", "rating": "up"|"down",
"comment", "history"}. A thumbs-up answer becomes the item's reference_answer (type "feedback-up");
a thumbs-down item gets no reference and type "feedback-down", to be written by a reviewer.
Key facts, support strings and gold documents are left for the reviewer too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from eval.dataset import detect_lang, parse_dataset
from eval.normalize import strip_citations


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
        "answerable": True,
        "lang": detect_lang(question),
        "type": "feedback-up" if up else "feedback-down",
        "history": history_questions(fb.get("history")),
    }
    if fb.get("comment"):
        item["comment"] = str(fb["comment"])  # for the reviewer; the dataset loader ignores it
    return item


def read_feedback(lines: Iterable[str]) -> tuple[list[dict], list[str]]:
    """(usable feedback records, one problem per skipped line, by line number)."""
    records, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            fb = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: invalid JSON ({e.msg})")
            continue
        if not isinstance(fb, dict):
            problems.append(f"line {number}: not a JSON object")
        elif not isinstance(fb.get("question"), str) or not fb["question"].strip():
            problems.append(f"line {number}: no question")
        elif fb.get("rating") not in ("up", "down"):
            problems.append(f"line {number}: rating must be 'up' or 'down', not {fb.get('rating')!r}")
        else:
            records.append(fb)
    return records, problems


def feedback_to_dataset(records: Iterable[dict]) -> list[dict]:
    """Dataset lines, one per feedback record, ids "fb-" + a hash of time and question (stable when
    the log grows); the same question asked twice with the same time gets a -2, -3 suffix."""
    out, seen = [], set()
    for fb in records:
        item = feedback_item(fb)
        digest = hashlib.sha1(f"{fb.get('time', '')}\n{item['question']}".encode("utf-8")).hexdigest()[:10]
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
