"""An answerer for any OpenAI-compatible chat endpoint: Ollama, vLLM, llama.cpp server, DeepSeek, Qwen, OpenAI.

It POSTs `{base_url}/chat/completions` with `stream: true` and reads the Server-Sent Events
(`data: {...}` lines, ending with `data: [DONE]`). The whole reply must arrive within `timeout`
seconds: the HTTP stream is read in a worker thread and the caller stops waiting at the deadline,
so a server that trickles tokens cannot hold the answer up longer than a silent one.
Every failure is an `LLMError` naming the endpoint and model; the API key never appears in one.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from rag.answer.errors import LLMError
from rag.answer.prompt import Message, answer_messages, read_rewrite, rewrite_messages, stream_reply
from rag.answer.protocol import AnswerRequest, Draft, final_draft

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
_END = object()  # end-of-stream marker on the worker's queue


def _public_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _server_message(response: httpx.Response, limit: int = 300) -> str:
    """The error text from an error response: `error.message`, `error`, `detail` or `message` when JSON."""
    try:
        body = response.read()
    except httpx.HTTPError:
        return ""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:limit]
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data.get("message")))
        if isinstance(err, dict):
            err = err.get("message") or err.get("msg") or json.dumps(err, ensure_ascii=False)
        if err:
            return str(err)[:limit]
    return text[:limit]


def sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The `data` payload of each Server-Sent Event (consecutive data lines joined by newlines)."""
    data: list[str] = []
    for line in lines:
        line = line.rstrip("\r")
        if not line:
            if data:
                yield "\n".join(data)
                data = []
        elif line.startswith("data:"):
            value = line[5:]
            data.append(value[1:] if value.startswith(" ") else value)
        # comments (":"), "event:", "id:" and "retry:" lines carry nothing we use
    if data:
        yield "\n".join(data)


class OpenAICompatibleAnswerer:
    """Streams answers from `{base_url}/chat/completions`; cheap to construct, connects on first use."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 30.0,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ):
        base = base_url.strip().rstrip("/")
        if base.endswith("/chat/completions"):
            base = base[: -len("/chat/completions")]
        self.base_url = base
        self.model = model
        self.timeout = float(timeout)
        self.max_tokens = max_tokens
        self.temperature = temperature
        self._api_key = api_key  # private: never logged, never in a message
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OpenAICompatibleAnswerer(base_url={self.base_url!r}, model={self.model!r})"

    # the Answerer protocol

    def answer(self, request: AnswerRequest) -> Draft:
        return final_draft(self.stream(request))

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        for item in stream_reply(self._stream_text(answer_messages(request))):
            if isinstance(item, Draft) and not item.text:
                raise self._error("returned an empty answer")
            yield item

    def rewrite(self, question: str, history: Sequence[str]) -> str:
        """The last question rewritten as a standalone question (one non-streaming call, bounded by the
        connect and read timeouts)."""
        payload = self._payload(rewrite_messages(question, history), stream=False)
        payload["max_tokens"] = min(self.max_tokens, 128)
        started = time.monotonic()
        try:
            response = self._http().post(self._url(), json=payload, headers=self._headers())
            if response.status_code >= 400:
                raise self._error(f"returned HTTP {response.status_code}: {_server_message(response)}")
            data = response.json()
        except httpx.HTTPError as e:
            raise self._transport_error(e, started) from None
        except ValueError:
            raise self._error("returned a reply that is not JSON") from None
        try:
            content = data["choices"][0]["message"].get("content") or ""
        except (KeyError, IndexError, TypeError, AttributeError):
            raise self._error(f"returned an unexpected reply: {self._redact(str(data)[:200])}") from None
        return read_rewrite(str(content), question)

    # HTTP

    def _http(self) -> httpx.Client:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    timeout = httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
                    # proxy variables apply to remote APIs, not to a server on this machine
                    local = urlsplit(self.base_url).hostname in ("localhost", "127.0.0.1", "::1")
                    self._client = httpx.Client(timeout=timeout, trust_env=not local)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream, application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _payload(self, messages: list[Message], stream: bool) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "messages": messages,
            "stream": stream,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if self.model:
            payload["model"] = self.model  # llama.cpp serves one model and accepts none
        return payload

    def _stream_text(self, messages: list[Message]) -> Iterator[str]:
        """Content pieces as they arrive; raises LLMError at the deadline or on any failure."""
        started = time.monotonic()
        deadline = started + self.timeout
        pieces: queue.Queue = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(
            target=self._pump, args=(self._payload(messages, stream=True), pieces.put, stop, started),
            name="llm-stream", daemon=True,
        )
        log.debug("POST %s/chat/completions model=%s", _public_url(self.base_url), self.model)
        worker.start()
        try:
            while True:
                try:
                    item = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise self._error(f"timed out: no complete answer within {self.timeout:g} s") from None
                if item is _END:
                    return
                if isinstance(item, LLMError):
                    raise item
                yield item
        finally:
            stop.set()  # the worker closes the response at its next line

    def _pump(self, payload: dict, put: Callable[[object], None], stop: threading.Event, started: float) -> None:
        """Worker thread: read the HTTP stream and put text pieces, then `_END` or an LLMError."""
        try:
            with self._http().stream("POST", self._url(), json=payload, headers=self._headers()) as response:
                if response.status_code >= 400:
                    raise self._error(f"returned HTTP {response.status_code}: {_server_message(response)}")
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    put(self._whole_reply(response))  # a server that ignored stream=true
                else:
                    self._read_events(response, put, stop)
            put(_END)
        except LLMError as e:
            put(e)
        except httpx.HTTPError as e:
            put(self._transport_error(e, started))
        except Exception as e:  # a worker must always report back
            put(self._error(f"failed: {type(e).__name__}: {e}"))

    def _read_events(self, response: httpx.Response, put: Callable[[object], None], stop: threading.Event) -> None:
        finished = False
        for data in sse_data(response.iter_lines()):
            if stop.is_set():
                return
            if data.strip() == "[DONE]":
                return
            try:
                event = json.loads(data)
            except ValueError:
                raise self._error(f"sent a malformed stream event: {data[:120]!r}") from None
            if not isinstance(event, dict):
                raise self._error(f"sent a malformed stream event: {data[:120]!r}")
            if event.get("error"):
                err = event["error"]
                raise self._error(f"reported an error: {err.get('message', err) if isinstance(err, dict) else err}")
            choices = event.get("choices") or [{}]  # the last event may carry only usage
            choice = choices[0] if isinstance(choices, list) and isinstance(choices[0], dict) else {}
            delta = choice.get("delta") or {}
            text = delta.get("content") if isinstance(delta, dict) else None
            if text:
                put(str(text))  # reasoning_content (DeepSeek) is not part of the answer
            finished = finished or bool(choice.get("finish_reason"))
        if not finished:
            raise self._error("closed the stream before the answer was complete")

    def _whole_reply(self, response: httpx.Response) -> str:
        try:
            return str(json.loads(response.read())["choices"][0]["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError):
            raise self._error("sent neither an event stream nor a chat completion") from None

    # errors

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def _error(self, what: str) -> LLMError:
        model = self.model or "(server default)"
        return LLMError(self._redact(f"LLM at {_public_url(self.base_url)} (model {model}) {what}"))

    def _transport_error(self, e: httpx.HTTPError, started: float) -> LLMError:
        if isinstance(e, httpx.ConnectTimeout):
            return self._error(f"timed out connecting after {min(CONNECT_TIMEOUT, self.timeout):g} s")
        if isinstance(e, httpx.TimeoutException):
            return self._error(f"timed out after {time.monotonic() - started:.1f} s (timeout {self.timeout:g} s)")
        if isinstance(e, httpx.ConnectError):
            return self._error(f"cannot be reached (is the server running?): {e}")
        if isinstance(e, httpx.RemoteProtocolError):
            return self._error(f"broke off the reply: {e}")
        return self._error(f"request failed: {type(e).__name__}: {e}")
