"""Centre notices: staff write them (a host or a nurse for their centre, an
administrator also for all centres), translations carry their status, and a
phone gets them in one small kept URL, notices.json, which holds the notices
not yet ended with their start and expiry (the phone decides when to show
them), in its language or a fallback; the home page lists the same."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from models import Notice, TranslationStatus
from models.content_version import current_version
from tests.staff_helpers import post
from webapp.offline.manifest import kept_urls

NOW = dt.datetime(2027, 3, 15, 9, 0, tzinfo=dt.UTC)  # 10:00 in Norway


@pytest.fixture(autouse=True)
def frozen():
    """Every test at NOW (staff sign in at NOW too: a session from another time would have ended)."""
    with time_machine.travel(NOW, tick=False):
        yield


def publish(client, text="Sykepleier er borte torsdag.", starts="2027-03-15T08:00", expires="2027-03-18T16:00",
            centre=None):
    return post(client, "/staff/notices", {"centre": centre, "source_lang": "nb", "text": text,
                                           "starts": starts, "expires": expires})


def demo_id(db_session) -> str:
    from models import Centre
    return str(db_session.scalar(select(Centre.id).where(Centre.slug == "demo")))


def test_a_host_publishes_a_notice_and_phones_get_it_in_notices_json(app, db_session, staff_client, client):
    host = staff_client("host")
    version = current_version(db_session)
    with time_machine.travel(NOW, tick=False):
        response = publish(host, centre=demo_id(db_session))
        assert response.status_code == 302
        assert current_version(db_session) > version  # content: phones fetch it with their next update
        notices = client.get("/ti/demo/notices.json").get_json()["notices"]
    (notice,) = notices
    assert notice["text"] == "Sykepleier er borte torsdag."
    assert notice["lang"] == "nb"  # not translated into Tigrinya yet: the source, marked with its language
    assert notice["starts"] == int(dt.datetime(2027, 3, 15, 7, 0, tzinfo=dt.UTC).timestamp() * 1000)
    assert notice["expires"] == int(dt.datetime(2027, 3, 18, 15, 0, tzinfo=dt.UTC).timestamp() * 1000)
    with time_machine.travel(NOW, tick=False):
        home = client.get("/ti/demo/").get_data(as_text=True)
    assert "Sykepleier er borte torsdag." in home
    assert "Sykepleier er borte" not in client.get("/ti/demo/help").get_data(as_text=True)  # only home and the JSON


def test_only_an_administrator_writes_to_every_centre(app, db_session, staff_client):
    assert publish(staff_client("nurse"), centre="").status_code == 422
    with time_machine.travel(NOW, tick=False):
        assert publish(staff_client("admin"), centre="").status_code == 302
    (notice,) = db_session.scalars(select(Notice)).all()
    assert notice.centre_id is None


def test_bad_times_are_refused_with_words(app, db_session, staff_client):
    nurse = staff_client("nurse")
    response = publish(nurse, centre=demo_id(db_session), starts="2027-03-18T08:00", expires="2027-03-15T08:00")
    assert response.status_code == 422 and "must end after it starts" in response.get_data(as_text=True)
    assert publish(nurse, centre=demo_id(db_session), starts="tomorrow").status_code == 422
    assert db_session.scalars(select(Notice)).all() == []


def test_a_translation_is_outdated_when_the_source_changes_and_shown_as_a_draft(app, db_session, staff_client, client):
    nurse = staff_client("nurse")
    with time_machine.travel(NOW, tick=False):
        publish(nurse, centre=demo_id(db_session))
        notice = db_session.scalar(select(Notice))
        fields = {"starts": "2027-03-15T08:00", "expires": "2027-03-18T16:00",
                  "text_nb": "Sykepleier er borte torsdag.", "text_ti": "ነርስ ሓሙስ የላን።", "draft_ti": "1"}
        assert post(nurse, f"/staff/notices/{notice.id}", fields).status_code == 302
        db_session.expire_all()
        assert notice.status("ti") == TranslationStatus.CURRENT
        (shown,) = client.get("/ti/demo/notices.json").get_json()["notices"]
        assert (shown["text"], shown["lang"], shown["draft"]) == ("ነርስ ሓሙስ የላን።", "ti", True)
        home = client.get("/ti/demo/").get_data(as_text=True)
        listed = home[home.index("data-notices"):home.index("</section>", home.index("data-notices"))]
        assert "ነርስ ሓሙስ የላን።" in listed and "ንድፊ ትርጉም" in listed  # "Draft translation", in Tigrinya
        fields["text_nb"] = "Sykepleier er borte fredag."
        assert post(nurse, f"/staff/notices/{notice.id}", fields).status_code == 302
        db_session.expire_all()
        assert notice.status("ti") == TranslationStatus.OUTDATED
        assert "outdated" in nurse.get(f"/staff/notices/{notice.id}").get_data(as_text=True)


def test_notices_json_holds_the_not_yet_ended_and_is_kept_offline(app, db_session, staff_client, client):
    nurse = staff_client("nurse")
    with time_machine.travel(NOW, tick=False):
        publish(nurse, "Ended yesterday", "2027-03-10T08:00", "2027-03-14T20:00", centre=demo_id(db_session))
        publish(nurse, "Ends in an hour", "2027-03-15T08:00", "2027-03-15T11:00", centre=demo_id(db_session))
        publish(nurse, "Starts tomorrow", "2027-03-16T08:00", "2027-03-17T11:00", centre=demo_id(db_session))
        texts = [n["text"] for n in client.get("/en/demo/notices.json").get_json()["notices"]]
        assert texts == ["Starts tomorrow", "Ends in an hour"]
        with app.test_request_context():
            from models import Centre
            urls = kept_urls(app, "en", db_session.scalar(select(Centre).where(Centre.slug == "demo")))
    assert {"/en/demo/notices.json", "/en/demo/ask"} <= set(urls)
