"""From files to cleaned documents and chunks: read each format (plain text, PDF, Word, web pages; one
registry picks the reader by content), decode bytes, clean scraped text, find structure, load a
corpus, split it into chunks that fit the embedder, each chunk knowing its pages and headings."""
