"""`review validate`: every problem in a decisions folder, for people and for CI."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from workbench.core.review.checklist import Gate
from workbench.core.review.record import gate_problems
from workbench.core.text_safety import name
from workbench.io.review.catalog import Catalog
from workbench.services.review.numbering import clash_messages, unnumbered_messages
from workbench.services.review.store import Folder, Stored


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """One line, the file name and message shown as `text_safety.name` shows names."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return name(f"{where}: {self.message}")


def lint(folder: Folder, catalog: Catalog) -> list[Problem]:
    problems = [
        Problem(e.path, f"{e.field}: {e.problem}" if e.field else e.problem, e.line)
        for e in folder.skipped
    ]
    by_id = folder.by_id()
    for record_id, same in sorted(by_id.items()):
        if len(same) > 1:
            files = ", ".join(s.path.name for s in same)
            for s in same:
                problems.append(Problem(str(s.path), f"duplicate id {record_id} (in {files})"))
    for stored in folder.records:
        problems.extend(_one(stored, by_id, catalog))
    problems.extend(_same_problem(folder.records))
    problems.extend(_cycles(folder.records))
    problems.extend(Problem(str(path), message) for path, message in clash_messages(folder))
    problems.extend(Problem(str(path), message) for path, message in unnumbered_messages(folder))
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))


def _one(stored: Stored, by_id: dict[str, list[Stored]], catalog: Catalog) -> list[Problem]:
    record, path = stored.record, str(stored.path)
    out: list[Problem] = []

    def add(message: str) -> None:
        out.append(Problem(path, message))

    if stored.path.stem != record.id:
        add(f"id {record.id} does not match the file name {stored.path.name}")
    if record.id in (*record.links.supersedes, *record.links.superseded_by):
        add("links: the record supersedes itself")
    for other_id in record.links.supersedes:
        if other_id == record.id:
            continue
        others = by_id.get(other_id)
        if not others:
            add(f"links.supersedes: no record {other_id}")
            continue
        other = others[0].record
        if record.status in ("draft", "proposed", "rejected"):
            continue  # an intent: the link is completed when (if) this record is accepted
        if record.id not in other.links.superseded_by:
            add(f"supersedes {other_id}, but {other_id} does not list it in superseded_by")
        if record.status == "accepted" and other.status == "accepted":
            add(f"supersedes {other_id}, which is still accepted (it should be superseded)")
    for other_id in record.links.superseded_by:
        if other_id == record.id:
            continue
        others = by_id.get(other_id)
        if not others:
            add(f"links.superseded_by: no record {other_id}")
            continue
        if record.id not in others[0].record.links.supersedes:
            add(f"superseded by {other_id}, but {other_id} does not list it in supersedes")
    if record.status == "superseded" and not record.links.superseded_by:
        add("status is superseded but links.superseded_by is empty")
    by_others = [i for i in record.links.superseded_by if i != record.id]
    if record.status == "accepted" and by_others:
        add(f"superseded by {', '.join(by_others)} but still marked accepted")
    broken = catalog.problem_for(record.checklist.id)
    entry = None if broken else catalog.entries.get(record.checklist.id)
    if broken is not None:  # never the bundled questions in place of the user's broken file
        add(f"checklist.id: checklist {record.checklist.id!r} does not load ({broken})")
    elif entry is None:
        add(f"checklist.id: unknown checklist {record.checklist.id!r}")
    elif record.status in ("proposed", "accepted", "deprecated", "superseded"):
        gate: Gate = "proposed" if record.status == "proposed" else "accepted"
        for missing in gate_problems(record, entry.checklist, gate):
            add(f"status {record.status}, but {missing}")
    if entry is not None:
        for key in record.answers:
            question = entry.checklist.question(key)
            if question is None or not question.answerable:
                add(f"answers.{key}: not a question of checklist {record.checklist.id!r}")
    return out


def _linked(a: Stored, b: Stored) -> bool:
    ra, rb = a.record, b.record
    return (
        rb.id in ra.links.supersedes
        or rb.id in ra.links.superseded_by
        or ra.id in rb.links.supersedes
        or ra.id in rb.links.superseded_by
    )


def _same_problem(records: list[Stored]) -> list[Problem]:
    """Question 5: two accepted records solving one problem, neither replacing the other."""
    by_problem: dict[str, list[Stored]] = {}
    for stored in records:
        if stored.record.status == "accepted":
            for key in stored.record.solves:
                by_problem.setdefault(key, []).append(stored)
    out: list[Problem] = []
    for key, group in sorted(by_problem.items()):
        for a, b in combinations(group, 2):
            if a.record.id != b.record.id and not _linked(a, b):
                out.append(
                    Problem(
                        str(a.path),
                        f"accepted, and {b.record.id} is also accepted for {key!r} with no "
                        "supersede link between them (question 5: will one kill and eat the "
                        "other?)",
                    )
                )
    return out


def _cycles(records: list[Stored]) -> list[Problem]:
    """Records whose supersede links lead back to them (hand edits: both sides of each link
    agree, so the checks above pass), each named with the shortest way round from it."""
    edges = {s.record.id: [i for i in s.record.links.supersedes if i != s.record.id]
             for s in records}  # fmt: skip
    cyclic = {i: c for c in _strong_components(edges) if len(c) > 1 for i in c}
    out: list[Problem] = []
    for stored in records:
        component = cyclic.get(stored.record.id)
        if component is None:
            continue
        if len(component) > _MAX_SHOWN_CYCLE:  # each way round would cost the whole cycle
            way = f"{len(component)} records, {stored.record.id} among them"
        else:
            way = " -> ".join(_way_round(stored.record.id, edges, component))
        out.append(Problem(str(stored.path), f"links: supersede links go round in a cycle: {way}"))
    return out


_MAX_SHOWN_CYCLE = 50


def _strong_components(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, without recursion (a chain of thousands of
    records is fine); links to ids not in `edges` are left out."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, at = work.pop()
            if at == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = [t for t in edges[node] if t in edges]
            if at < len(targets):
                work.append((node, at + 1))
                target = targets[at]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _way_round(start: str, edges: dict[str, list[str]], within: set[str]) -> list[str]:
    """The shortest path from `start` back to it through `within` (breadth first)."""
    came_from: dict[str, str] = {}
    todo = [start]
    for node in todo:
        for target in edges[node]:
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target in within and target not in came_from:
                came_from[target] = node
                todo.append(target)
    return [start]
