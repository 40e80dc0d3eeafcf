"""Tests of rag/text."""
