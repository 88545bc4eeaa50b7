"""App files (CSS, scripts, icons, the font) as a phone's browser receives them:
compressed with what every phone speaks, and kept a year without asking again
under a versioned URL."""
from __future__ import annotations

import gzip

import pytest

from webapp.templating import static_url

TEXT_FILES = ("css/app.css", "js/app.js", "js/outbox.js", "img/icons.svg")


@pytest.mark.parametrize("name", TEXT_FILES)
def test_a_phone_that_speaks_only_gzip_gets_app_files_gzipped(app, client, name):
    with app.test_request_context():
        url = static_url(name)
    plain = client.get(url, headers={"Accept-Encoding": ""}).get_data()
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.get_data()) == plain
    assert len(response.get_data()) < len(plain) / 2


def test_a_versioned_app_file_is_kept_a_year_without_revalidation(app, client):
    with app.test_request_context():
        url = static_url("css/app.css")
    cache_control = client.get(url).headers["Cache-Control"]
    assert "immutable" in cache_control and "max-age=31536000" in cache_control
    assert "no-cache" not in cache_control
    # Unversioned, it may change under the same URL: the browser asks each time.
    assert "no-cache" in client.get("/static/css/app.css").headers["Cache-Control"]


def test_an_app_file_the_phone_has_costs_an_empty_304(app, client):
    # Unversioned (asked each time): an empty 304 when the phone has it.
    etag = client.get("/static/js/app.js", headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    again = client.get("/static/js/app.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    # Versioned (kept a year, never asked again): no validators to pay for.
    with app.test_request_context():
        url = static_url("js/app.js")
    headers = client.get(url, headers={"Accept-Encoding": "gzip"}).headers
    assert "ETag" not in headers and "Last-Modified" not in headers
