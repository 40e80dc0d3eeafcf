"""What a question asks: its kind, terms, subject and focus; follow-up resolution; how the corpus
writes the names it mentions."""
