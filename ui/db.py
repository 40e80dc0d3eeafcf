"""`rag db`: the postgres store's database from the command line.

    rag db migrate [--db-url URL]   create or migrate the schema (servers also do it on first use)
    rag db status  [--db-url URL]   schema version, indexes and their live versions, feedback, collections
    rag db feedback --out FILE      the feedback records as JSONL (for `rag eval from-feedback FILE`)
"""

from __future__ import annotations

import argparse
import sys

from rag.config import ConfigError
from rag.flags import add_store_flags, config_from_args


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="rag db", description="The postgres store's database: schema and contents.")
    ap.add_argument("action", choices=("migrate", "status", "feedback"))
    ap.add_argument("--out", help="feedback: the JSONL file to write (default: standard output)")
    ap.add_argument("--config", help="TOML file with settings")
    add_store_flags(ap)
    args = ap.parse_args(argv)
    try:
        from index.pg.connect import DatabaseError
        from index.pg.database import database_for
        from index.pg.schema import LATEST, current_version, migrate
        from rag.secrets import redact_url

        cfg = config_from_args(args).with_overrides(store="postgres")
        if not cfg.db_url:
            raise ConfigError("give the database: --db-url postgresql://user@host:port/db or RAG_DB_URL")
        db = database_for(cfg)
        if args.action == "migrate":
            applied = db.write(migrate)
            print(f"{redact_url(cfg.db_url)}: schema version {LATEST}"
                  + (f" (applied {', '.join(map(str, applied))})" if applied else " (already current)"))
            return 0
        if args.action == "feedback":
            return export_feedback(db, args.out)
        version = db.read(current_version)
        print(f"{redact_url(cfg.db_url)}: schema version {version} (this program: {LATEST})")
        if version:
            for line in db.read(status_lines):
                print(line)
        return 0
    except (ConfigError, DatabaseError) as e:
        print(f"rag db: error: {e}", file=sys.stderr)
        return 2


def export_feedback(db, out: str | None) -> int:
    import json
    from pathlib import Path

    from index.pg.feedback import read_pg_feedback

    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in read_pg_feedback(db))
    if out:
        Path(out).write_text(lines, encoding="utf-8")
        print(f"wrote {lines.count(chr(10))} feedback records to {out}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


def status_lines(conn) -> list[str]:
    out = []
    for name, live, previous, at, chunks in conn.execute(
            "SELECT i.name, i.live, i.previous, i.published_at, v.manifest->'corpus'->>'chunks' "
            "FROM rag.indexes i JOIN rag.versions v ON v.id = i.live ORDER BY i.name"):
        out.append(f"index {name!r}: version {live} ({chunks} chunks, published {at:%Y-%m-%d %H:%M:%S %Z})"
                   + (f", previous {previous}" if previous else ""))
    feedback = conn.execute("SELECT count(*) FROM rag.feedback").fetchone()[0]
    collections = conn.execute("SELECT count(*) FROM rag.collections").fetchone()[0]
    out.append(f"feedback records: {feedback}; uploaded collections: {collections}")
    return out


if __name__ == "__main__":
    sys.exit(main())
