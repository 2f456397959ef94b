"""What a MADR 4 record says beyond the record's own fields, and the lines other ADR readers need.

One layout serves every reader we know of, so there is no `--flavor`:

- Backstage (`@backstage/plugin-adr-common`) reads status and date from the front matter and
  the title from the first `#` heading.
- log4brains (`@log4brains/core`) renders the file with markdown-it and reads `Key: value`
  items of the first list before the first `##` heading: `* Status:`, `* Date:`,
  `* Deciders:`. Front matter means nothing to it, and a YAML line directly above the closing
  `---` would make markdown-it read the whole front matter as a `##` heading (a setext
  heading) before that list, so the front matter ends with an empty line: valid YAML, and a
  thematic break to markdown-it.
  A superseded record's item names its successor by file slug, as log4brains writes it:
  `* Status: superseded by [0002-adopt-pulsar](0002-adopt-pulsar.md)`.
- pyadr reads the first `# ` line, then the first `* Status:` and `* Date:` lines (the same
  list; hence `*`, not `-`), and checks that the file name is the title's slug.
- adr-tools and the viewers made for its files (adr-viewer, adr-log) read a `## Status`
  section whose first paragraph starts with the status word ("Accepted", "Superseded by ...").

tests/review/test_madr.py holds contract tests of these formats; test_adr_readers_real.py runs
the real Backstage, log4brains and pyadr parsers where they install.

Statuses outside a reader's vocabulary are written as they are (log4brains knows all six of
ours; adr-tools viewers know proposed, accepted, deprecated and superseded).
"""

from __future__ import annotations

from workbench.core.review.record import DecisionRecord
from workbench.export.record_common import chosen_option, one_line

NEW_COSTS = "new-costs"
"""The new-technology checklist's question 3: what new costs we take on (the consequences)."""
LOW_RISK_START = "low-risk-start"
"""Its question 7: a low-risk way to get started (how the decision is confirmed)."""


def because(record: DecisionRecord) -> str | None:
    """Why the chosen option was chosen, for `Chosen option: "X", because ...`; None when no
    option is chosen yet."""
    chosen = chosen_option(record)
    if chosen is None:
        return None
    first = next((p for p in record.decision.split("\n\n") if p.strip()), "")
    reason = one_line(first).rstrip(".")
    if reason:
        # "Adopt it for ..." -> "adopt it for ...", but "API gateways ..." stays as it is
        if len(reason) > 1 and reason[0].isupper() and reason[1].islower():
            reason = reason[0].lower() + reason[1:]
        return reason
    if record.status == "rejected":
        return f"the review rejected {one_line(record.technology.name)}"
    return f"the review below found {one_line(chosen)} worth its costs"


def consequences(record: DecisionRecord) -> list[str]:
    """The Consequences bullets: the record's own, else the new costs it takes on."""
    if record.consequences:
        return list(record.consequences)
    costs = one_line(record.answers.get(NEW_COSTS, ""))
    return [f"Bad, because it brings new costs: {costs}"] if costs else []


def confirmation(record: DecisionRecord) -> str:
    """The Confirmation text: the record's own, else its low-risk way to get started."""
    return record.confirmation or record.answers.get(LOW_RISK_START, "").strip()


def status_word(record: DecisionRecord) -> str:
    return record.status.capitalize()


def deciders(record: DecisionRecord) -> str:
    return ", ".join(one_line(name) for name in record.decision_makers)


def decision_rest(record: DecisionRecord) -> str:
    """The decision text after its first paragraph, which `because` already gave (all of it
    when no option is chosen yet)."""
    paragraphs = [p for p in record.decision.split("\n\n") if p.strip()]
    if chosen_option(record) is None:
        return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs[1:])
