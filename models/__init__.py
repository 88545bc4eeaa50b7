"""SQLAlchemy 2.0 models. Importing this package registers every table on
``Base.metadata`` (Alembic's autogenerate and the drift test rely on that)."""
from models import content_version  # noqa: F401  (registers the version bump)
from models.accounts import STAFF_LANGUAGES, AuditEntry, CentreMembership, Role, User
from models.base import Base
from models.budgets import RateBucket
from models.checkins import CheckIn, ResponseSlot
from models.content import (
    Centre,
    ChangeNoteTranslation,
    ContentState,
    Page,
    PageMedia,
    PageRevision,
    PageTranslation,
    Topic,
    TopicTranslation,
    TranslationStatus,
)
from models.content_version import ContentChange
from models.feedback import Feedback, FeedbackReceipt, FeedbackResponse, FeedbackResponseTranslation
from models.meetings import Meeting, MeetingSeries, MeetingTranslation
from models.notices import Notice, NoticeTranslation, PushSubscription
from models.places import Card, CardRevision, CardTranslation, Place, PlaceRevision, PlaceTranslation
from models.questions import Question
from models.sync import RowMixing, SyncReceipt

__all__ = [
    "ChangeNoteTranslation",
    "AuditEntry",
    "CentreMembership",
    "Role",
    "STAFF_LANGUAGES",
    "RateBucket",
    "RowMixing",
    "SyncReceipt",
    "Feedback",
    "FeedbackReceipt",
    "FeedbackResponse",
    "FeedbackResponseTranslation",
    "User",
    "Base",
    "Centre",
    "CheckIn",
    "ResponseSlot",
    "Meeting",
    "MeetingSeries",
    "MeetingTranslation",
    "Card",
    "CardRevision",
    "CardTranslation",
    "Place",
    "PlaceRevision",
    "PlaceTranslation",
    "Notice",
    "NoticeTranslation",
    "PushSubscription",
    "Question",
    "ContentChange",
    "ContentState",
    "Page",
    "PageMedia",
    "PageRevision",
    "PageTranslation",
    "Topic",
    "TopicTranslation",
    "TranslationStatus",
]
