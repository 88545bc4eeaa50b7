"""``POST /api/v1/push/subscriptions`` (keep or renew a subscription) and
``POST /api/v1/push/subscriptions/delete`` (the phone turned notifications
off). Both answer 204; nothing but the subscription is stored or logged."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from models import Centre
from webapp import clock, db
from webapp.api import edges
from webapp.push import subscriptions

MAX_BODY_BYTES = 4 * 1024  # an endpoint URL and two keys


def _loaded(schema):
    return edges.loaded(schema, edges.json_body(MAX_BODY_BYTES))


@db.reads_first
def subscribe():
    body = _loaded(subscriptions.SubscribeSchema())
    session = db.session()
    known = session.scalar(select(Centre.slug).where(Centre.slug == body["centre"]))
    edges.admit(session, Counter({f"push:{known or '?'}": 1}))
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

