"""Moved to `workbench.io`; this shim remains until every importer uses the new place."""

from workbench.io.atomic import write_bytes_atomic, write_text_atomic  # noqa: F401
