"""Where the chat's feedback goes: the JSONL file beside the index (faiss store) or the database that
every chat server shares (postgres store, with a local spool while the primary is down)."""

from __future__ import annotations

from pathlib import Path

from rag.config import Config


def open_feedback(cfg: Config, path: str | Path):
    """A log with `append(record)` for `cfg`'s store; `path` is the JSONL file, or the spool's."""
    if cfg.store == "postgres":
        from index.pg.database import database_for
        from index.pg.feedback import PgFeedbackLog
        from index.pg.schema import ensure_schema

        db = database_for(cfg)
        ensure_schema(db)
        return PgFeedbackLog(db, Path(path).with_name(Path(path).stem + "-spool.jsonl"))
    from rag.feedback import FeedbackLog

    return FeedbackLog(path)
