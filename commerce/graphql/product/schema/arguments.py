"""Checks on lookup arguments shared by the single-object queries."""

from graphql import GraphQLError


def one_of(**arguments):
    """The name of the one lookup argument given (Saleor's messages when none or several are)."""
    given = [name for name, value in arguments.items() if value is not None]
    if len(given) > 1:
        raise GraphQLError(f"Argument '{given[0]}' cannot be combined with '{given[1]}'")
    if not given:
        names = ", ".join(f"'{name}'" for name in arguments)
        raise GraphQLError(f"At least one of arguments is required: {names}.")
    return given[0]
