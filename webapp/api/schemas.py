"""Marshmallow schemas for the sync API: what a phone sends, what it gets back.

The envelope (``{"items": [...]}``, 1 to 50 items, each with an id, a type
and a body) is checked first: if it is wrong, the whole request is a 422
and nothing is written. Then each item is checked on its own: an unknown
type or a body its type refuses makes that item "rejected" ("invalid", with
the details), and the other items go on (docs/design.md, rule 7: never a
partial write of one item; one bad item never holds back the others).

Every string in a body is a ``Text``: valid Unicode, no control characters,
NFC, and its length counted in visible characters (webapp/textinput.py).
"""
from __future__ import annotations

import hashlib
import json
import re

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from webapp import textinput
from webapp.api.registry import item_type

MAX_ITEMS = 50
STATUSES = ("ok", "rejected", "conflict", "error")
INVALID = "invalid"  # the result of an item that can never be accepted as it is
# A pseudonym. "$" alone would also match before a final "\n"; the lookahead
# refuses it, and the pattern is still valid JSON Schema for the document.
HEX_64 = re.compile(r"^[0-9a-f]{64}$(?!\n)")


def doc(text: str, **more) -> dict:
    """OpenAPI documentation for developers: English on purpose and never shown
    to a resident, so not gettext (test_catalogs looks for "description" keys)."""
    return {"description": text, **more}


class Text(fields.String):
    """A string as webapp.textinput wants it: valid, without control
    characters, in NFC, and at most ``max_length`` visible characters."""

    def __init__(self, *, max_length: int | None = None, min_length: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.max_length, self.min_length = max_length, min_length

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text = textinput.clean(text)
        except textinput.BadText as error:
            raise ValidationError(f"Not usable text: {error}.") from None
        shown = len(textinput.visible(text))
        if self.max_length is not None and (shown > self.max_length or len(text) > 2 * self.max_length + 100):
            raise ValidationError(f"Longer than {self.max_length} characters.")
        if shown < self.min_length:
            raise ValidationError(f"Shorter than {self.min_length} characters.")
        return text


def payload_hash(type_name: str, body: dict) -> str:
    """SHA-256 of the item as sent, in canonical JSON (sorted keys, no spaces):
    a resend of the same outbox item hashes the same, an edited one does not."""
    item = {"type": type_name, "body": body}
    canonical = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _check_text(value, path: str = "") -> None:
    """Every string in a body, at any depth and whatever its type's schema
    says, is text webapp.textinput accepts (keys too)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _check_text(key, path)
            _check_text(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            _check_text(inner, f"{path}.{n}")
    elif isinstance(value, str):
        try:
            textinput.clean(value)
        except textinput.BadText as error:
            raise ValidationError({path or "body": [f"Not usable text: {error}."]}) from None


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
        return loaded_item(data)


class SyncRequestSchema(Schema):
    """What the document describes: a request of valid items."""

    class Meta:
        unknown = RAISE

    items = fields.List(
        fields.Nested(SyncItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
        metadata=doc(f"1 to {MAX_ITEMS} items, each applied at most once per id."),
    )


class EnvelopeItemSchema(Schema):
    """An item as far as the envelope goes: checked whole before anything."""

    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True)
    type = fields.String(required=True)
    body = fields.Dict(keys=fields.String(), required=True)


class EnvelopeSchema(Schema):
    class Meta:
        unknown = RAISE

    items = fields.List(fields.Nested(EnvelopeItemSchema), required=True,
                        validate=validate.Length(min=1, max=MAX_ITEMS))


# Made once: a schema is built from its fields at every instantiation, which
# costs more than loading a small item.
ENVELOPE = EnvelopeSchema()


def loaded_item(item: dict) -> dict:
    """An item the envelope loaded (id, type, body), its body checked against
    its type's own schema; ValidationError if it cannot be. Remembers what was
    sent (its hash) apart from what the type made of it."""
    kind = item_type(item["type"])
    if kind is None:
        raise ValidationError({"type": ["Unknown item type."]})
    try:
        _check_text(item["body"])
        body = kind.schema.load(item["body"])
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from error
    return {
        "id": str(item["id"]),  # canonical: lower case, with hyphens
        "type": kind.name,
        "body": body,
        "payload_hash": payload_hash(kind.name, item["body"]),
    }


class SyncResultSchema(Schema):
    id = fields.UUID(required=True, metadata=doc("The item's id, in canonical lower-case form."))
    status = fields.String(
        required=True,
        validate=validate.OneOf(STATUSES),
        metadata=doc(
            "ok: done, the phone may delete the item (also when it was done before). "
            "rejected: the item's type refused it, or it is invalid as it is; keep it and show it. "
            "conflict: this id was used before for a different item. "
            "error: not applied because of a server fault; send it again later."
        ),
    )
    result = fields.String(
        required=True,
        metadata=doc(f"The item type's code, e.g. accepted, duplicate; {INVALID} when the item itself is wrong."),
    )
    message = fields.String(required=True, metadata=doc("For a person (Accept-Language); empty when ok."))
    details = fields.Dict(metadata=doc(f"For {INVALID}: which fields were wrong, by path."))


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema), required=True, metadata=doc("In request order."))


RESPONSE = SyncResponseSchema()


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata=doc("e.g. bad_request, unprocessable_entity"))
    message = fields.String(required=True, metadata=doc("For a person, in their language."))
    details = fields.Dict(metadata=doc("For 422: which fields were wrong, by path."))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
