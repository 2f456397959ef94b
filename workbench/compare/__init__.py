"""Comparison analysis (pure, LLM-free): word diffs, similarity, metrics, skepticism flags.

Nothing here imports textual or rich; sacrebleu is imported only when a metric is computed.
"""
