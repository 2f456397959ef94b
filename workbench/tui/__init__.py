"""The Textual interface: `workbench` with no subcommand, and `workbench compare`."""
