"""Tests of rag/embed."""
