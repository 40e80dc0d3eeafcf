"""Chat servers follow the live version: when a build publishes a new one (`rag index --add` while the
servers run), each server opens it within seconds and swaps its pipeline.

A question already being answered keeps the pipeline it started with (whose tables stay until the
version after next is published), so no answer mixes two versions. The check is one small query
every `every` seconds, on a background thread; opening the new version happens there too.

    follower = LiveFollower(cfg, store, reopen=lambda: load_pipeline(cfg, rebuild=False), swap=handlers.use_pipeline)
    follower.start()
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from index.pg.database import database_for

log = logging.getLogger("rag.follow")

EVERY = 5.0  # seconds between checks of the live version


class LiveFollower:
    def __init__(self, cfg, version: int, reopen: Callable[[], object], swap: Callable[[object], None],
                 every: float = EVERY):
        self.cfg = cfg
        self.version = version
        self.reopen = reopen
        self.swap = swap
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def live(self) -> int | None:
        name = self.cfg.db_index
        row = database_for(self.cfg).read(
            lambda conn: conn.execute("SELECT live FROM rag.indexes WHERE name = %s", (name,)).fetchone())
        return int(row[0]) if row else None

    def check(self) -> bool:
        """Open and swap in the live version if it changed; whether it did."""
        live = self.live()
        if live is None or live == self.version:
            return False
        pipeline = self.reopen()
        store = getattr(pipeline.extractive, "store", None)
        self.version = getattr(store, "version", live)
        self.swap(pipeline)
        log.warning("now serving version %s of %r", self.version, self.cfg.db_index)
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.check()
            except Exception:  # noqa: BLE001 - a database hiccup: the server keeps its version, tries again
                log.exception("checking the live version failed")

    def start(self) -> LiveFollower:
        self._thread = threading.Thread(target=self._run, name="follow-live-version", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
