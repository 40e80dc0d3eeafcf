"""`manifest.json`: what an index was built from, so a mismatched or damaged one is never used.

It records the format version, embedder, corpus fingerprint, chunker settings, FAISS layout and a
checksum of every file; `mismatches()` names each way an index differs from what is asked for.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class IndexError_(RuntimeError):
    """An index that cannot be used; the message names the command that rebuilds it."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    created_at: str
    embedder: dict  # name, dim, max_tokens
    corpus: dict  # fingerprint, documents, chunks, sentences
    chunker: dict  # chunk_tokens, overlap_tokens, splitter, with_context, clean
    faiss: dict  # type and parameters
    files: dict = field(default_factory=dict)  # file name -> {"sha256", "bytes"}
    build_seconds: float = 0.0

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")

    @staticmethod
    def read(folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Manifest(**data)
        except FileNotFoundError as e:
            raise IndexError_(f"{folder}: no {MANIFEST}; this is not an index (build one with `rag index`)") from e
        except (ValueError, TypeError) as e:
            raise IndexError_(f"{path}: unreadable manifest ({e}); rebuild with `rag index`") from e

    def mismatches(self, embedder: str | None = None, fingerprint: str | None = None, chunker: dict | None = None) -> list[str]:
        out = []
        if self.format_version != FORMAT_VERSION:
            out.append(f"index format {self.format_version}, this version reads {FORMAT_VERSION}")
        if embedder is not None and self.embedder.get("name") != embedder:
            out.append(f"built with embedder {self.embedder.get('name')!r}, asked for {embedder!r}")
        if fingerprint is not None and self.corpus.get("fingerprint") != fingerprint:
            out.append("the corpus changed since the index was built")
        if chunker is not None and self.chunker != chunker:
            out.append(f"chunker settings differ ({self.chunker} vs {chunker})")
        return out


def file_checksum(path: Path) -> dict:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return {"sha256": h.hexdigest(), "bytes": path.stat().st_size}


def verify_files(folder: Path, manifest: Manifest) -> list[str]:
    """Names of files that are missing or whose size or checksum differs from the manifest."""
    bad = []
    for name, expected in manifest.files.items():
        path = folder / name
        if not path.is_file():
            bad.append(f"{name} is missing")
        elif path.stat().st_size != expected.get("bytes"):
            bad.append(f"{name} has {path.stat().st_size} bytes, expected {expected.get('bytes')}")
        elif file_checksum(path)["sha256"] != expected.get("sha256"):
            bad.append(f"{name} is corrupted (checksum differs)")
    return bad
