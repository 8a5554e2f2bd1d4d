"""vLLM launch hooks."""
