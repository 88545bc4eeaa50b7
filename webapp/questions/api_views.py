"""``POST /api/v1/answers``: a phone collects answers with its claim codes.

The body is ``{"codes": [...]}`` with exactly ``CHECK_SIZE`` codes (the
phone's real ones padded with random ones); the answer is
``{"answers": [...]}`` in the same order, each ``{"answer", "day"}`` or
``null``. Nothing is stored or logged; see claims.py for why the answer to
a code nobody asked with looks exactly like one not answered yet.
"""
from __future__ import annotations

from collections import Counter

from flask import jsonify, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from werkzeug.exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    UnprocessableEntity,
    UnsupportedMediaType,
)

from webapp import db
from webapp.api import budget
from webapp.questions.claims import CHECK_SIZE, CLAIM_CODE, answers_for

MAX_BODY_BYTES = 4 * 1024  # 8 codes of 32 characters fit many times over


class ClaimCheckSchema(Schema):
    class Meta:
        unknown = RAISE

    codes = fields.List(
        fields.String(validate=validate.Regexp(CLAIM_CODE)), required=True,
        validate=validate.Length(equal=CHECK_SIZE),
    )


@db.reads_first
def answers():
    try:
        codes = ClaimCheckSchema().load(json_body())["codes"]
    except ValidationError as error:
        unprocessable = UnprocessableEntity()
        unprocessable.details = {str(key): value for key, value in error.messages.items()}
        raise unprocessable from error
    session = db.session()
    budget.admit(session, Counter({"claims": 1}))
    response = jsonify(answers=answers_for(session, codes))
    response.headers["Cache-Control"] = "no-store"
    return response


def json_body():
    if request.mimetype != "application/json":
        raise UnsupportedMediaType()
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge()
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest()
    return body

