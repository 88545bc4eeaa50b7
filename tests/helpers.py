"""Small helpers shared by tests."""
from __future__ import annotations

from html.parser import HTMLParser

from webapp.l10n.languages import LANGUAGES

RTL_CODES = sorted(code for code, lang in LANGUAGES.items() if lang.rtl)


class DocumentFacts(HTMLParser):
    """What a test wants to know about an HTML page, without a browser."""

    def __init__(self, html: str):
        super().__init__()
        self.html_attrs: dict[str, str] = {}
        self.links: list[dict[str, str]] = []  # <a>
        self.resources: list[str] = []  # URLs the browser would load by itself
        self.scripts = 0
        self.h1_text: list[str] = []
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "a":
            self.links.append(attrs)
        elif tag == "script":
            self.scripts += 1
            if "src" in attrs:
                self.resources.append(attrs["src"])
        elif tag == "h1":
            self._in_h1 = True
        if tag in ("img", "audio", "video", "source", "iframe", "embed") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])
        if tag == "use" and attrs.get("href"):
            self.resources.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1_text.append(data)

    @property
    def title(self) -> str:
        return " ".join("".join(self.h1_text).split())


def facts(response) -> DocumentFacts:
    return DocumentFacts(response.get_data(as_text=True))


def check_in_phones(session, meeting_id: int, phones, received_on) -> None:
    """Phones (numbers) counted at a meeting as the sync counts them: a
    check-in each, and the response slot it opens."""
    from webapp.checkin.counting import count_check_ins

    count_check_ins(session, [
        {"meeting_id": meeting_id, "pseudonym": f"{n:064x}", "window": 1, "arrived_live": True,
         "received_on": received_on}
        for n in phones
    ])
