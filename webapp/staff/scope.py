"""What a staff member may see and change: an admin every centre and page;
others the centres they work at, their local pages and the national pages."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Page, PageTranslation, Role, Topic


def editable_pages(session: Session) -> list[Page]:
    query = (
        select(Page)
        .join(Topic, Page.topic_id == Topic.id)
        .order_by(Topic.position, Page.position, Page.slug)
        .options(selectinload(Page.translations).selectinload(PageTranslation.source_revision))
    )
    if current_user.role != Role.ADMIN:
        centre_ids = [c.id for c in current_user.centres]
        query = query.where(or_(Page.centre_id.is_(None), Page.centre_id.in_(centre_ids)))
    return list(session.scalars(query))


def page_or_404(session: Session, page_id: int) -> Page:
    page = session.get(Page, page_id)
    if page is None:
        abort(404)
    if not may_see(page):
        abort(403)
    return page


def may_see(page: Page) -> bool:
    """An admin sees every page, others the national pages and their centres' own."""
    if current_user.role == Role.ADMIN or page.centre_id is None:
        return True
    return page.centre_id in {c.id for c in current_user.centres}


def my_centres(session: Session) -> list[Centre]:
    if current_user.role == Role.ADMIN:
        return list(session.scalars(select(Centre).order_by(Centre.name)))
    return list(current_user.centres)


def at_my_centre_or_404(session: Session, model, key):
    """The row of ``model`` (anything with a ``centre_id``) with this key:
    404 when there is none, 403 when it belongs to a centre I do not work at."""
    row = session.get(model, key)
    if row is None:
        abort(404)
    if row.centre_id not in {c.id for c in my_centres(session)}:
        abort(403)
    return row
