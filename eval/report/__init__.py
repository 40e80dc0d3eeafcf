"""The report of a run: aggregates built from per-question records, as JSON, Markdown, HTML with
plots, and the one-screen console summary."""
