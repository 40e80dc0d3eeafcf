"""Tests of rag/retrieve."""
