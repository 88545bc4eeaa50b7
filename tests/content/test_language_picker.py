"""``GET /``: every enabled language by its own name, the browser's language
offered first, and the last choice on this phone remembered."""
from __future__ import annotations

from tests.helpers import facts
from webapp.l10n.languages import LANGUAGES


def language_links(response) -> dict[str, dict[str, str]]:
    return {
        a["hreflang"]: a
        for a in facts(response).links
        if "hreflang" in a and "language-suggested" not in a.get("class", "")
    }


def suggested(response) -> str | None:
    return next((a["hreflang"] for a in facts(response).links if "language-suggested" in a.get("class", "")), None)


def test_picker_lists_every_language_by_its_endonym(client):
    response = client.get("/")
    assert response.status_code == 200
    links = language_links(response)
    assert set(links) == set(LANGUAGES)
    html = response.get_data(as_text=True)
    for code, language in LANGUAGES.items():
        assert links[code]["href"] == f"/{code}/"
        assert f">{language.endonym}</a>" in html
    # Dari and Farsi, Kurmanji and Sorani are separate choices.
    assert links["prs"]["href"] != links["fa"]["href"]
    assert links["kmr"]["href"] != links["ckb"]["href"]


def test_browser_language_is_suggested_and_sets_the_pickers_own_language(client):
    response = client.get("/", headers={"Accept-Language": "ti-ER,ti;q=0.9,en;q=0.5"})
    assert suggested(response) == "ti"
    assert facts(response).html_attrs["lang"] == "ti"


def test_afghan_persian_browser_gets_dari_not_farsi(client):
    assert suggested(client.get("/", headers={"Accept-Language": "fa-AF"})) == "prs"
    assert suggested(client.get("/", headers={"Accept-Language": "fa-IR"})) == "fa"


def test_residents_get_no_cookie(client):
    """The language chosen last is kept on the phone (tests/quality/test_browser.py), not in a cookie."""
    for url in ("/", "/ar/demo/", "/ar/demo/pages/frikort", "/c", "/ar/demo/checkin", "/ar/demo/feedback"):
        response = client.get(url, headers={"Accept-Language": "en"})
        assert "Set-Cookie" not in response.headers, url
    response = client.get("/", headers={"Accept-Language": "en"})
    assert suggested(response) == "en" and "Accept-Language" in response.headers["Vary"]


def test_no_guess_when_the_browser_language_is_not_offered(client):
    response = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert suggested(response) is None
    assert len(language_links(response)) == len(LANGUAGES)


def test_language_switch_keeps_the_page_and_refuses_foreign_paths(client):
    links = language_links(client.get("/?next=demo/pages/frikort"))
    assert links["so"]["href"] == "/so/demo/pages/frikort"
    for evil in ["//evil.example/x", "demo/../../x", "https://evil.example"]:
        links = language_links(client.get("/", query_string={"next": evil}))
        assert links["so"]["href"] == "/so/"


def test_bare_language_url_opens_the_only_centre(client):
    response = client.get("/ar/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ar/demo/")


def test_enabled_languages_come_from_configuration(app, client):
    app.config["ENABLED_LANGUAGES"] = ["nb", "ar"]
    assert set(language_links(client.get("/"))) == {"nb", "ar"}
    assert client.get("/ti/demo/").status_code == 404
