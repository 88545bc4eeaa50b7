"""Page bodies are Markdown rendered to sanitised HTML."""
from webapp.content.render import render_markdown, split_summary


def test_markdown_renders_headings_lists_and_phone_links():
    html = render_markdown("## Ring\n\n- [113](tel:113)\n- **Legevakt**\n")
    assert "<h2>Ring</h2>" in html
    assert '<a href="tel:113" rel="noopener noreferrer">113</a>' in html
    assert "<strong>Legevakt</strong>" in html


def test_scripts_styles_and_javascript_links_never_survive():
    html = render_markdown(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"
    )
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it is, not run


def test_a_level_one_heading_in_a_body_becomes_level_two():
    assert "<h1>" not in render_markdown("# Title again\n")


def test_summary_is_the_first_paragraph():
    assert split_summary("One line\nwrapped.\n\n## Next\ntext") == ("One line wrapped.", "## Next\ntext")
    assert split_summary("## Starts with a heading\n") == ("", "## Starts with a heading")
