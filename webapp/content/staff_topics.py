"""Topics: their order, icon and title in each language."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Topic, TopicTranslation, limits
from webapp import db
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, requires

TOPIC_ICONS = ("heart", "coins", "child", "bus", "scale", "document", "home", "lifebuoy", "info", "calendar")


def all_topics(session):
    return list(session.scalars(select(Topic).order_by(Topic.position).options(selectinload(Topic.translations))))


@requires(EDITORS)
def topics():
    return topics_page()


def topics_page(error: str | None = None, status: int = 200):
    return render_template(
        "staff/topics.html",
        topics=all_topics(db.session()),
        icons=TOPIC_ICONS,
        codes=current_app.config["ENABLED_LANGUAGES"],
        error=error,
    ), status


@requires(EDITORS)
def save_topic(topic_id: int):
    session = db.session()
    topic = session.get(Topic, topic_id)
    if topic is None:
        return topics_page(error=_("This topic does not exist."), status=404)
    try:
        topic.icon = forms.choice("icon", TOPIC_ICONS)
        topic.position = forms.integer("position", minimum=0, maximum=10_000)
        titles = {
            lang: forms.text(f"title_{lang}", max_length=limits.TOPIC_TITLE, required=lang in ("nb", "en"))
            for lang in current_app.config["ENABLED_LANGUAGES"]
        }
    except forms.FormError as error:
        session.rollback()
        return topics_page(error=str(error), status=422)
    existing = {t.lang: t for t in topic.translations}
    for lang, title in titles.items():
        if not title and lang in existing:
            topic.translations.remove(existing[lang])
        elif title and lang in existing:
            existing[lang].title = title
        elif title:
            topic.translations.append(TopicTranslation(lang=lang, title=title))
    audit.commit(session, "topic.update", topic.slug)
    return forms.done(_("Topic saved."), url_for("staff.topics"))
