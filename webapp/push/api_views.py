"""``POST /api/v1/push/subscriptions`` (keep or renew a subscription) and
``POST /api/v1/push/subscriptions/delete`` (the phone turned notifications
off). Both answer 204; nothing but the subscription is stored or logged."""
from __future__ import annotations

from collections import Counter

from flask import request
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, NotFound, UnprocessableEntity, UnsupportedMediaType

from models import Centre
from webapp import clock, db
from webapp.api import budget
from webapp.push import subscriptions


def _loaded(schema):
    if request.mimetype != "application/json":
        raise UnsupportedMediaType()
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest()
    try:
        return schema.load(body)
    except ValidationError as error:
        unprocessable = UnprocessableEntity()
        unprocessable.details = {str(key): value for key, value in error.messages.items()}
        raise unprocessable from error


@db.reads_first
def subscribe():
    body = _loaded(subscriptions.SubscribeSchema())
    session = db.session()
    known = session.scalar(select(Centre.slug).where(Centre.slug == body["centre"]))
    budget.admit(session, Counter({f"push:{known or '?'}": 1}))
    db.begin_writing(session)
    if subscriptions.subscribe(session, body, clock.centre_today()) is None:
        session.rollback()
        raise NotFound()
    session.commit()
    return "", 204


@db.reads_first
def unsubscribe():
    body = _loaded(subscriptions.UnsubscribeSchema())
    session = db.session()
    db.begin_writing(session)
    subscriptions.unsubscribe(session, body["endpoint"])
    session.commit()
    return "", 204

