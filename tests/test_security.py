"""Hardening that applies to every response, and HTML that can never run code."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from models import Page
from webapp.content.editing import revise_source


def test_every_kind_of_response_carries_a_content_security_policy(client):
    urls = ["/", "/en/demo/", "/en/demo/offline.json", "/sw.js", "/icons/192.png", "/healthz",
            "/api/v1/nothing", "/en/demo/nothing", "/staff/login", "/static/css/app.css", "/static/img/icons.svg",
            "/en/demo/manifest.webmanifest"]
    for url in urls:
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src" in csp and "unsafe-inline" not in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url


def test_hostile_page_bodies_render_harmless(client, db_session):
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    revise_source(page, title="Frikort", minor=False, body="\n\n".join([
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        '<img src=x onerror="alert(1)">',
        '<svg><script>alert(1)</script></svg>',
        '<svg onload="alert(1)"><circle r="1"/></svg>',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ]))
    db_session.flush()
    html = client.get("/nb/demo/pages/frikort").get_data(as_text=True)
    article = html[html.index("<article"):html.index("</article>")]
    tags = ElementsAndAttributes(article)
    assert not tags.names & {"script", "svg", "img", "iframe", "object", "embed", "style"}
    assert not [name for name in tags.attributes if name.startswith("on")]
    assert not [v for v in tags.hrefs if v.split(":")[0].lower() not in ("https", "http", "tel", "mailto", "#")]
    assert "&lt;script&gt;" in article  # the hostile text is shown as text, inert


class ElementsAndAttributes(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.names, self.attributes, self.hrefs = set(), [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        for name, value in attrs:
            self.attributes.append(name)
            if name == "href":
                self.hrefs.append(value or "")


def test_a_nul_anywhere_in_a_request_is_a_clear_400(client, staff_client):
    """PostgreSQL refuses NUL in text: it must never get that far (a 500, and
    the statement's values in the error log)."""
    from tests.staff_helpers import post

    assert client.get("/ar/demo/pages/a%00b").status_code == 400
    assert client.get("/ar/demo/feedback?page=a%00b").status_code == 400
    assert client.post("/ar/demo/feedback", data={"comment": "nul\x00"}).status_code == 400
    assert post(client, "/staff/login", {"email": "a\x00@b.example", "password": "x"}).status_code == 400
    nurse = staff_client("nurse")
    assert post(nurse, "/staff/pages/1/source", {"title": "T", "body": "nul\x00"}).status_code == 400


@pytest.mark.parametrize("path", [
    "/en/demo/meetings/2147483648.ics", "/media/99999999999999999999/x.jpg", "/staff/pages/2147483648",
])
def test_an_id_too_large_for_the_database_names_nothing(client, staff_client, path):
    """PostgreSQL's INTEGER ends at 2**31 - 1: a larger id is a 404, never a failed query."""
    assert client.get(path).status_code in (302, 404)  # a staff page first asks to sign in
    assert staff_client("nurse").get(path).status_code == 404


@pytest.mark.parametrize("meeting", ["2147483648", "99999999999999999999", "\u0663", "-1"])
def test_a_made_up_meeting_in_the_feedback_link_opens_the_centre_form(client, meeting):
    response = client.get("/ar/demo/feedback", query_string={"meeting": meeting, "rating": "\u0663"})
    assert response.status_code == 200 and 'checked' not in response.get_data(as_text=True)
