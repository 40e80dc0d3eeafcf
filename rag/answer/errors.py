"""`LLMError`: a language-model answerer could not produce an answer.

Kept in its own tiny module so that catching it (the fallback, the UI) never imports an HTTP
client or torch. Messages name the endpoint or model and the cause, never an API key.
"""

from __future__ import annotations


class LLMError(RuntimeError):
    """The model or its server failed: unreachable, HTTP error, timeout, malformed or empty reply."""
