"""From files to cleaned documents and chunks: decode bytes, clean scraped text, find structure,
load a corpus, split it into chunks that fit the embedder."""
