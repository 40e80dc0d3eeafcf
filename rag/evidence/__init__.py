"""Whether the passages answer the question: sentence scoring, answer-type cues, explicit
constraints, the refusal signals and the refusal decision."""
