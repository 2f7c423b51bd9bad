"""Whole responses to anonymous catalogue queries, cached in Redis.

A storefront asks the same few questions thousands of times between two
changes of the catalogue: the first page of a channel, a category, the top
searches. Answering each from the cache costs two Redis reads instead of
the SQL and the resolver work.

What is cached, and why it is safe:

- only queries (never mutations) whose every root field reads the public
  catalogue (`CATALOGUE_FIELDS`): nothing about a person, a cart or an order
  can be stored or served from here;
- only for anonymous callers (no user, no app, no Authorization header):
  staff see unpublished listings, a customer may later see prices of their
  own; neither is ever cached;
- only answers without errors;
- keyed by the query text, the operation, the variables, the site's scheme
  and host (image URLs are absolute) and the active language;
- and by the catalogue version (`commerce.core.catalogue_version`), which
  moves when any catalogue row changes: an edit shows on the next request.
  What the version cannot see is time passing: a listing whose publication
  date arrives. Entries therefore live `GRAPHQL_RESPONSE_CACHE_SECONDS` at
  most (30 s by default; 0 turns the cache off).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from graphql import DocumentNode, FieldNode, OperationDefinitionNode, OperationType

from commerce.core.catalogue_version import catalogue_version

logger = logging.getLogger(__name__)

# Root fields whose answer depends only on the catalogue and the arguments.
CATALOGUE_FIELDS = frozenset({
    "products", "product", "productVariant", "productVariants",
    "categories", "category", "collections", "collection",
    "channels", "channel",
    "producers", "producer", "craftVillages", "craftVillage",
    "__typename",
})


def cache_key(document: DocumentNode, query: str, variables: dict | None,
              operation_name: str | None, context: Any) -> str | None:
    """The key this request's answer is stored under, or None when it must
    not be cached."""
    seconds = getattr(settings, "GRAPHQL_RESPONSE_CACHE_SECONDS", 0)
    if seconds <= 0 or not _is_anonymous(context):
        return None
    operation = _operation(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    for selection in operation.selection_set.selections:
        # Fragments at the root are rare; not worth resolving to decide.
        if not isinstance(selection, FieldNode) or selection.name.value not in CATALOGUE_FIELDS:
            return None
    version = catalogue_version()
    if version is None:
        return None
    request = getattr(context, "request", None)
    site = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    material = json.dumps(
        [query, operation_name, variables or {}, site, translation.get_language()],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    digest = hashlib.blake2b(material.encode("utf-8"), digest_size=20).hexdigest()
    return f"graphql:response:{version}:{digest}"


def get(key: str) -> dict | None:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage means answering uncached
        logger.warning("Cannot read the GraphQL response cache.", exc_info=True)
        return None


def put(key: str, payload: dict) -> None:
    try:
        cache.set(key, payload, timeout=settings.GRAPHQL_RESPONSE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Cannot write the GraphQL response cache.", exc_info=True)


def _is_anonymous(context: Any) -> bool:
    if getattr(context, "app", None) is not None:
        return False
    request = getattr(context, "request", None)
    # Checked before the user: with a bad token, reading `context.user` raises.
    if request is not None and "Authorization" in request.headers:
        return False
    user = getattr(context, "user", None)
    return user is None or not user.is_authenticated


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    return None
