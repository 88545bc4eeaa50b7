"""Markdown source to sanitised HTML.

markdown-it-py parses (CommonMark, raw HTML disabled) and nh3 sanitises the
result anyway, so a page can never carry a script, a style or an embed.
"""
from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "a",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"https", "http", "tel", "mailto"}


@lru_cache(maxsize=2048)
def render_markdown(source: str) -> Markup:
    # A page's title is its <h1>; headings in the body start one level down.
    html = _markdown.render(source).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(isolate_latin_asides(clean))


# Right-to-left letters (Hebrew to Arabic presentation forms), and a bracketed
# aside with Latin letters and none of those, outside any tag.
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[{_RTL_LETTERS}]")
_LATIN_ASIDE = re.compile(rf"\(([^()<>{_RTL_LETTERS}]*[A-Za-z\u00c0-\u024f][^()<>]*?)\)(?![^<]*>)")


def isolate_latin_asides(html: str) -> str:
    """In right-to-left text, "(blå resept)" would be laid out with its
    brackets flipped and split from its words: isolate such asides."""
    if not _RTL.search(html):
        return html
    return _LATIN_ASIDE.sub(lambda m: m.group(0) if _RTL.search(m.group(1)) else f"<bdi>{m.group(0)}</bdi>", html)


def split_summary(body: str) -> tuple[str, str]:
    """The first paragraph of a body is its one-line summary shown in lists."""
    stripped = body.strip()
    first, _, rest = stripped.partition("\n\n")
    if first.startswith(("#", "-", "*", "1.", "|")):
        return "", stripped
    return " ".join(first.split()), rest.strip()
