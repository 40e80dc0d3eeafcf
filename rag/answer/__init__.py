"""From evidence to an answer with citations: the Answerer protocol, the one refusal wording,
the extractive answerer, LLM answerers (OpenAI-compatible, local transformers) with their prompt and
fallback, and citation resolution."""
