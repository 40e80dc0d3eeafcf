"""Building, publishing (atomically), checking and opening the index: FAISS vectors, BM25, chunks,
sentences and their manifest; and the pipeline over it (`index.load.load_pipeline`)."""
