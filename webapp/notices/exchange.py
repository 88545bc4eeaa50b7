"""Centre notices in the translator exchange (webapp/content/exchange):
``notice:<id>|text``. The source version is ``Notice.source_version``; an
import saves with ``notices.set_text``, as the notice's page does, made from
the version named in the file, so a file exported before the notice changed
imports as outdated. Only notices that have not expired are exported or
imported: an expired one is shown to nobody. Registered from routes.py."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Notice, Role, TranslationStatus
from models.limits import NOTICE_TEXT
from webapp import clock, textinput
from webapp.content.exchange import Done, ExchangeKind, register_kind
from webapp.notices import notices
from webapp.staff.scope import my_centres


class NoticeKind(ExchangeKind):
    prefix = "notice"
    fields = ("text",)
    limits = {"text": NOTICE_TEXT}

    def label(self) -> str:
        return _("notices")

    def editable(self, session: Session) -> list:
        centre_ids = {c.id for c in my_centres(session)}
        admin = current_user.role == Role.ADMIN
        return [n for n in self.every(session) if notices.may_change(n, centre_ids, admin)]

    def every(self, session: Session) -> list:
        return list(session.scalars(
            select(Notice).where(Notice.expires_at > clock.now()).order_by(Notice.id)
            .options(selectinload(Notice.translations))
        ))

    def find(self, session: Session, key: str):
        number = textinput.row_id(key)
        return session.get(Notice, number) if number is not None else None

    def key(self, item) -> str:
        return str(item.id)

    def describe(self, item) -> str:
        return f"Centre notice, shown until {item.expires_at:%Y-%m-%d} (at most {NOTICE_TEXT} characters)"

    def closed(self, item) -> str | None:
        return None if item.expires_at > clock.now() else _("This notice has expired: nobody sees it any more.")

    def edit_url(self, item, lang: str) -> str:
        return url_for("staff.edit_notice", notice_id=item.id)

    def newest(self, item) -> int:
        return item.source_version

    def has_revision(self, item, number: int) -> bool:
        return 1 <= number <= item.source_version

    def source(self, item, number: int) -> dict[str, str] | None:
        # Only the newest text is kept: an older version's cannot be compared.
        return {"text": item.translation(item.source_lang).text} if number == item.source_version else None

    def status(self, item, lang: str) -> TranslationStatus:
        return item.status(lang)

    def translation(self, item, lang: str) -> Done | None:
        done = item.translation(lang) if lang != item.source_lang else None
        return Done({"text": done.text}, done.made_from, done.draft) if done is not None else None

    def save(self, item, lang, texts, *, made_from, draft, user_id) -> None:
        notices.set_text(item, lang, texts["text"], draft=draft, made_from=made_from)

    def unknown(self) -> str:
        return _("There is no notice with this number (it may have been deleted).")

    def not_allowed(self) -> str:
        return _("You cannot edit this notice.")


NOTICES = NoticeKind()


def register() -> None:
    register_kind(NOTICES)
