"""Tests mirror the packages: tests/rag/<stage>/, tests/index/, tests/ui/, tests/eval/, plus
reliability/ (bad input, damage, kills, load). Markers: slow, browser, load."""
