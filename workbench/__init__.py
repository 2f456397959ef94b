"""workbench: compare LLM translations side by side; review new technology into decision records."""

__version__ = "0.1.0"
