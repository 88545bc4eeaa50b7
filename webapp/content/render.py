"""Markdown source to sanitised HTML.

markdown-it-py parses (CommonMark, raw HTML disabled) and nh3 sanitises the
result anyway, so a page can never carry a script, a style or an embed.
"""
from __future__ import annotations

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
    return Markup(clean)


def split_summary(body: str) -> tuple[str, str]:
    """The first paragraph of a body is its one-line summary shown in lists."""
    stripped = body.strip()
    first, _, rest = stripped.partition("\n\n")
    if first.startswith(("#", "-", "*", "1.", "|")):
        return "", stripped
    return " ".join(first.split()), rest.strip()
