"""Services: what the CLI and the TUI both do, written once (no click, Textual or Rich here)."""
