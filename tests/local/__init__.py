"""Tests of the embedded local provider."""
