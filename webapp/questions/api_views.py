"""``POST /api/v1/answers``: a phone collects answers with its claim codes.

The body is ``{"codes": [...]}`` with exactly ``CHECK_SIZE`` codes (the
phone's real ones padded with random ones); the answer is
``{"answers": [...]}`` in the same order, each ``{"answer", "day"}`` or
``null``. Nothing is stored or logged; see claims.py for why the answer to
a code nobody asked with looks exactly like one not answered yet.
"""
from __future__ import annotations

from collections import Counter

from flask import jsonify
from marshmallow import RAISE, Schema, fields, validate

from webapp import db
from webapp.api import edges
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
    codes = edges.loaded(ClaimCheckSchema(), edges.json_body(MAX_BODY_BYTES))["codes"]
    session = db.session()
    edges.admit(session, Counter({"claims": 1}))
    response = jsonify(answers=answers_for(session, codes))
    response.headers["Cache-Control"] = "no-store"
    return response
