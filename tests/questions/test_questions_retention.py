"""``flask purge`` with a frozen clock: questions and their answers go 60
days after they arrived (answered or not), push subscriptions once expired;
``--dry-run`` lists them and deletes nothing; and a purged question answers
a claim check exactly as one never asked."""
from __future__ import annotations

import datetime as dt
import secrets

import time_machine
from sqlalchemy import select

from models import Centre, PushSubscription, Question
from webapp.questions.claims import CHECK_SIZE, claim_hash

NOW = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)


def prepare(app, db_session) -> str:
    centre = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    codes = {}
    with app.app_context():
        for days_old in (61, 60, 59):
            codes[days_old] = secrets.token_hex(16)
            db_session.add(Question(
                centre_id=centre.id, lang="ar", text=f"{days_old} days old", claim=claim_hash(codes[days_old]),
                received_on=NOW.date() - dt.timedelta(days=days_old),
                answer="An answer", answered_on=NOW.date() - dt.timedelta(days=1),
            ))
    for n, expires_in in enumerate((-1, 0, 1)):
        db_session.add(PushSubscription(endpoint=f"https://fcm.googleapis.com/fcm/send/{n}", p256dh="k", auth="a",
                                        centre_id=centre.id, lang="ar",
                                        expires_on=NOW.date() + dt.timedelta(days=expires_in)))
    db_session.flush()
    return codes[61]


def run(app, *args):
    with time_machine.travel(NOW, tick=False):
        return app.test_cli_runner().invoke(args=["purge", *args])


def test_dry_run_lists_old_questions_and_expired_subscriptions(app, db_session):
    prepare(app, db_session)
    result = run(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "  1 questions to the nurse and their answers from before 2027-01-14" in result.output.splitlines()
    assert "  1 push subscriptions that expired" in result.output.splitlines()
    assert len(db_session.scalars(select(Question)).all()) == 3
    assert len(db_session.scalars(select(PushSubscription)).all()) == 3


def test_purge_deletes_them_and_a_purged_question_reads_as_never_asked(app, db_session, client):
    oldest = prepare(app, db_session)
    padding = [secrets.token_hex(16) for _ in range(CHECK_SIZE - 1)]
    before = client.post("/api/v1/answers", json={"codes": [oldest, *padding]}).get_json()["answers"]
    assert before[0] == {"answer": "An answer", "day": "2027-03-14"}
    result = run(app)
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert sorted(db_session.scalars(select(Question.text))) == ["59 days old", "60 days old"]
    assert sorted(db_session.scalars(select(PushSubscription.endpoint))) == [
        "https://fcm.googleapis.com/fcm/send/1", "https://fcm.googleapis.com/fcm/send/2"]
    after = client.post("/api/v1/answers", json={"codes": [oldest, *padding]}).get_json()["answers"]
    assert after == [None] * CHECK_SIZE
