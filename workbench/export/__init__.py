"""Exports: turning comparisons and runs into HTML, Markdown, JSON and terminal text."""
