"""Parsed and validated documents, cached by query text.

A storefront sends the same few queries over and over; parsing and
validating one takes a millisecond or more, a large share of a 15 ms budget.
The outcome depends only on the schema, the text and the depth limit, so it
is cached per process, invalid queries included (so repeating a bad query is
cheap too). Nothing request-specific goes in: variables and cost are handled
per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate

from .validation import depth_limit_rule

DOCUMENT_CACHE_SIZE = 1000


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready to execute, or the syntax/validation errors that stop it."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()


@lru_cache(maxsize=64)
def _rules(max_depth: int) -> tuple:
    return (*specified_rules, depth_limit_rule(max_depth))


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def prepare_document(schema: GraphQLSchema, query: str, max_depth: int) -> PreparedDocument:
    try:
        document = parse(query)
    except GraphQLError as error:
        return PreparedDocument(None, (error,))
    errors = validate(schema, document, _rules(max_depth))
    if errors:
        return PreparedDocument(None, tuple(errors))
    return PreparedDocument(document)


def clear_document_cache() -> None:
    prepare_document.cache_clear()
