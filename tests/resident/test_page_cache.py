"""The resident page cache never serves a stale page: any content change,
a release or a new day changes its key; it holds a bounded number of pages."""
from __future__ import annotations

from sqlalchemy import select

from models import Page
from webapp.content.editing import revise_source
from webapp.resident.page_cache import PageCache


def test_a_changed_page_is_served_new_at_once(client, db_session):
    before = client.get("/nb/demo/pages/frikort").get_data(as_text=True)
    assert client.get("/nb/demo/pages/frikort").get_data(as_text=True) == before  # now from the cache
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    revise_source(page, title="Frikort (new rules)", body="Changed today.", minor=False)
    db_session.flush()
    html = client.get("/nb/demo/pages/frikort").get_data(as_text=True)
    assert "Frikort (new rules)" in html and "Changed today." in html and "Changed today." not in before


def test_a_hit_still_answers_304_and_sets_no_other_page_s_bytes(client):
    first = client.get("/ar/demo/help")
    again = client.get("/ar/demo/help", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/ti/demo/help").get_data() != first.get_data()  # the language is part of the key


def test_the_least_used_pages_go_first():
    cache = PageCache(limit=2)
    cache.put(("a",), b"A")
    cache.put(("b",), b"B")
    assert cache.get(("a",)) == b"A"  # "a" is now the most recently used
    cache.put(("c",), b"C")
    assert (cache.get(("a",)), cache.get(("b",)), cache.get(("c",))) == (b"A", None, b"C")
