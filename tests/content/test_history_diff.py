"""The page history's word-level diff (webapp/content/diff.py): changed words
marked whole with <del>/<ins> and labelled for screen readers, whitespace kept,
long unchanged runs shortened, and the history page using it."""
from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import select

from models import Page
from tests.staff_helpers import post
from webapp.content.diff import inline_diff, text_diff, tokens

LABEL = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def marks(markup) -> str:
    """The diff without its screen-reader labels."""
    return LABEL.sub("", str(markup))


def side(markup, keep: str) -> str:
    """The plain text of one side: ``keep="ins"`` gives the new text back."""
    drop = "del" if keep == "ins" else "ins"
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", marks(markup), flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.fixture()
def app_context(app):
    with app.test_request_context("/staff/"):
        yield


@pytest.mark.parametrize("text", [
    "Egenandelen er 50 kroner.\n\nSe https://helsenorge.no/frikort (les mer).",
    "  two  spaces\tand a tab\n",
    "مَرحَباً بِكُم",  # Arabic with vowel marks: a mark is part of its word
    "می‌خواهم",  # Persian with a zero-width non-joiner inside the word
    "",
])
def test_tokens_give_the_text_back_and_keep_words_whole(text):
    assert "".join(tokens(text)) == text


def test_a_word_keeps_its_marks_and_inner_punctuation_and_gives_up_its_edges():
    assert tokens("مَرحَباً بِكُم") == ["مَرحَباً", " ", "بِكُم"]
    assert tokens("می‌خواهم") == ["می‌خواهم"]
    assert tokens("(kroner).") == ["(", "kroner", ")", "."]
    assert tokens("Send e-post.") == ["Send", " ", "e-post", "."]


def test_a_changed_word_is_deleted_and_inserted_whole(app_context):
    diff = inline_diff("Egenandelen er 50 kroner.", "Egenandelen er 60 kroner.")
    assert marks(diff) == "Egenandelen er <del>50</del><ins>60</ins> kroner."
    longer = inline_diff("Bestill frikort i dag.", "Bestill frikortet i dag.")
    assert marks(longer) == "Bestill <del>frikort</del><ins>frikortet</ins> i dag."  # never frikort<ins>et</ins>


def test_punctuation_changes_alone_and_neighbouring_changes_read_as_one(app_context):
    assert marks(inline_diff("50 kroner.", "50 kroner,")) == "50 kroner<del>.</del><ins>,</ins>"
    joined = marks(inline_diff("Ring legen i dag.", "Send melding til helsesykepleier i dag."))
    assert joined == "<del>Ring legen</del><ins>Send melding til helsesykepleier</ins> i dag."


def test_each_mark_says_what_it_is_in_words(app_context):
    diff = str(inline_diff("gammel", "ny"))
    assert re.fullmatch(
        r'<del><span class="visually-hidden">\[removed: </span>gammel<span class="visually-hidden">\]</span></del>'
        r'<ins><span class="visually-hidden">\[added: </span>ny<span class="visually-hidden">\]</span></ins>',
        diff,
    )


def test_both_texts_can_be_read_back_with_whitespace_and_markup_escaped(app_context):
    old = "Tittel\n\nFørste avsnitt om <b>frikort</b>.\n\nAndre  avsnitt.\n"
    new = "Tittel\n\nFørste avsnitt om <b>frikortet</b>, endret.\n\nAndre  avsnitt.\nNytt avsnitt.\n"
    diff = text_diff(old, new, context=5)
    assert "<b>" not in str(diff) and "</b" not in str(diff) and "&lt;" in str(diff)  # text, never markup
    assert side(diff, "ins").rstrip("\n") == new.rstrip("\n")
    assert side(diff, "del").rstrip("\n") == old.rstrip("\n")


def test_long_unchanged_runs_are_shortened_around_the_change(app_context):
    old = "".join(f"Linje {n}.\n" for n in range(1, 31))
    new = old.replace("Linje 15.", "Linje femten.")
    diff = str(text_diff(old, new, context=1))
    assert "Linje <del>15</del>" in marks(diff)
    assert "Linje 14." in diff and "Linje 16." in diff  # one line of context each side
    assert "Linje 2." not in diff and "Linje 29." not in diff
    assert diff.count('class="diff-skip"') == 2 and "13 unchanged lines" in diff and "14 unchanged lines" in diff
    assert "did not change" in str(text_diff(old, old))


def test_history_shows_the_word_diff_not_a_side_by_side_table(staff_client, db_session):
    nurse = staff_client("nurse")
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    body = page.revisions[-1].body
    word = re.search(r"\b[a-zæøå]{6,}\b", body).group(0)
    post(nurse, f"/staff/pages/{page.id}/source",
         {"title": page.revisions[-1].title, "body": body.replace(word, "ORDET", 1), "change_note": "Nytt ord."})
    html = nurse.get(f"/staff/pages/{page.id}/history").get_data(as_text=True)
    assert "<table" not in html[html.index("<main"):]
    assert f"<del>{word}</del><ins>ORDET</ins>" in marks(html)
    assert "What changed since revision 1:" in html
