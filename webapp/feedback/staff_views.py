"""The feedback dashboard (``/staff/feedback``), its CSV export, and hiding or
marking comments. Every figure comes from ``webapp.feedback.summary``, which
hides groups smaller than 5, also where subtraction would reveal them."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Centre, Feedback
from webapp import db
from webapp.feedback.summary import ALL, Summary, summarize
from webapp.feedback.suppression import SMALL
from webapp.paging import page_of
from webapp.staff import audit
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import at_my_centre_or_404, my_centres
from webapp.templating import language_name

COMMENT_ACTIONS = {
    "hide": {"comment_hidden": True},
    "show": {"comment_hidden": False},
    "handled": {"handled": True},
    "open": {"handled": False},
}


def chosen_centre(session) -> tuple[Centre, list[Centre]]:
    centres = my_centres(session)
    if not centres:
        abort(403)
    wanted = request.args.get("centre", "")
    centre = next((c for c in centres if c.slug == wanted), centres[0])
    return centre, centres


def chosen_column(summary: Summary) -> str:
    column = request.args.get("show", ALL)
    return column if column in summary.columns else ALL


def current_summary() -> tuple[Summary, str, list[Centre]]:
    session = db.session()
    centre, centres = chosen_centre(session)
    summary = summarize(session, centre, [current_user.language, "nb", "en"])
    return summary, chosen_column(summary), centres


@requires(EVERY_ROLE)
def feedback():
    summary, column, centres = current_summary()
    cells = [summary.cell(group.key, column) for group in summary.ordered()]
    return render_template("staff/feedback.html", summary=summary, column=column, cells=cells, centres=centres)


@requires(EVERY_ROLE)
def feedback_group(group: str):
    summary, column, centres = current_summary()
    if group not in summary.groups:
        abort(404)
    cell = summary.cell(group, column)
    figures = cell.figures()
    word_lists = [] if figures is None else [
        (_("What the next meeting should be about"), page_of(figures.wishes, "wishes"), "wish"),
        (_("Comments"), page_of(figures.comments, "comments"), "comment"),
    ]
    return render_template("staff/feedback_group.html", summary=summary, column=column, cell=cell, figures=figures,
                           word_lists=word_lists, centres=centres)


@requires(EVERY_ROLE)
def feedback_csv():
    summary, column, _centres = current_summary()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        _("Group"), _("Kind"), _("Responses"), *(_("Rating %(n)s", n=n) for n in range(1, 6)), _("Average rating"),
        _("Understood the interpreter: yes"), _("partly"), _("no"), _("no interpreter"),
        _("Next time: more information"), _("more discussion"), _("as today"), _("Note"),
    ])
    for group in summary.ordered():
        cell = summary.cell(group.key, column)
        figures = cell.figures()
        label = spreadsheet_safe(group_label(group))
        if figures is None:
            writer.writerow([label, group.kind, "", *[""] * 6, *[""] * 4, *[""] * 3, hidden_reason(cell.hidden)])
            continue
        writer.writerow([
            label, group.kind, figures.count, *figures.ratings.values(),
            f"{figures.mean:.1f}" if figures.mean is not None else "",
            *figures.interpreter.values(), *figures.next_time.values(), partial_note() if cell.partial else "",
        ])
    filename = f"feedback-{summary.centre.slug}-{column}.csv"
    return Response(
        out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@requires(EVERY_ROLE)
def feedback_comment(feedback_id: str):
    session = db.session()
    row = at_my_centre_or_404(session, Feedback, feedback_id)
    changes = COMMENT_ACTIONS.get(request.form.get("action", ""))
    if changes is None:
        abort(400)
    for name, value in changes.items():
        setattr(row, name, value)
    audit.commit(session, "feedback." + request.form["action"], target=feedback_id)
    back = request.form.get("next", "")
    return redirect(back if back.startswith("/staff/feedback") else url_for("staff.feedback"))


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a meeting titled
    "=HYPERLINK(...)" stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def feedback_labels() -> dict:
    return {
        "group_label": group_label, "hidden_reason": hidden_reason, "column_label": column_label,
        "partial_note": partial_note,
    }


def partial_note() -> str:
    return _("Some responses are not counted here: they belong to groups of fewer than 5.")


def group_label(group) -> str:
    named = {
        "meetings": _("All meetings"),
        "pages": _("All info pages"),
        "general": _("The centre in general"),
    }
    return named.get(group.kind, group.label)


def hidden_reason(reason: str | None) -> str:
    if reason == SMALL:
        return _("Hidden: fewer than 5 responses.")
    return _("Hidden so that a group of fewer than 5 cannot be worked out from the other figures.")


def column_label(column: str) -> str:
    if column == ALL:
        return _("All responses")
    kind, _dash, value = column.partition("-")
    if kind == "lang":
        return _("In %(language)s", language=language_name(value))
    return _("Received in %(quarter)s", quarter=value)
