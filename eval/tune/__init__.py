"""Tuners: fit a learned part on labelled questions and write its numbers to rag/data/fitted/."""
