"""Asking: the schema of the outbox's "question" item (``QuestionBody``) and
the one function that stores a question (``ask``).

Results: accepted; unknown_target (no such centre) and claim_taken (this
claim code was used before: only a copied or made-up item can do that),
which the phone keeps and shows. The row gets a fresh random key, the
centre, the app's language, the words, the day, and the keyed hash of the
claim code: nothing about the phone, and nothing shared with another of its
questions, its check-ins or its feedback.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Centre, Question, limits
from webapp import textinput
from webapp.api.schemas import Text
from webapp.questions.claims import CLAIM_CODE, claim_hash

ACCEPTED = "accepted"


def _enabled_language(code: str) -> None:
    if code not in current_app.config["ENABLED_LANGUAGES"]:
        raise ValidationError("Not an enabled language.")


class QuestionBody(Schema):
    class Meta:
        unknown = RAISE

    centre = Text(required=True, min_length=1, max_length=80)
    lang = fields.String(required=True, validate=_enabled_language)
    text = Text(required=True, min_length=1, max_length=limits.QUESTION_TEXT)
    # 128 random bits in hex, made and kept by the phone: the only key to the answer.
    claim = fields.String(required=True, validate=validate.Regexp(CLAIM_CODE))

    @validates("text")
    def has_words(self, value: str, **_kwargs) -> None:
        if textinput.is_blank(value):
            raise ValidationError("A question needs words.")


def ask(session: Session, body: dict, received_at: dt.datetime) -> str:
    """Store one question ``QuestionBody`` loaded; the caller commits."""
    centre = session.scalar(select(Centre).where(Centre.slug == body["centre"]))
    if centre is None:
        return "unknown_target"
    try:
        with session.begin_nested():
            session.add(Question(
                centre_id=centre.id, lang=body["lang"], text=body["text"].strip(),
                claim=claim_hash(body["claim"]), received_on=received_at.date(),
            ))
    except IntegrityError:
        return "claim_taken"
    return ACCEPTED
