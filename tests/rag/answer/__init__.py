"""Tests of rag/answer."""
