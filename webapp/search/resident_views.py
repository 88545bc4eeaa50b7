"""Search: answered by the server when JavaScript is off; with JavaScript the
phone searches its saved pages (static/js/search.js), online or not."""
from __future__ import annotations

import json
from functools import cache

from flask import g, render_template, request
from markupsafe import Markup

from webapp import db
from webapp.search.cache import index_for
from webapp.search.documents import direction
from webapp.search.ranking import phone_rules, search

MAX_QUERY = 200


@cache
def rules_json(lang: str) -> Markup:
    """The phone's rules as a JSON data block: raw UTF-8 (a third of the
    bytes of \\u escapes for Arabic or Ethiopic), with nothing that could end
    the <script> element."""
    data = json.dumps(phone_rules(lang), ensure_ascii=False, separators=(",", ":"))
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def search_page():
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    hits = None
    if query:
        hits = search(index_for(db.session(), g.centre, g.lang), query)
    return render_template(
        "resident/search.html",
        query=query,
        hits=hits,
        direction=direction,
        rules_json=rules_json(g.lang),
    )
