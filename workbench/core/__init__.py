"""Pure rules that every layer shares: no I/O, no Textual, no Rich."""
