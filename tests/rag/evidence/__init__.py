"""Tests of rag/evidence."""
