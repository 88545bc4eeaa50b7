"""Long lists shown a page at a time (a flood of comments must not make a
staff page megabytes long)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request, url_for

from webapp import textinput

T = TypeVar("T")
PER_PAGE = 50


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]  # this page's
    number: int  # 1-based
    pages: int
    total: int
    first: int  # the position of items[0] in the whole list, 1-based
    argument: str  # the query argument that chooses the page

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    def link(self, number: int) -> str:
        """This page's address with page ``number`` of the list (other arguments kept)."""
        return url_for(request.endpoint, **{**request.view_args, **request.args.to_dict(), self.argument: number})


def page_of(rows: list[T], argument: str, per_page: int = PER_PAGE) -> Paged[T]:
    """The page of ``rows`` that the query argument asks for (the first if
    it asks for none or for one that is not there; the last if past it)."""
    pages = max(1, math.ceil(len(rows) / per_page))
    number = min(max(textinput.whole_number(request.args.get(argument, "")) or 1, 1), pages)
    start = (number - 1) * per_page
    return Paged(rows[start:start + per_page], number, pages, len(rows), start + 1, argument)
