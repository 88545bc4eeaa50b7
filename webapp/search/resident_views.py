"""Search: answered by the server when JavaScript is off; with JavaScript the
phone searches its saved pages (static/js/search.js), online or not."""
from __future__ import annotations

import json

from flask import g, render_template, request

from webapp import db
from webapp.content import reading
from webapp.search.ranking import phone_rules, search

MAX_QUERY = 200


def search_page():
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    hits = None
    if query:
        session = db.session()
        pages = reading.all_pages(session, g.centre)
        hits = search(reading.localize(session, pages, g.lang), query, g.lang)
    return render_template(
        "resident/search.html",
        query=query,
        hits=hits,
        rules_json=json.dumps(phone_rules(g.lang), ensure_ascii=False, separators=(",", ":")),
    )
