"""Exports: runs, diffs and decision records as text, Markdown, HTML, JSON and radar CSV."""
