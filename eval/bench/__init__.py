"""`rag bench`: speed and quality figures per corpus and pipeline, and synthetic scale points."""
