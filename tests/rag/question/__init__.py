"""Tests of rag/question."""
