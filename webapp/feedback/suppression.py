"""Which figures staff may see: no group smaller than 5, not even by
subtraction (docs/design.md, rule 3).

The dashboard is a table of cells: one per (group, column), where the
groups form a tree (centre > all meetings > a series > a meeting ...) and
the columns are "all responses" plus the filters (each language, each
quarter). Sums tie the cells together: a group is the sum of its
sub-groups, in every column, and "all" is the sum of the languages and the
sum of the quarters. Anyone who sees some cells of such a sum can work out
the rest.

1. Primary suppression: a cell with 1 to 4 responses is hidden.
2. Secondary suppression, for every sum ``total = part + part + ...``:
   - never exactly one hidden cell in it (it could be worked out), and
   - when the total is shown, the hidden parts together hold 0 or at least
     5 responses (else their sum would be a small group).
   Where a sum breaks a rule, the smallest shown part that helps is hidden
   too (or the total, when no part can help), and all sums are checked
   again until none breaks a rule.

This is the standard heuristic of statistics offices for hierarchical
tables. It stops every attack by one subtraction, of any depth; it does not
claim to stop a determined attack that solves many sums at once (see
docs/feedback.md).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

MIN_GROUP = 5
SMALL = "small"  # fewer than MIN_GROUP responses
PROTECTS = "protects"  # hidden so that a small group cannot be worked out

Cell = Hashable


@dataclass(frozen=True)
class Sum:
    total: Cell
    parts: tuple[Cell, ...]


def suppress(counts: Mapping[Cell, int], sums: Iterable[Sum]) -> dict[Cell, str]:
    """Hidden cells with the reason: ``SMALL`` or ``PROTECTS``."""
    sums = [s for s in sums if s.parts]
    hidden = {cell: SMALL for cell, n in counts.items() if 0 < n < MIN_GROUP}
    changed = True
    while changed:
        changed = False
        for one_sum in sums:
            cell = _one_more_to_hide(one_sum, counts, hidden)
            if cell is not None:
                hidden[cell] = PROTECTS
                changed = True
    return hidden


def _one_more_to_hide(one_sum: Sum, counts: Mapping[Cell, int], hidden: Mapping[Cell, str]) -> Cell | None:
    hidden_parts = [part for part in one_sum.parts if part in hidden]
    total_hidden = one_sum.total in hidden
    if len(hidden_parts) + total_hidden == 1:
        return _helper(one_sum, counts, hidden)
    if not total_hidden and 0 < sum(counts.get(part, 0) for part in hidden_parts) < MIN_GROUP:
        return _helper(one_sum, counts, hidden)
    return None


def _helper(one_sum: Sum, counts: Mapping[Cell, int], hidden: Mapping[Cell, str]) -> Cell:
    """The cheapest cell to hide as well: the smallest shown part with
    responses; else the total; else a part with none (only to break the sum)."""
    shown = [part for part in one_sum.parts if part not in hidden]
    with_responses = [part for part in shown if counts.get(part, 0) > 0]
    if with_responses:
        return min(with_responses, key=lambda part: counts.get(part, 0))
    if one_sum.total not in hidden:
        return one_sum.total
    return shown[0]
