"""The dashboard's figures for one centre: a tree of groups (the centre, its
meetings by series, its info pages, the centre in general), each counted in
every column ("all", each language, each quarter), with the cells that must
stay hidden worked out by ``suppression``. Every view and the CSV export
read from one ``Summary``, so they all hide the same cells."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Feedback, Meeting, Page, PageRevision
from models.feedback import INTERPRETER_ANSWERS, NEXT_TIME_ANSWERS, RATINGS
from webapp.feedback.suppression import Sum, suppress

ALL = "all"


@dataclass
class Group:
    key: str
    kind: str  # centre, meetings, series, meeting, pages, page, general
    label: str
    parent: str | None
    when: dt.datetime | None = None  # a meeting's start, for its label
    children: list[str] = field(default_factory=list)
    depth: int = 0


@dataclass
class Figures:
    """What a shown cell says."""

    count: int
    ratings: dict[int, int]
    rated: int
    mean: float | None
    interpreter: dict[str, int]
    next_time: dict[str, int]
    wishes: list[Feedback]
    comments: list[Feedback]


@dataclass
class Cell:
    group: Group
    column: str
    count: int
    hidden: str | None  # None, suppression.SMALL or suppression.PROTECTS
    rows: list[Feedback]

    def figures(self) -> Figures | None:
        if self.hidden:
            return None
        ratings = Counter(row.rating for row in self.rows if row.rating)
        rated = sum(ratings.values())
        return Figures(
            count=self.count,
            ratings={value: ratings.get(value, 0) for value in RATINGS},
            rated=rated,
            mean=sum(v * n for v, n in ratings.items()) / rated if rated else None,
            interpreter={a: sum(1 for r in self.rows if r.interpreter == a) for a in INTERPRETER_ANSWERS},
            next_time={a: sum(1 for r in self.rows if r.next_time == a) for a in NEXT_TIME_ANSWERS},
            wishes=[row for row in self.rows if row.wish],
            comments=[row for row in self.rows if row.comment],
        )


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def language_column(code: str) -> str:
    return f"lang-{code}"


def quarter_column(name: str) -> str:
    return f"quarter-{name}"


class Summary:
    def __init__(self, centre: Centre, rows: list[Feedback], meetings: dict[int, Meeting], pages: dict[int, str],
                 staff_languages: list[str]):
        self.centre = centre
        self.groups: dict[str, Group] = {}
        self._leaf_rows: dict[str, list[Feedback]] = {}
        self._build_tree(rows, meetings, pages, staff_languages)
        self.languages = sorted({row.lang for row in rows})
        self.quarters = sorted({quarter(row.received_on) for row in rows}, reverse=True)
        self.columns = [ALL, *map(language_column, self.languages), *map(quarter_column, self.quarters)]
        self._rows = {key: self._rows_under(key) for key in self.groups}
        counts = {
            (key, column): len(self._in_column(self._rows[key], column))
            for key in self.groups for column in self.columns
        }
        self.hidden = suppress(counts, self._sums())

    # --- the tree ---------------------------------------------------------

    def _add(self, group: Group) -> None:
        if group.key not in self.groups:
            self.groups[group.key] = group
            if group.parent:
                parent = self.groups[group.parent]
                parent.children.append(group.key)
                group.depth = parent.depth + 1

    def _build_tree(self, rows, meetings, pages, staff_languages) -> None:
        self._add(Group("centre", "centre", self.centre.name, None))
        for row in sorted(rows, key=lambda r: self._order(r, meetings, pages)):
            self._leaf_rows.setdefault(self._leaf_for(row, meetings, pages, staff_languages), []).append(row)

    @staticmethod
    def _order(row, meetings, pages):
        if row.target == "meeting":
            return (0, -meetings[row.meeting_id].starts_at.timestamp(), row.meeting_id)
        if row.target == "page":
            return (1, pages[row.page_id], row.page_id)
        return (2, "", 0)

    def _leaf_for(self, row, meetings, pages, staff_languages) -> str:
        if row.target == "centre":
            self._add(Group("general", "general", "", "centre"))
            return "general"
        if row.target == "page":
            self._add(Group("pages", "pages", "", "centre"))
            key = f"page-{row.page_id}"
            self._add(Group(key, "page", pages[row.page_id], "pages"))
            return key
        self._add(Group("meetings", "meetings", "", "centre"))
        meeting = meetings[row.meeting_id]
        parent = "meetings"
        if meeting.series is not None:
            parent = f"series-{meeting.series_id}"
            self._add(Group(parent, "series", meeting.series.name, "meetings"))
        text = meeting.text_in(staff_languages)
        key = f"meeting-{meeting.id}"
        self._add(Group(key, "meeting", text.title if text else str(meeting.id), parent, meeting.starts_at))
        return key

    def _rows_under(self, key: str) -> list[Feedback]:
        rows = list(self._leaf_rows.get(key, []))
        for child in self.groups[key].children:
            rows.extend(self._rows_under(child))
        return rows

    def ordered(self) -> list[Group]:
        """Depth first, as the dashboard lists them."""
        out: list[Group] = []

        def walk(key: str) -> None:
            out.append(self.groups[key])
            for child in self.groups[key].children:
                walk(child)

        walk("centre")
        return out

    # --- cells ------------------------------------------------------------

    @staticmethod
    def _in_column(rows: list[Feedback], column: str) -> list[Feedback]:
        if column == ALL:
            return rows
        kind, _, value = column.partition("-")
        if kind == "lang":
            return [row for row in rows if row.lang == value]
        return [row for row in rows if quarter(row.received_on) == value]

    def _sums(self) -> list[Sum]:
        sums = [
            Sum((key, column), tuple((child, column) for child in group.children))
            for key, group in self.groups.items() for column in self.columns
        ]
        for key in self.groups:
            sums.append(Sum((key, ALL), tuple((key, language_column(c)) for c in self.languages)))
            sums.append(Sum((key, ALL), tuple((key, quarter_column(q)) for q in self.quarters)))
        return sums

    def cell(self, key: str, column: str = ALL) -> Cell:
        rows = self._in_column(self._rows[key], column)
        return Cell(self.groups[key], column, len(rows), self.hidden.get((key, column)), rows)


def summarize(session: Session, centre: Centre, staff_languages: list[str]) -> Summary:
    rows = list(session.scalars(select(Feedback).where(Feedback.centre_id == centre.id)))
    meeting_ids = {row.meeting_id for row in rows if row.meeting_id}
    page_ids = {row.page_id for row in rows if row.page_id}
    meetings = {
        m.id: m for m in session.scalars(
            select(Meeting).where(Meeting.id.in_(meeting_ids))
            .options(selectinload(Meeting.translations), selectinload(Meeting.series))
        )
    }
    titles = session.execute(
        select(Page.id, PageRevision.title)
        .join(PageRevision, (PageRevision.page_id == Page.id) & (PageRevision.number == Page.revision_number))
        .where(Page.id.in_(page_ids))
    )
    pages = {page_id: title for page_id, title in titles}
    return Summary(centre, rows, meetings, pages, staff_languages)
