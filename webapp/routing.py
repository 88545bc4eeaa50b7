"""How numbers in URLs are read. Every ``<int:...>`` in a route is a row id or
a small count, so it must fit a database INTEGER: a larger one names nothing
(404) instead of reaching a query that PostgreSQL refuses (a 500)."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from models import limits


class RowIdConverter(IntegerConverter):
    def __init__(self, url_map, **options) -> None:
        super().__init__(url_map, **{"min": 0, "max": limits.MAX_ID, **options})


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter
