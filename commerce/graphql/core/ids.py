"""Relay global IDs in Saleor's format: base64 of "TypeName:pk".

Clients store these IDs (carts in local storage, links in apps), so the
format is part of the API and must stay exactly Saleor's.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any

from graphql import GraphQLError


def to_global_id(type_name: str, pk: Any) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")


def from_global_id(global_id: str) -> tuple[str, str]:
    """(type name, id) from a global ID; ValueError if it is not one."""
    if not isinstance(global_id, str) or not global_id:
        raise ValueError("empty or not a string")
    try:
        decoded = base64.b64decode(global_id, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ValueError("not base64 of UTF-8 text") from error
    type_name, separator, pk = decoded.partition(":")
    if not separator or not type_name or not pk:
        raise ValueError("not of the form Type:id")
    return type_name, pk


def _is_int_or_uuid(value: str) -> bool:
    if value.isdigit() or (value.startswith("-") and value[1:].isdigit()):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def from_global_id_or_error(
    global_id: str,
    only_type: Any = None,
    raise_error: bool = True,
) -> tuple[str, str | None]:
    """(type name, pk) of a global ID, or a GraphQLError a client can act on.

    `only_type` (a type name or a graphene type) is the type the ID must be
    of: "Must receive a Product id." With `raise_error=False` an ID of another
    type gives `(type, None)` instead, for lookups that should answer null
    (Saleor's `product(id: <a Category id>)` is null, not an error).
    """
    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        raise GraphQLError(f"Couldn't resolve id: {global_id}.") from None
    if not _is_int_or_uuid(pk):
        raise GraphQLError(f"Error occurred during ID - {global_id} validation.")
    if only_type is not None:
        expected = getattr(getattr(only_type, "_meta", None), "name", None) or str(only_type)
        if type_name != expected:
            if raise_error:
                raise GraphQLError(f"Must receive a {expected} id.")
            return type_name, None
    return type_name, pk
