"""LLM-judged metrics in the manner of RAGAS, for runs where an OpenAI-compatible judge is configured.

- judged_faithfulness: the judge splits the answer into atomic claims, then checks each claim
  against the passages the answer cites; the score is the share of claims they support.
- judged_relevance: the judge rates whether the answer addresses the question (2 = fully,
  1 = partly, 0 = not at all), scaled to [0, 1]. Truth is faithfulness's job, not this one's.

Both are None for refusals and empty answers (the refusal metrics cover those) and when the judge
fails; the failure is kept in the record's "judge" details. These scores come from a model, so
reports always label them "judged".
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx

from eval.normalize import strip_citations

CLAIMS_PROMPT = (
    "You split an answer into short, self-contained factual claims, each understandable without the "
    "others. Keep the answer's language. Reply with a JSON array of strings and nothing else."
)
VERIFY_PROMPT = (
    "You check claims against numbered passages. A claim is supported only when the passages state it "
    "or it follows directly from them; outside knowledge does not count. Reply with a JSON array with "
    'one object {"claim": <number>, "supported": true|false} per claim, in order, and nothing else.'
)
RELEVANCE_PROMPT = (
    "You rate whether an answer addresses the question that was asked, not whether it is true. "
    "2 = it answers exactly what was asked, 1 = partly or with much unrelated text, 0 = it does not "
    'answer the question. Reply with JSON {"score": 0|1|2, "reason": "<one sentence>"} and nothing else.'
)


class JudgeError(RuntimeError):
    """The judge could not be reached or replied with something unusable."""


def parse_json_reply(text: str) -> Any:
    """The first JSON array or object in a model reply (code fences and chatter around it allowed)."""
    decoder = json.JSONDecoder()
    for i, ch in enumerate(text):
        if ch in "[{":
            try:
                return decoder.raw_decode(text, i)[0]
            except ValueError:
                continue
    raise JudgeError(f"reply holds no JSON: {text[:120]!r}")


class Judge:
    """Chat completions (non-streaming) from `{base_url}/chat/completions`, temperature 0."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 60.0, max_tokens: int = 1024):
        self.base_url = base_url.strip().rstrip("/").removesuffix("/chat/completions")
        self.model = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._api_key = api_key or os.environ.get("RAG_JUDGE_API_KEY") or os.environ.get("OPENAI_API_KEY", "")
        local = urlsplit(self.base_url).hostname in ("localhost", "127.0.0.1", "::1")
        # proxy variables apply to remote APIs, not to a server on this machine
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)), trust_env=not local)

    def close(self) -> None:
        self._client.close()

    def chat(self, system: str, user: str) -> str:
        payload = {"model": self.model, "temperature": 0, "stream": False, "max_tokens": self.max_tokens,
                   "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        where = f"judge at {self.base_url} (model {self.model})"
        try:
            response = self._client.post(f"{self.base_url}/chat/completions", json=payload, headers=headers)
        except httpx.HTTPError as e:
            raise JudgeError(f"{where} failed: {type(e).__name__}") from None
        if response.status_code >= 400:
            raise JudgeError(f"{where} returned HTTP {response.status_code}")
        try:
            return str(response.json()["choices"][0]["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError):
            raise JudgeError(f"{where} sent an unexpected reply") from None

    # the three judgements

    def claims(self, question: str, answer: str) -> list[str]:
        reply = parse_json_reply(self.chat(CLAIMS_PROMPT, f"Question: {question}\n\nAnswer: {answer}"))
        if not isinstance(reply, list):
            raise JudgeError("claims reply is not a JSON array")
        return [str(c).strip() for c in reply if str(c).strip()]

    def supported(self, claims: Sequence[str], passages: Sequence[str]) -> list[bool]:
        shown = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(passages, start=1))
        listed = "\n".join(f"{i}. {c}" for i, c in enumerate(claims, start=1))
        reply = parse_json_reply(self.chat(VERIFY_PROMPT, f"Passages:\n{shown}\n\nClaims:\n{listed}"))
        if not isinstance(reply, list) or len(reply) != len(claims):
            raise JudgeError(f"verdicts reply does not give one verdict per claim ({len(claims)})")
        return [bool(v.get("supported")) if isinstance(v, dict) else bool(v) for v in reply]

    def relevance(self, question: str, answer: str) -> tuple[float, str]:
        reply = parse_json_reply(self.chat(RELEVANCE_PROMPT, f"Question: {question}\n\nAnswer: {answer}"))
        try:
            score = float(reply["score"])
        except (KeyError, TypeError, ValueError):
            raise JudgeError("relevance reply has no numeric score") from None
        return min(max(score, 0.0), 2.0) / 2.0, str(reply.get("reason", ""))


def judge_record(record: dict, judge: Judge) -> dict:
    """A copy of the record with judged_faithfulness / judged_relevance in "metrics" and the judge's
    claims, verdicts and reason (or error) under "judge"."""
    out = {**record, "metrics": {**(record.get("metrics") or {}), "judged_faithfulness": None, "judged_relevance": None}}
    answer = strip_citations(record.get("answer", "")).strip()
    if record.get("refused") or not answer:
        return out
    question = record.get("resolved_question") or record.get("question", "")
    details: dict[str, Any] = {"model": judge.model}
    try:
        claims = judge.claims(question, answer)
        details["claims"] = claims
        passages = [c.get("text", "") for c in record.get("citations") or []]
        if claims:
            verdicts = judge.supported(claims, passages) if passages else [False] * len(claims)
            details["supported"] = verdicts
            out["metrics"]["judged_faithfulness"] = sum(verdicts) / len(verdicts)
        score, reason = judge.relevance(question, answer)
        details["relevance_reason"] = reason
        out["metrics"]["judged_relevance"] = score
    except JudgeError as e:
        details["error"] = str(e)
    out["judge"] = details
    return out


def judge_records(records: Sequence[dict], judge: Judge, workers: int = 4, progress: bool = True) -> list[dict]:
    """judge_record over every record, `workers` at a time, in order, with a progress bar."""
    import sys

    from tqdm import tqdm

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool, tqdm(
        total=len(records), desc="judging", unit="q", disable=not progress, file=sys.stderr
    ) as bar:
        out = []
        for judged in pool.map(lambda r: judge_record(r, judge), records):
            out.append(judged)
            bar.update(1)
    return out
