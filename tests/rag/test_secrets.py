"""Database URLs are shown without their passwords, in messages and in the configuration a run writes."""

import pytest

from rag.config import Config
from rag.secrets import redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://rag:s3cret@db:5432/rag", "postgresql://rag:***@db:5432/rag"),
    ("postgresql://rag:p%40ss@db/rag?sslmode=require", "postgresql://rag:***@db/rag?sslmode=require"),
    ("postgresql://rag@db/rag?password=s3cret&sslmode=require", "postgresql://rag@db/rag?password=***&sslmode=require"),
    ("postgresql://db/rag", "postgresql://db/rag"),
    ("", ""),
])
def test_passwords_are_replaced(url, shown):
    assert redact_url(url) == shown


def test_a_redacted_config_keeps_no_secret():
    cfg = Config(db_url="postgresql://rag:s3cret@db/rag", db_read_urls=("postgresql://r:two@db2/rag",), llm_api_key="sk-x")
    safe = cfg.redacted()
    assert "s3cret" not in str(safe) and "two@" not in str(safe) and safe.llm_api_key == ""
    assert safe.db_url == "postgresql://rag:***@db/rag" and safe.store == cfg.store
