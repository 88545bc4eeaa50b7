"""Marshmallow schemas for the sync API: what a phone sends, what it gets back.

A request is checked whole before anything is written: an envelope field the
server does not know, an unregistered type or a body its type's schema
refuses makes the whole request a 422 (docs/design.md, rule 7: never a partial write).
"""
from __future__ import annotations

import hashlib
import json

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from webapp.api.registry import item_type

MAX_ITEMS = 50
STATUSES = ("ok", "rejected", "conflict", "error")


def doc(text: str, **more) -> dict:
    """OpenAPI documentation for developers: English on purpose and never shown
    to a resident, so not gettext (test_catalogs looks for "description" keys)."""
    return {"description": text, **more}


def payload_hash(type_name: str, body: dict) -> str:
    """SHA-256 of the item as sent, in canonical JSON (sorted keys, no spaces):
    a resend of the same outbox item hashes the same, an edited one does not."""
    item = {"type": type_name, "body": body}
    canonical = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _registered(name: str) -> None:
    if item_type(name) is None:
        raise ValidationError("Unknown item type.")


class SyncItemSchema(Schema):
    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True, metadata=doc("Made by the phone before it first tries to send."))
    type = fields.String(required=True, validate=_registered, metadata=doc("A registered item type."))
    body = fields.Dict(
        keys=fields.String(), required=True, metadata=doc("Checked by the schema of the item's type.")
    )

    @post_load
    def load_body(self, data: dict, **_kwargs) -> dict:
        """Check the body against its type's own schema, and remember what was
        sent (its hash) apart from what the type made of it."""
        kind = item_type(data["type"])
        try:
            body = kind.schema.load(data["body"])
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from error
        return {
            "id": str(data["id"]),  # canonical: lower case, with hyphens
            "type": kind.name,
            "body": body,
            "payload_hash": payload_hash(kind.name, data["body"]),
        }


class SyncRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    items = fields.List(
        fields.Nested(SyncItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
        metadata=doc(f"1 to {MAX_ITEMS} items, each applied at most once per id."),
    )


class SyncResultSchema(Schema):
    id = fields.UUID(required=True, metadata=doc("The item's id, in canonical lower-case form."))
    status = fields.String(
        required=True,
        validate=validate.OneOf(STATUSES),
        metadata=doc(
            "ok: done, the phone may delete the item (also when it was done before). "
            "rejected: the item's type refused it; keep it and show it. "
            "conflict: this id was used before for a different item. "
            "error: not applied because of a server fault; send it again later."
        ),
    )
    result = fields.String(required=True, metadata=doc("The item type's code, e.g. accepted, duplicate."))
    message = fields.String(required=True, metadata=doc("For a person (Accept-Language); empty when ok."))


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema), required=True, metadata=doc("In request order."))


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata=doc("e.g. bad_request, unprocessable_entity"))
    message = fields.String(required=True, metadata=doc("For a person, in their language."))
    details = fields.Dict(metadata=doc("For 422: which fields were wrong, by path."))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
