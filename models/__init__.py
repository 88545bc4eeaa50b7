"""SQLAlchemy 2.0 models. Importing this package registers every table on
``Base.metadata`` (Alembic's autogenerate and the drift test rely on that)."""
from models.base import Base
from models import content_version  # noqa: F401  (registers the version bump)
from models.accounts import STAFF_LANGUAGES, AuditEntry, CentreMembership, LoginAttempt, Role, User
from models.content import (
    Centre,
    ContentState,
    Page,
    PageMedia,
    PageRevision,
    PageTranslation,
    Topic,
    TopicTranslation,
    TranslationStatus,
)

__all__ = [
    "AuditEntry",
    "CentreMembership",
    "LoginAttempt",
    "Role",
    "STAFF_LANGUAGES",
    "User",
    "Base",
    "Centre",
    "ContentState",
    "Page",
    "PageMedia",
    "PageRevision",
    "PageTranslation",
    "Topic",
    "TopicTranslation",
    "TranslationStatus",
]
