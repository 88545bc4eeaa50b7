"""Sending a notice as a push notification: encrypted for each subscription
of its centre (or of every centre) by pywebpush (aes128gcm, RFC 8291),
signed with our VAPID key, in the subscription's language where the notice
has it (else the usual fallback). A notice is pushed once at most, and a
centre gets at most ``PUSH_DAILY_LIMIT`` pushed notices a day (a notice for
every centre counts for each). A subscription the push service says is gone
(404, 410) is deleted; an expired one is never sent to.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from flask import current_app
from pywebpush import WebPushException, webpush
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Centre, Notice, PushSubscription
from webapp import clock
from webapp.l10n.languages import content_fallbacks
from webapp.push import keys

DEFAULT_DAILY_LIMIT = 3
GONE = (404, 410)
MAX_TTL = 28 * 24 * 3600  # push services keep a message at most about four weeks
TIMEOUT_SECONDS = 10

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    gone: int = 0  # deleted: the push service no longer knows them
    failed: int = 0  # the push service did not take it now (kept; not sent again)


def daily_limit() -> int:
    return current_app.config.get("PUSH_DAILY_LIMIT", DEFAULT_DAILY_LIMIT)


def pushed_today(session: Session, centre_id: int, today: dt.date) -> int:
    reaching = or_(Notice.centre_id == centre_id, Notice.centre_id.is_(None))
    return session.scalar(select(func.count()).select_from(Notice).where(reaching, Notice.pushed_on == today))


def centres_over_limit(session: Session, notice: Notice, today: dt.date) -> list[Centre]:
    centres = [notice.centre] if notice.centre else list(session.scalars(select(Centre)))
    return [c for c in centres if pushed_today(session, c.id, today) >= daily_limit()]


def push_notice(session: Session, notice: Notice, now: dt.datetime) -> Outcome:
    """Send ``notice`` to its subscribers and mark it pushed (the caller
    checked it may be: active, not pushed, within the limit; and commits)."""
    today = clock.centre_today(now)
    notice.pushed_on = today
    where = [PushSubscription.expires_on >= today]
    if notice.centre_id is not None:
        where.append(PushSubscription.centre_id == notice.centre_id)
    outcome, vapid = Outcome(), keys.vapid()
    centres = {c.id: c for c in session.scalars(select(Centre))}
    for subscription in list(session.scalars(select(PushSubscription).where(*where))):
        status = _send(subscription, _payload(notice, subscription, centres[subscription.centre_id]), vapid,
                       _ttl(notice, now))
        if status in GONE:
            session.delete(subscription)
            outcome.gone += 1
        elif status is None:
            outcome.sent += 1
        else:
            outcome.failed += 1
    session.flush()
    return outcome


def _payload(notice: Notice, subscription: PushSubscription, centre: Centre) -> str:
    text = notice.translation_in(content_fallbacks(subscription.lang, notice.source_lang))
    return json.dumps({
        "title": centre.name, "body": text.text, "lang": text.lang,
        "url": f"/{subscription.lang}/{centre.slug}/", "tag": f"notice-{notice.id}",
    }, ensure_ascii=False)


def _ttl(notice: Notice, now: dt.datetime) -> int:
    return max(0, min(MAX_TTL, int((notice.expires_at - now).total_seconds())))


def _send(subscription: PushSubscription, payload: str, vapid, ttl: int) -> int | None:
    """None when the push service took it, else its HTTP status (0: no answer)."""
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    claims = {"sub": current_app.config.get("PUSH_CONTACT", "mailto:push@veiviser.invalid")}  # webpush adds aud, exp
    try:
        webpush(info, payload, vapid_private_key=vapid, vapid_claims=claims, ttl=ttl, timeout=TIMEOUT_SECONDS)
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else 0
        if status not in GONE:
            log.warning("push: the push service answered %s", status)  # never the endpoint: it names a phone
        return status
    except Exception as error:  # noqa: BLE001  no answer (network): the others still get theirs
        log.warning("push: no answer from a push service (%s)", type(error).__name__)
        return 0
    return None
