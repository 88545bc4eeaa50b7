"""What changed between two revisions of a text, word by word, for the page
history: the newer text as it reads, with removed words in ``<del>`` and added
words in ``<ins>``, inline, wrapping like ordinary text.

Lines (a Markdown paragraph is one line) are compared first; unchanged runs
of lines are shortened to a note, keeping a little context around each
change. Changed lines are compared word by word: a word is never split (a
changed "50" in "50 kroner." is marked, not the "0"), and punctuation at a
word's edges is its own token, so "kroner." → "kroner," marks only the comma.
Whitespace is kept as it was. Each mark carries a text label for screen
readers ("removed: …", "added: …"): colour is never the only sign (the CSS
also strikes deletions through and underlines insertions).
"""
from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

# Above this (tokens of the old block × tokens of the new one), a changed
# block is shown as removed and added whole: comparing word by word would be
# slow and no easier to read.
MAX_WORD_PAIRS = 2_000_000


def _is_edge_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"  # punctuation and symbols


def tokens(text: str) -> list[str]:
    """``'Pay 50 kroner.\\n'`` → ``['Pay', ' ', '50', ' ', 'kroner', '.', '\\n']``.
    Runs of whitespace are tokens; a word keeps what is inside it ("e-post",
    "don't", a URL) and gives up the punctuation at its edges, one mark each.
    Joining the tokens gives the text back."""
    result: list[str] = []
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        space = text[start].isspace()
        while end < length and text[end].isspace() == space:
            end += 1
        chunk = text[start:end]
        if space:
            result.append(chunk)
        else:
            result.extend(_split_edges(chunk))
        start = end
    return result


def _split_edges(chunk: str) -> list[str]:
    first, last = 0, len(chunk)
    while first < last and _is_edge_punctuation(chunk[first]):
        first += 1
    while last > first and _is_edge_punctuation(chunk[last - 1]):
        last -= 1
    return [*chunk[:first], *([chunk[first:last]] if first < last else []), *chunk[last:]]


def _marked(tag: str, text: str) -> Markup:
    if not text:
        return Markup()
    label = _("removed") if tag == "del" else _("added")
    return Markup('<{tag}><span class="visually-hidden">[{label}: </span>{text}'
                  '<span class="visually-hidden">]</span></{tag}>').format(tag=Markup(tag), label=label, text=text)


def _changed(old: str, new: str) -> Markup:
    return _marked("del", old) + _marked("ins", new)


def _word_segments(old: str, new: str) -> list[tuple[str, str, str]]:
    """``[("equal", text, text), ("change", old, new), ...]``, where a change
    next to a change across nothing but whitespace is one change."""
    a, b = tokens(old), tokens(new)
    if len(a) * len(b) > MAX_WORD_PAIRS:
        return [("change", old, new)]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    segments: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = "equal" if tag == "equal" else "change"
        segments.append((kind, "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[str, str, str]] = []
    for segment in segments:
        merged.append(segment)
        # change, whitespace, change → one change (reads better than a/b/c/d word by word)
        if (len(merged) >= 3 and merged[-1][0] == "change" and merged[-3][0] == "change"
                and merged[-2][0] == "equal" and merged[-2][1].isspace()):
            (_k1, old1, new1), (_k2, space, _same), (_k3, old2, new2) = merged[-3:]
            merged[-3:] = [("change", old1 + space + old2, new1 + space + new2)]
    return merged


def inline_diff(old: str, new: str) -> Markup:
    """``new`` with what changed from ``old`` marked, word by word."""
    html = Markup()
    for kind, old_text, new_text in _word_segments(old, new):
        html += escape(new_text) if kind == "equal" else _changed(old_text, new_text)
    return html


def _skip_note(count: int) -> Markup:
    return Markup('<p class="diff-skip">{}</p>').format(
        ngettext("… %(num)s unchanged line …", "… %(num)s unchanged lines …", count)
    )


def text_diff(old: str, new: str, *, context: int = 1) -> Markup:
    """The whole comparison, ready for ``<div class="diff">``: changed lines
    word by word with ``context`` unchanged lines around them, and a note for
    each longer unchanged run."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_rest in opcodes):
        return Markup('<p class="diff-skip">{}</p>').format(_("The text did not change."))
    parts: list[Markup] = []  # text runs and notes, in order
    text = Markup()
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            text += inline_diff("".join(a[i1:i2]), "".join(b[j1:j2]))
            continue
        lines = a[i1:i2]
        keep_after = 0 if index == 0 else context  # after the change before
        keep_before = 0 if index == last else context  # before the change after
        if len(lines) <= keep_after + keep_before + 1:
            text += escape("".join(lines))
            continue
        text += escape("".join(lines[:keep_after]))
        if text:
            parts.append(Markup('<div class="diff-text">{}</div>').format(Markup(text.rstrip("\n"))))
        parts.append(_skip_note(len(lines) - keep_after - keep_before))
        text = escape("".join(lines[len(lines) - keep_before:]))
    if text:
        parts.append(Markup('<div class="diff-text">{}</div>').format(Markup(text.rstrip("\n"))))
    return Markup("").join(parts)
