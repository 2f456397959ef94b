"""Tech-adoption reviews: checklists as data, decision records, their lifecycle and lint."""
