"""Secrets never printed or written: a database URL is shown with its password replaced."""

from __future__ import annotations

import re

_PASSWORD = re.compile(r"^([a-z][a-z0-9+.-]*://[^:/@?#]*):[^/?#]*@", re.IGNORECASE)


def redact_url(url: str) -> str:
    """`postgresql://rag:s3cret@host/db` -> `postgresql://rag:***@host/db`; also `password=` parameters."""
    url = _PASSWORD.sub(r"\1:***@", url or "")
    return re.sub(r"(password=)[^&\s]*", r"\1***", url, flags=re.IGNORECASE)
