"""Ablations: the same questions with one part of the pipeline switched off, scored side by side
with the full pipeline so each part's contribution is measured (paired on question ids).

A variant that changes what is indexed (cleaning, splitter) gets its own index folder,
`<index_dir>-ablate-<name>`, built by load_pipeline on first use and reused while its settings
hold; a variant that only changes query-time behaviour reads the full pipeline's index, which is
byte-for-byte the index it would build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict

from eval.latency import latency_summary
from eval.metrics import METRIC_KEYS
from eval.stats import aggregate, paired_bootstrap
from rag.config import Config

VARIANTS: dict[str, dict] = {
    "no-clean": {"clean": False},  # raw scraped text: pinyin glosses and lost-character '?' stay
    "langchain-splitter": {"splitter": "langchain-default"},  # 500/50-character recursive splitter
    "dense-only": {"retrieval": "dense"},
    "bm25-only": {"retrieval": "bm25"},
    "no-refusal": {"refusal": False},
}


def index_settings(cfg: Config) -> dict:
    """What an index is built from: if two configs agree here, they can share one index folder."""
    from index.build import chunker_record

    return {"corpus": cfg.corpus, "embedder": cfg.embedder, "chunker": chunker_record(cfg)}


def variant_config(base: Config, name: str) -> Config:
    """The base config with the variant's switch applied and its index folder chosen."""
    cfg = base.with_overrides(**VARIANTS[name])
    if index_settings(cfg) != index_settings(base):
        cfg = cfg.with_overrides(index_dir=f"{base.index_dir.rstrip('/')}-ablate-{name}",
                                 db_index=f"{base.db_index}-ablate-{name}")  # the postgres store's name for it
    return cfg


def parse_names(spec: str | None) -> list[str]:
    """Variant names from "all" / None (every variant) or a comma-separated list; unknown names raise."""
    if not spec or spec == "all":
        return list(VARIANTS)
    names = [n.strip() for n in spec.split(",") if n.strip()]
    bad = [n for n in names if n not in VARIANTS]
    if bad:
        raise ValueError(f"unknown ablation(s): {', '.join(bad)}; choose from {', '.join(VARIANTS)}")
    return names


def applicable(base: Config, names: Sequence[str]) -> list[str]:
    """The variants that change something (a run already with retrieval=dense has no dense-only)."""
    return [n for n in names if base.with_overrides(**VARIANTS[n]) != base]


def run_ablations(
    base: Config, names: Sequence[str], run_variant: Callable[[str, Config], list[dict]]
) -> dict[str, tuple[Config, list[dict]]]:
    """{name: (config, records)}; `run_variant(name, cfg)` loads the pipeline and answers the questions."""
    out = {}
    for name in applicable(base, names):
        cfg = variant_config(base, name)
        out[name] = (cfg, run_variant(name, cfg))
    return out


def _aligned(full: Sequence[dict], variant: Sequence[dict], key: str) -> tuple[list, list]:
    by_id = {r.get("id"): r for r in variant}
    pairs = [(r, by_id[r.get("id")]) for r in full if r.get("id") in by_id]
    return ([(a.get("metrics") or {}).get(key) for a, _ in pairs], [(b.get("metrics") or {}).get(key) for _, b in pairs])


def ablation_report(
    full: Sequence[dict], variants: dict[str, tuple[Config, list[dict]]], n_resamples: int = 2000, seed: int = 0
) -> dict[str, dict]:
    """report.json "ablations": per variant its switch, index folder, metrics with CIs, latency and
    the paired difference to the full pipeline (variant minus full) on every metric."""
    out = {}
    for name, (cfg, records) in variants.items():
        deltas = {}
        for key in METRIC_KEYS:
            a, b = _aligned(full, records, key)
            deltas[key] = paired_bootstrap(a, b, n_resamples=n_resamples, seed=seed)
        out[name] = {
            "overrides": VARIANTS.get(name, {}),
            "index_dir": cfg.index_dir,
            "n_questions": len(records),
            "metrics": aggregate(records, METRIC_KEYS, n_resamples=n_resamples, seed=seed),
            "delta_vs_full": deltas,
            "latency_ms": latency_summary(records),
            "config": asdict(cfg.redacted()),
        }
    return out
