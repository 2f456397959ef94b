"""Exports: records and comparisons rendered as Markdown, HTML, JSON and radar CSV."""
