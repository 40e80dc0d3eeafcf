"""Evaluation datasets: JSONL, one question per line, validated as a whole before any is run.

A bad dataset fails with every problem listed by line number, so one edit fixes them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rag.text.lang import detect_lang


@dataclass(frozen=True)
class EvalItem:
    """One question with what a right answer and a supporting passage must contain."""

    id: str
    question: str
    reference_answer: str = ""
    key_facts: tuple[tuple[str, ...], ...] = ()  # right = one string of every group is in the answer
    support: tuple[str, ...] = ()  # a passage supports the answer when it contains one of these
    doc_ids: tuple[str, ...] = ()  # gold documents; empty = any document may hold the answer
    answerable: bool = True
    lang: str = ""  # the loader fills this in from the question when the line omits it
    type: str = "unknown"
    history: tuple[str, ...] = ()  # earlier user questions of the same conversation


class DatasetError(ValueError):
    """A dataset that cannot be used; `errors` holds one message per problem ("line 3: ...")."""

    def __init__(self, path: str, errors: list[str]):
        self.errors = tuple(errors)
        super().__init__(f"{path}: {len(errors)} problem(s)\n" + "\n".join(errors))


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check(obj: dict) -> list[str]:
    """What is wrong with one parsed line (empty when it is fine)."""
    errors = []
    for name in ("id", "question"):
        if name not in obj:
            errors.append(f"missing field '{name}'")
    if "id" in obj and (not isinstance(obj["id"], str) or not obj["id"].strip()):
        errors.append("'id' must be a non-empty string")
    # an empty question is allowed: the CMRC 2018 trial set has two, and the pipeline must cope
    for name in ("question", "reference_answer", "lang", "type"):
        if name in obj and not isinstance(obj[name], str):
            errors.append(f"'{name}' must be a string")
    for name in ("support", "doc_ids", "history"):
        if name in obj and not _is_str_list(obj[name]):
            errors.append(f"'{name}' must be a list of strings")
    if "key_facts" in obj:
        facts = obj["key_facts"]
        if not isinstance(facts, list) or not all(_is_str_list(g) for g in facts):
            errors.append("'key_facts' must be a list of lists of strings")
        elif any(not g for g in facts):
            errors.append("'key_facts' groups must not be empty")
    if "answerable" in obj and not isinstance(obj["answerable"], bool):
        errors.append("'answerable' must be true or false")
    return errors


def _item(obj: dict) -> EvalItem:
    return EvalItem(
        id=obj["id"],
        question=obj["question"],
        reference_answer=obj.get("reference_answer", ""),
        key_facts=tuple(tuple(g) for g in obj.get("key_facts", [])),
        support=tuple(obj.get("support", [])),
        doc_ids=tuple(obj.get("doc_ids", [])),
        answerable=obj.get("answerable", True),
        lang=obj.get("lang") or detect_lang(obj["question"]),
        type=obj.get("type", "unknown"),
        history=tuple(obj.get("history", [])),
    )


def parse_dataset(text: str, path: str = "<dataset>") -> list[EvalItem]:
    """Items from JSONL text; raises DatasetError naming every bad line. Blank lines are skipped."""
    items: list[EvalItem] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    # split on "\n" only: JSON strings may hold raw U+2028 etc., which str.splitlines would break on
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {number}: invalid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"line {number}: expected a JSON object, got {type(obj).__name__}")
            continue
        problems = _check(obj)
        errors.extend(f"line {number}: {p}" for p in problems)
        if problems:
            continue
        if obj["id"] in first_line:
            errors.append(
                f"line {number}: duplicate id '{obj['id']}' (first on line {first_line[obj['id']]})"
            )
            continue
        first_line[obj["id"]] = number
        items.append(_item(obj))
    if not items and not errors:
        errors.append("no items")
    if errors:
        raise DatasetError(path, errors)
    return items


def load_dataset(path: str | Path) -> list[EvalItem]:
    """Items of a UTF-8 JSONL file (a leading BOM is fine); raises DatasetError naming every bad line."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DatasetError(str(path), [f"not UTF-8 (byte {e.start})"]) from None
    return parse_dataset(text, str(path))
