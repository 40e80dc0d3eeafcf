"""Fit the short-answer span ranker (rag.answer.span) and report exact match and F1 (CMRC 2018 style).

Every answerable question is paired with the sentence of its gold paragraph that holds a gold answer,
and with the other sentence of that paragraph that shares most characters with the question (what
retrieval would bring too). Every candidate span of the two is labelled by exact match and character
F1 against the gold answers; the ranker is fitted on them (rag.answer.span.model: a linear shortlist,
then LambdaRank trees) and evaluated by cross-validation over paragraphs, then fitted on everything
and written to `rag/data/fitted/span.json` (unless --dry-run). The threshold under which no span is
given is the one that maximises cross-validated F1 when the whole sentence stands in for no span.

    python -m eval.tune.span --fit $CMRC_FIT [--fit eval/datasets/article.jsonl] [--check $CMRC_TRIAL] \
        [--cited RUN/results.jsonl] [--timing 300]
    python -m eval.tune.span --use-fitted --check $CMRC_TRIAL --cited RUN/results.jsonl   # report only

A folder holds `qa.jsonl` and `corpus.jsonl` (the CMRC 2018 sets); a .jsonl file is a dataset over the
bundled article (`FILE=CORPUS` names another corpus). --check reports on sets never fitted on (never
choose anything by them); --cited also scores, with eval.metrics' CMRC exact match and F1, the best span
across the sentences each answer of a `rag eval` run over the (single) --check set cited; --timing
measures milliseconds per question. The fit takes a few minutes per fold on two cores (LightGBM on one
thread); `--folds 0` skips cross-validation.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.dataset import EvalItem, load_dataset
from eval.metrics import cmrc_em, cmrc_f1, f1_tokens
from eval.normalize import tokens
from eval.tune.forest import forest_json
from eval.tune.span_fit import Group, fit_model, shortlist
from rag.answer.span.features import FEATURES, relate, span_features
from rag.answer.span.model import SpanModel, fitted_model
from rag.answer.span.question import content_chars, slot_of
from rag.answer.span.select import best_span_in, no_span_question
from rag.answer.span.shape import table
from rag.fitted import write_fitted
from rag.ingest.corpus import load_corpus
from rag.question.analyse import analyse
from rag.text.sentences import sentence_spans


@dataclass(frozen=True, eq=False)
class Question:
    item: EvalItem
    kind: str
    doc: str
    refs: tuple[tuple[str, ...], ...]  # token lists of the acceptable answers
    gold: Group  # spans of the gold sentence alone
    pair: Group  # spans of the gold sentence and the best other sentence
    sentences: tuple[str, ...]  # those two sentences
    sentence_f1: float  # the whole gold sentence as the answer


def _sources(spec: str) -> tuple[Path, list[str] | None]:
    path = Path(spec.partition("=")[0])
    if path.is_dir():
        return path / "qa.jsonl", [str(path / "corpus.jsonl")]
    corpus = spec.partition("=")[2]
    return path, [corpus] if corpus else None


def _answers(item: EvalItem, sentences: list[str]) -> list[str]:
    """Acceptable short answers: CMRC's gold spans; for the article set, the reference answer without
    its full stop and remarks when the text says it so, else its key facts."""
    if item.type == "span" or not item.reference_answer:
        return [s for s in (item.key_facts[0] if item.key_facts else ()) if s.strip()]
    ref = item.reference_answer.split("（")[0].split("(")[0].rstrip("。.！!")
    return [ref] if ref and any(ref in x for x in sentences) else [s for s in item.key_facts[0] if s.strip()]


def _labels(sentence: str, starts: np.ndarray, ends: np.ndarray, refs) -> tuple[np.ndarray, np.ndarray]:
    em, f1 = np.zeros(len(starts)), np.zeros(len(starts))
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
        pred = tokens(sentence[a:b])
        em[i] = float(any(pred == r for r in refs))
        f1[i] = max(f1_tokens(pred, r) for r in refs)
    return em, f1


def _group(info, sentences: list[str], refs) -> Group:
    slot = slot_of(info.text)
    parts, ems, f1s = [], [], []
    for k, s in enumerate(sentences):
        t = table(s)
        parts.append(span_features(info, slot, t))
        no = np.zeros(len(t.spans))
        em, f1 = _labels(s, t.spans.start, t.spans.end, refs) if k == 0 else (no, no)
        ems.append(em)
        f1s.append(f1)
    return Group(relate(np.concatenate(parts)), np.concatenate(ems), np.concatenate(f1s))


def collect(spec: str, every: int = 1) -> list[Question]:
    """The questions of a set with a gold sentence, their span features and labels."""
    dataset, corpus = _sources(spec)
    docs = {d.id: d for d in load_corpus(corpus).documents}
    out = []
    for item in load_dataset(dataset)[::every]:
        if not item.answerable or not item.question.strip() or item.lang != "zh" or len(item.key_facts) != 1:
            continue
        info = analyse(item.question)
        if no_span_question(info):
            continue
        for doc_id in item.doc_ids or list(docs):
            doc = docs.get(doc_id)
            sentences = [doc.text[a:b] for a, b in sentence_spans(doc.text)] if doc else []
            golds = _answers(item, sentences)
            gold = next((x for x in sentences if any(g in x for g in golds)), None)
            if gold is not None:
                break
        else:
            continue
        refs = tuple(r for r in map(tokens, golds) if r)
        q = set(content_chars(item.question))
        others = sorted((x for x in sentences if x != gold), key=lambda x: -len(q & set(content_chars(x))))
        pair = [gold, others[0]] if others else [gold]
        sentence_f1 = max(f1_tokens(tokens(gold), r) for r in refs)
        out.append(Question(item, info.kind, doc_id, refs, _group(info, [gold], refs), _group(info, pair, refs), tuple(pair),
                            sentence_f1))
    return out


def folds_by_paragraph(questions: list[Question], n: int) -> np.ndarray:
    """Fold numbers that keep every paragraph's questions together (stable across runs)."""
    from sklearn.model_selection import GroupKFold

    fold = np.zeros(len(questions), dtype=np.int64)
    docs = [q.doc for q in questions]
    for k, (_, test) in enumerate(GroupKFold(n_splits=n).split(np.zeros(len(docs)), groups=docs)):
        fold[test] = k
    return fold


def training_groups(questions: list[Question], train_on: str) -> list[Group]:
    """The gold sentence alone, the gold sentence with the best other one, or both, per question."""
    gold = [q.gold for q in questions] if train_on in ("gold", "both") else []
    return gold + ([q.pair for q in questions] if train_on in ("pair", "both") else [])


def pick(model: SpanModel, g: Group) -> tuple[int, float]:
    scores = model.score(g.x)
    i = int(np.argmax(scores))
    return i, float(scores[i])


def agreement(model: SpanModel, booster, questions: list[Question]) -> float:
    """How often the JSON trees, walked with numpy, pick the span LightGBM's own prediction picks."""
    same = []
    for q in questions:
        keep = shortlist(q.gold, model.weights, model.shortlist)
        same.append(int(np.argmax(model.forest.predict(q.gold.x[keep]))) == int(np.argmax(booster.predict(q.gold.x[keep]))))
    return float(np.mean(same)) if same else 1.0


def report(name: str, rows: list[tuple[str, float, float]]) -> dict:
    """Print and return EM/F1 overall and per question kind from (kind, em, f1) rows."""
    by = defaultdict(list)
    for kind, em, f1 in rows:
        by[kind].append((em, f1))
    arr = np.array([(em, f1) for _, em, f1 in rows]) if rows else np.zeros((0, 2))
    out = {"n": len(rows), "em": round(float(arr[:, 0].mean()), 4) if rows else None,
           "f1": round(float(arr[:, 1].mean()), 4) if rows else None, "by_kind": {}}
    print(f"{name}: n={out['n']} EM {out['em']} F1 {out['f1']}")
    for kind in sorted(by):
        v = np.array(by[kind])
        out["by_kind"][kind] = {"n": len(v), "em": round(float(v[:, 0].mean()), 4), "f1": round(float(v[:, 1].mean()), 4)}
        print(f"    {kind:8s} n={len(v):4d} EM {v[:, 0].mean():.3f} F1 {v[:, 1].mean():.3f}")
    return out


def best_threshold(scored: list[tuple[float, float, float]]) -> float:
    """The score under which the whole sentence does better than the span, by F1: (score, span F1, sentence F1)."""
    if not scored:
        return -1e9
    scores = sorted({s for s, _, _ in scored})
    best_t, best = -1e9, np.mean([f for _, f, _ in scored])
    for t in scores:
        value = np.mean([f if s >= t else sf for s, f, sf in scored])
        if value > best + 1e-9:
            best_t, best = t, value
    return float(best_t)


def evaluate_cited(model: SpanModel, results: str, items: dict[str, EvalItem], fallback: bool = False):
    """(kind, EM, F1) of the best span across the sentences each answer of a `rag eval` run cites, scored by
    eval.metrics' CMRC functions; no span scores 0 (or, with `fallback`, the first cited sentence stands in)."""
    rows = []
    for line in Path(results).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        item = items.get(rec.get("id"))
        if item is None or not item.answerable or not item.key_facts:
            continue
        sentences = [c["text"][c["quote_start"] - c["start"] : c["quote_end"] - c["start"]]
                     for c in rec.get("citations") or [] if c.get("quote_start") is not None]
        info = analyse(rec.get("resolved_question") or item.question)
        span = None if rec.get("refused") else best_span_in(info, sentences, model)
        answer = span.text if span else (sentences[0] if fallback and sentences and not rec.get("refused") else "")
        scored = {"answer": answer, "refused": not answer}
        rows.append((info.kind, cmrc_em(scored, item) or 0.0, cmrc_f1(scored, item) or 0.0))
    return rows


def timing(questions: list[Question], model: SpanModel) -> dict:
    """Milliseconds per question for best_span_in over its gold and best other sentence: cold (sentences
    never seen: cut, spans and their shape computed) and warm (sentences cut before), and jieba's share."""
    from rag.answer.span.sentence import cut
    from rag.text.tokenize import tagged_words

    cold, warm, jieba_ms = [], [], []
    for q in questions:
        info = analyse(q.item.question)
        sentences = q.sentences
        table.cache_clear()
        cut.cache_clear()
        t = time.perf_counter()
        best_span_in(info, sentences, model)
        cold.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        best_span_in(info, sentences, model)
        warm.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        for s in sentences:
            tagged_words(s)
        jieba_ms.append(1000 * (time.perf_counter() - t))
    out = {name: {"median": round(float(np.median(v)), 2), "p90": round(float(np.percentile(v, 90)), 2)}
           for name, v in (("cold", cold), ("warm", warm), ("jieba_cut", jieba_ms))}
    print(f"ms per question over {len(questions)} questions x 2 sentences: {out}")
    return out


def report_checks(args, model: SpanModel) -> dict:
    """EM/F1 on the --check sets (gold sentence; gold and best other sentence), and on --cited."""
    checks = {}
    for spec in args.check:
        rows, pair_rows = [], []
        checked = collect(spec)
        for q in checked:
            i, _ = pick(model, q.gold)
            rows.append((q.kind, q.gold.em[i], q.gold.f1[i]))
            j, _ = pick(model, q.pair)
            pair_rows.append((q.kind, q.pair.em[j], q.pair.f1[j]))
        checks[spec] = report(f"check {Path(spec).name}, gold sentence", rows)
        checks[spec]["gold_and_other_sentence"] = report(f"check {Path(spec).name}, gold + best other sentence", pair_rows)
        if args.timing:
            checks[spec]["ms_per_question"] = timing(checked[: args.timing], model)
    if args.cited and len(args.check) == 1:
        dataset, _ = _sources(args.check[0])
        items = {it.id: it for it in load_dataset(dataset)}
        checks["cited"] = report(f"check {Path(args.check[0]).name}, sentences cited by the run",
                                 evaluate_cited(model, args.cited, items))
        checks["cited_with_fallback"] = report("  the same, the first cited sentence standing in for no span",
                                               evaluate_cited(model, args.cited, items, fallback=True))
    return checks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="append", default=[], help="a CMRC-style folder or a dataset .jsonl (repeatable)")
    ap.add_argument("--use-fitted", action="store_true", help="fit nothing: report --check/--cited for the fitted file")
    ap.add_argument("--check", action="append", default=[], help="a set to report on, never fitted on (repeatable)")
    ap.add_argument("--cited", help="results.jsonl of a `rag eval` run over the --check set: score its cited sentences")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: skip)")
    ap.add_argument("--shortlist", type=int, default=24, help="spans kept by the linear stage for the trees")
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--train-on", choices=("gold", "pair", "both"), default="both",
                    help="fit on the gold sentence's spans, on those of the gold and the best other sentence, or both")
    ap.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    ap.add_argument("--timing", type=int, default=0, help="time best_span_in on the first N questions of each --check set")
    ap.add_argument("--dry-run", action="store_true", help="report, do not write the fitted file")
    ap.add_argument("--out", help="write the fitted file here instead of the package's")
    args = ap.parse_args(argv)

    if args.use_fitted:
        report_checks(args, fitted_model())
        return 0
    if not args.fit:
        ap.error("--fit is required (or --use-fitted)")
    t0 = time.time()
    questions = [q for spec in args.fit for q in collect(spec, args.every)]
    print(f"{len(questions)} questions with a gold sentence ({time.time() - t0:.0f} s)")
    cv: dict = {}
    threshold = -1e9
    if args.folds:
        fold = folds_by_paragraph(questions, args.folds)
        gold_rows, pair_rows, scored = [], [], []
        for k in range(args.folds):
            train = training_groups([q for q, f in zip(questions, fold) if f != k], args.train_on)
            model, _ = fit_model(train, args.shortlist, args.trees, args.depth)
            for q in (q for q, f in zip(questions, fold) if f == k):
                i, s = pick(model, q.gold)
                gold_rows.append((q.kind, q.gold.em[i], q.gold.f1[i]))
                scored.append((s, q.gold.f1[i], q.sentence_f1))
                j, _ = pick(model, q.pair)
                pair_rows.append((q.kind, q.pair.em[j], q.pair.f1[j]))
            print(f"  fold {k + 1}/{args.folds} done ({time.time() - t0:.0f} s)")
        cv["gold_sentence"] = report(f"{args.folds}-fold CV, gold sentence", gold_rows)
        cv["gold_and_other_sentence"] = report(f"{args.folds}-fold CV, gold sentence + best other sentence", pair_rows)
        threshold = best_threshold(scored)
        kept = [f if s >= threshold else sf for s, f, sf in scored]
        print(f"threshold {threshold:.4g}: span given for {np.mean([s >= threshold for s, _, _ in scored]):.3f} of questions, "
              f"F1 with the sentence standing in below it {np.mean(kept):.3f}")
    model, booster = fit_model(training_groups(questions, args.train_on), args.shortlist, args.trees, args.depth, threshold)
    print(f"the exported trees pick what LightGBM picks for {agreement(model, booster, questions):.3f} of the questions")
    checks = report_checks(args, model)
    data = {
        "part": "short-answer span ranker (rag.answer.span): a linear shortlist of candidate spans, then LambdaRank trees",
        "fitted_by": "python -m eval.tune.span (listwise linear shortlist, LightGBM LambdaRank, trees exported to JSON)",
        "fitted_on": [Path(spec.partition("=")[0]).name for spec in args.fit],
        "questions": len(questions),
        "trained_on": args.train_on,
        "trees_and_depth": [args.trees, args.depth],
        "cross_validation": cv,
        "checked_on": {Path(k).name if k != "cited" else k: v for k, v in checks.items()},
        "threshold": round(threshold, 6),
        "shortlist": args.shortlist,
        "features": list(FEATURES),
        "linear": {name: float(f"{w:.6g}") for name, w in zip(FEATURES, model.weights)},
        "trees": forest_json(model.forest),
    }
    if not args.dry_run:
        print(f"wrote {write_fitted('span', data, args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
