"""Text to L2-normalised vectors: the Embedder protocol, the bundled e5 model, any
sentence-transformers model, a hashing embedder for tests, and a query cache around any of them."""
