"""Widgets of the comparison screen."""
