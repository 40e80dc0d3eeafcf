"""The evaluation harness: datasets, per-question metrics, bootstrap statistics, runs, comparisons,
ablations, the CI gate; reports in report/, benchmarks in bench/, tuners of fitted numbers in tune/."""
