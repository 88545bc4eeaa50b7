"""Ask the nurse, for residents: ``/<lang>/<centre>/ask``, kept offline like
every page. static/js/questions.js does the rest on the phone: the question
goes into the outbox with a new claim code, "My questions" lives in the
phone's storage only, and answers are collected with the claim codes.
Without JavaScript there is no claim code to keep, so the page says the
form needs it."""
from __future__ import annotations

from flask import render_template


def ask():
    return render_template("resident/ask.html")
