"""Load the demo centre, topics and pages from ``content/``.

Idempotent: a second run changes nothing; a run after a content file changed
stores a new source revision or an updated translation, like an editor would.
The format of ``content/`` is described in ``content/FORMAT.md``.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Centre,
    Feedback,
    FeedbackResponse,
    Meeting,
    MeetingSeries,
    MeetingTranslation,
    Page,
    Topic,
    TopicTranslation,
    User,
)
from webapp import clock
from webapp.clock import CENTRE_TIME
from webapp.content.editing import create_page, latest_revision, revise_source, save_translation
from webapp.feedback import responses
from webapp.places.demo_data import seed_places_and_cards
from webapp.staff.accounts import create_user

CONTENT = Path(__file__).parent / "content"
DEMO_CENTRE = "demo"  # the slug in content/topics.toml: residents read it at /<lang>/demo/
DEMO_REVIEWER = "Kari Nordmann, helsesykepleier"  # a made-up nurse: the name of who checked it


@dataclass(frozen=True)
class PageText:
    title: str
    body: str


def read_page_text(path: Path) -> PageText:
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError(f"{path}: the first line must be '# Title'")
    return PageText(title=lines[0][2:].strip(), body="\n".join(lines[1:]).strip() + "\n")


def seed_demo(session: Session) -> dict[str, int]:
    """Create or update the demo content; returns counts of what changed."""
    config = tomllib.loads((CONTENT / "topics.toml").read_text(encoding="utf-8"))
    changes = {"centres": 0, "topics": 0, "pages": 0, "revisions": 0, "translations": 0}
    centre = _upsert_centre(session, config["centre"], changes)
    topics = {t["slug"]: _upsert_topic(session, t, changes) for t in config["topic"]}
    for folder in sorted(p for p in (CONTENT / "pages").iterdir() if p.is_dir()):
        _upsert_page(session, folder, topics, centre, changes)
    session.flush()
    # Listed only when something changed (a second run reports the same keys as before).
    changes.update({what: n for what, n in seed_demo_places(session, centre).items() if n})
    return changes


def seed_demo_places(session: Session, centre: Centre) -> dict[str, int]:
    """The places near the demo centre and the show-to-staff cards
    (content/places.toml, content/cards.toml; loaded by webapp/places)."""
    return seed_places_and_cards(session, centre)


def seed_demo_meetings(session: Session, now: dt.datetime | None = None) -> int:
    """The demo meetings; one is always in progress (check-in open) after a run.
    Returns how many meetings were created."""
    now = now or clock.now()
    config = tomllib.loads((CONTENT / "meetings.toml").read_text(encoding="utf-8"))
    centre = session.scalar(select(Centre).where(Centre.slug == DEMO_CENTRE))
    existing = set(
        session.scalars(
            select(MeetingTranslation.title)
            .join(Meeting)
            .where(Meeting.centre_id == centre.id, MeetingTranslation.lang == "nb")
        )
    )
    today = now.astimezone(CENTRE_TIME).date()
    created = 0
    for data in config["meeting"]:
        if data.get("in_progress"):
            open_now = session.scalars(select(Meeting).where(Meeting.centre_id == centre.id)).all()
            if any(m.checkin_opens <= now <= m.checkin_closes for m in open_now):
                continue
            starts = (now - dt.timedelta(minutes=20)).replace(second=0, microsecond=0)
            ends = starts + dt.timedelta(minutes=90)
        elif data["title"]["nb"] in existing:
            continue
        else:
            day = today + dt.timedelta(days=data["day"])
            starts = dt.datetime.combine(day, dt.time.fromisoformat(data["start"]), CENTRE_TIME)
            ends = dt.datetime.combine(day, dt.time.fromisoformat(data["end"]), CENTRE_TIME)
        meeting = Meeting(
            centre=centre, starts_at=starts, ends_at=ends, place=data["place"],
            interpreter_languages=data["interpreters"], food=data["food"], childcare=data["childcare"],
            checkin_opens_before=15, checkin_closes_after=30, source_lang="nb",
            series=_series(session, centre, data.get("series")),
        )
        descriptions = data.get("description", {})
        meeting.translations = [
            MeetingTranslation(lang=lang, title=title, description=descriptions.get(lang, ""))
            for lang, title in data["title"].items()
        ]
        session.add(meeting)
        created += 1
    session.flush()
    return created


def _series(session: Session, centre: Centre, name: str | None) -> MeetingSeries | None:
    if not name:
        return None
    series = session.scalar(
        select(MeetingSeries).where(MeetingSeries.centre_id == centre.id, MeetingSeries.name == name)
    )
    if series is None:
        series = MeetingSeries(centre_id=centre.id, name=name)
        session.add(series)
    return series


DEMO_ACCOUNTS = [
    ("admin@demo.example", "admin", "Demo administrator"),
    ("nurse@demo.example", "nurse", "Demo nurse"),
    ("host@demo.example", "host", "Demo meeting host"),
]


def seed_demo_accounts(session: Session, password: str) -> list[str]:
    """The demo staff accounts, created once (never outside seed-demo).
    Returns the e-mail addresses created now."""
    centre = session.scalar(select(Centre).where(Centre.slug == DEMO_CENTRE))
    created = []
    for email, role, name in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)) is None:
            create_user(session, email, role=role, password=password, name=name, language="en", centres=[centre])
            created.append(email)
    return created


def _upsert_centre(session: Session, data: dict, changes: dict) -> Centre:
    centre = session.scalar(select(Centre).where(Centre.slug == data["slug"]))
    if centre is None:
        centre = Centre(**data)
        session.add(centre)
        changes["centres"] += 1
    return centre


def _upsert_topic(session: Session, data: dict, changes: dict) -> Topic:
    topic = session.scalar(select(Topic).where(Topic.slug == data["slug"]))
    if topic is None:
        topic = Topic(slug=data["slug"], icon=data["icon"], position=data["position"])
        session.add(topic)
        changes["topics"] += 1
    existing = {t.lang: t for t in topic.translations}
    for lang, title in data["title"].items():
        if lang not in existing:
            topic.translations.append(TopicTranslation(lang=lang, title=title))
        elif existing[lang].title != title:
            existing[lang].title = title
    return topic


def _upsert_page(session, folder: Path, topics, centre, changes) -> None:
    meta = tomllib.loads((folder / "page.toml").read_text(encoding="utf-8"))
    source_lang = meta["source_lang"]
    source = read_page_text(folder / f"{source_lang}.md")
    page = session.scalar(select(Page).where(Page.slug == folder.name))
    if page is None:
        page = create_page(
            session,
            slug=folder.name,
            topic=topics[meta["topic"]],
            source_lang=source_lang,
            title=source.title,
            body=source.body,
            centre=centre if meta.get("centre") else None,
            position=meta["position"],
            published=True,
            facts_checked_on=meta.get("checked_on"),
            check_url=meta.get("check_at", ""),
            reviewed_by=DEMO_REVIEWER,
            reviewed_on=meta.get("checked_on") or dt.date.today(),
        )
        changes["pages"] += 1
        changes["revisions"] += 1
    else:
        newest = latest_revision(page)
        if (newest.title, newest.body) != (source.title, source.body):
            revise_source(page, title=source.title, body=source.body, minor=False)
            changes["revisions"] += 1
    existing = {t.lang: t for t in page.translations}
    for path in sorted(folder.glob("*.md")):
        lang = path.stem
        if lang == source_lang:
            continue
        text = read_page_text(path)
        current = existing.get(lang)
        if current is None or (current.title, current.body) != (text.title, text.body):
            save_translation(page, lang, title=text.title, body=text.body, draft=True)
            changes["translations"] += 1


# Demo feedback, so the dashboard has something to show. The themes follow
# the seed reports: participants wanted more information and less discussion,
# and asked to hear more about housing.
DEMO_MEETING_FEEDBACK = [
    # rating, interpreter, next_time, wish, comment, lang
    (5, "yes", "more_information", "Bolig", "", "ar"),
    (4, "yes", "more_information", "", "Bra med tolk.", "nb"),
    (4, "partly", "as_today", "Tannlege", "", "ti"),
    (3, "partly", "more_information", "Bolig", "For lang diskusjon.", "ar"),
    (5, "yes", "as_today", "", "", "uk"),
    (2, "no", "more_information", "Jobb", "Tolken snakket for fort.", "prs"),
    (4, "yes", "more_discussion", "", "", "so"),
    (5, "yes", "more_information", "Bolig", "Takk!", "ar"),
]
DEMO_PAGE_FEEDBACK = [(5, "ar"), (4, "ar"), (4, "ti"), (2, "uk"), (5, "prs"), (3, "so")]
DEMO_ANSWERS = [
    {
        "nb": ("Møtene hadde for mye diskusjon og for lite informasjon.",
               "Nå starter hvert møte med informasjon, med tolk. Spørsmål og samtale kommer til slutt."),
        "en": ("The meetings had too much discussion and too little information.",
               "Each meeting now starts with information, with an interpreter. Questions and talk come at the end."),
    },
    {
        "nb": ("Dere ville vite mer om bolig.",
               "Neste møte handler om bolig. NAV kommer og forteller hva de kan hjelpe med."),
        "en": ("You wanted to know more about housing.",
               "The next meeting is about housing. NAV will come and tell what help they can give."),
    },
]


def seed_demo_feedback(session: Session) -> int:
    """Feedback on the demo meeting that is on now and on one page, and two
    "You said, we did" answers. Only into a demo centre that has none yet.
    Returns how many feedback rows were added."""
    centre = session.scalar(select(Centre).where(Centre.slug == DEMO_CENTRE))
    if centre is None or session.scalar(select(Feedback.id).where(Feedback.centre_id == centre.id).limit(1)):
        return 0
    now = clock.now()
    meeting = session.scalars(select(Meeting).where(Meeting.centre_id == centre.id, Meeting.starts_at <= now)
                              .order_by(Meeting.starts_at.desc())).first()
    page = session.scalar(select(Page).where(Page.slug == "frikort"))
    rows = []
    if meeting is not None:
        rows += [
            Feedback(centre=centre, target="meeting", meeting=meeting, rating=rating, interpreter=interpreter,
                     next_time=next_time, wish=wish or None, comment=comment or None, lang=lang,
                     received_on=now.date())
            for rating, interpreter, next_time, wish, comment, lang in DEMO_MEETING_FEEDBACK
        ]
    if page is not None:
        # Last month's: feedback on pages is shown once its month is over.
        last_month = now.date().replace(day=1) - dt.timedelta(days=1)
        rows += [Feedback(centre=centre, target="page", page=page, rating=rating, lang=lang,
                          received_on=last_month.replace(day=1 + 3 * n))
                 for n, (rating, lang) in enumerate(DEMO_PAGE_FEEDBACK)]
    session.add_all(rows)
    if not session.scalar(select(FeedbackResponse.id).where(FeedbackResponse.centre_id == centre.id).limit(1)):
        for texts in DEMO_ANSWERS:
            answer = responses.create(session, centre, "nb", *texts["nb"], author_id=None)
            responses.set_text(answer, "en", *texts["en"], draft=True)
    session.flush()
    return len(rows)
