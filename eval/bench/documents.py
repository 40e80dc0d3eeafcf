"""How fast documents are read: PDF pages per second, DOCX and HTML reads, and indexing a 100-page PDF.

    python -m eval.bench.documents [--pages 100] [--work DIR] [--embedder bundled|hash]

Makes the fixtures (tests/fixtures/make_documents.py: the article as PDF, DOCX, HTML and a long PDF
of at least `--pages` pages), then prints one table: for each file, its size, the time to read it
(best of 3) and pages per second; for the long PDF, also pypdf and pdfplumber on the same file
when they are installed (the comparison behind choosing PDFium); and the time to build the index
of the long PDF from scratch (reading, cleaning, chunking, embedding, FAISS and BM25). Numbers, not
pass/fail: they move with the machine and its load, which the footer prints.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _other_pdf_readers() -> dict:
    readers = {}
    try:
        import pypdf

        readers["pypdf"] = lambda path: [p.extract_text() for p in pypdf.PdfReader(path).pages]
    except ImportError:
        pass
    try:
        import pdfplumber

        def plumber(path):
            with pdfplumber.open(path) as pdf:
                return [p.extract_text() for p in pdf.pages]

        readers["pdfplumber"] = plumber
    except ImportError:
        pass
    return readers


def measure(folder: Path, pages: int = 100, embedder: str = "bundled") -> list[dict]:
    from rag.ingest.formats import read_bytes
    from tests.fixtures.make_documents import write_all

    files = write_all(folder, pages)
    rows = []
    for path in files.values():
        data = path.read_bytes()
        extracted = read_bytes(data, path.name)
        seconds = best_of(lambda d=data, n=path.name: read_bytes(d, n))
        rows.append({"file": path.name, "reader": f"rag ({extracted.format})", "kB": len(data) / 1024,
                     "pages": extracted.pages or None, "seconds": seconds,
                     "pages/s": extracted.pages / seconds if extracted.pages else None})
    long_pdf = files["long_pdf"]
    count = rows[-1]["pages"]
    for name, read in _other_pdf_readers().items():
        seconds = best_of(lambda r=read: r(str(long_pdf)), repeat=1)
        rows.append({"file": long_pdf.name, "reader": name, "kB": long_pdf.stat().st_size / 1024, "pages": count,
                     "seconds": seconds, "pages/s": count / seconds})
    rows.append(index_row(long_pdf, folder / "index", embedder, count))
    return rows


def index_row(pdf: Path, index_dir: Path, embedder: str, pages: int) -> dict:
    from index.build import build_index
    from rag.config import Config
    from rag.factory import make_embedder

    cfg = Config(index_dir=str(index_dir), corpus=(str(pdf),), embedder=embedder, embed_cache=False)
    model = make_embedder(cfg)
    model.embed_query("预热")  # load the model before the clock starts
    t = time.perf_counter()
    summary = build_index(cfg, model, progress=False)
    seconds = time.perf_counter() - t
    return {"file": pdf.name, "reader": f"index build ({embedder}: {summary.chunks} chunks, {summary.sentences} sentences)",
            "kB": pdf.stat().st_size / 1024, "pages": pages, "seconds": seconds, "pages/s": pages / seconds}


def table(rows: list[dict]) -> str:
    lines = ["| file | reader | kB | pages | seconds | pages/s |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        pages = "-" if r["pages"] is None else str(r["pages"])
        rate = "-" if r["pages/s"] is None else f"{r['pages/s']:.0f}"
        lines.append(f"| {r['file']} | {r['reader']} | {r['kB']:.0f} | {pages} | {r['seconds']:.3f} | {rate} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench.documents", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=100, help="pages of the long PDF (default 100)")
    p.add_argument("--work", type=Path, help="folder for the files and the index (default: a temporary one)")
    p.add_argument("--embedder", default="bundled", help="embedder for the index build (default: bundled)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(args.work or Path(tmp), args.pages, args.embedder)
    print(table(rows))
    print(f"\n{os.cpu_count()} cores, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
