"""The OpenAPI document (``GET /api/v1/openapi.json``): the API described
from its own marshmallow schemas (apispec), so the document cannot drift from
what the code checks. It lists each registered item type with the schema of
its body."""
from __future__ import annotations

from dataclasses import dataclass

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from webapp.api.registry import registered_types
from webapp.api.schemas import (
    MAX_ITEMS,
    ErrorSchema,
    SyncItemSchema,
    SyncRequestSchema,
    SyncResponseSchema,
    SyncResultSchema,
    doc,
)

OPENAPI_VERSION = "3.0.3"


@dataclass(frozen=True)
class Endpoint:
    """A POST endpoint of a feature besides the sync, described from its schema."""

    path: str
    summary: str
    description: str
    schema_name: str
    schema: type[Schema]
    responses: dict[int, str]  # status → what it means (2xx ones answer JSON or nothing)


_endpoints: dict[str, Endpoint] = {}


def describe_endpoint(endpoint: Endpoint) -> None:
    """Features with API endpoints of their own (questions, push) add them here,
    as item types register with the sync."""
    _endpoints[endpoint.path] = endpoint
ERRORS = {
    400: "The body is not JSON (or not UTF-8).",
    413: "The body is larger than 64 KB.",
    415: "The Content-Type is not application/json.",
    422: f"The envelope does not match SyncRequest (not an object with 1 to {MAX_ITEMS} items, each with a "
    f"UUID id, a type and an object body); error.details says where. Nothing was written. (An item with "
    f"an unknown type or an invalid body is not a 422: it gets status rejected, result invalid.)",
    429: "Too many items were sent lately (by anyone, or for this centre or meeting); nothing was applied. "
    "Send again after Retry-After seconds.",
}


def build_spec() -> dict:
    spec = APISpec(
        "Veiviser API",
        "1",
        OPENAPI_VERSION,
        plugins=[MarshmallowPlugin()],
        info=doc("The phone's outbox sends check-ins and feedback here. No accounts, no cookies."),
    )
    for name, schema in (
        ("SyncItem", SyncItemSchema),
        ("SyncRequest", SyncRequestSchema),
        ("SyncResult", SyncResultSchema),
        ("SyncResponse", SyncResponseSchema),
        ("Error", ErrorSchema),
    ):
        spec.components.schema(name, schema=schema)
    for kind in registered_types():
        spec.components.schema(body_component(kind.name), schema=kind.schema)
    spec.path(path="/api/v1/sync", operations={"post": sync_operation()})
    for endpoint in sorted(_endpoints.values(), key=lambda e: e.path):
        spec.components.schema(endpoint.schema_name, schema=endpoint.schema)
        spec.path(path=endpoint.path, operations={"post": endpoint_operation(endpoint)})
    spec.path(path="/api/v1/openapi.json", operations={"get": doc(
        "This document.", summary="The OpenAPI description of this API",
        responses={"200": doc("OpenAPI 3.0", content={"application/json": {"schema": {"type": "object"}}})},
    )})
    document = spec.to_dict()
    describe_item_types(document)
    return document


def body_component(type_name: str) -> str:
    return f"{type_name}.body"


def sync_operation() -> dict:
    results = {"application/json": {"schema": "SyncResponse"}}
    responses = {
        "200": doc("One result per item, in request order, whatever each result is.", content=results),
        "409": doc("The request's only item reused an id with different content.", content=results),
    }
    for code, text in ERRORS.items():
        responses[str(code)] = doc(text, content={"application/json": {"schema": "Error"}})
    responses["429"]["headers"] = {"Retry-After": doc(
        "Seconds to wait before sending again.", required=True, schema={"type": "integer", "minimum": 1}
    )}
    return doc(
        "Each item is applied at most once per id: the same id with the same content is "
        "answered with the stored result (status ok); with different content, status conflict. "
        "Each item is applied on its own, so one failing item never undoes another.",
        summary="Send items from the phone's outbox",
        requestBody={"required": True, "content": {"application/json": {"schema": "SyncRequest"}}},
        responses=responses,
    )


def endpoint_operation(endpoint: Endpoint) -> dict:
    responses = {}
    for code, text in endpoint.responses.items():
        schema = "Error" if code >= 400 else {"type": "object"}
        content = {"content": {"application/json": {"schema": schema}}} if code != 204 else {}
        responses[str(code)] = doc(text, **content)
    return doc(
        endpoint.description,
        summary=endpoint.summary,
        requestBody={"required": True, "content": {"application/json": {"schema": endpoint.schema_name}}},
        responses=responses,
    )


def describe_item_types(document: dict) -> None:
    """The envelope's ``type`` and ``body`` depend on what is registered."""
    item = document["components"]["schemas"]["SyncItem"]["properties"]
    names = [kind.name for kind in registered_types()]
    item["type"]["enum"] = names
    if names:
        refs = [{"$ref": f"#/components/schemas/{body_component(name)}"} for name in names]
        item["body"] = doc(item["body"].get("description", ""), anyOf=refs)
