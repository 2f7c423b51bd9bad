"""Our schema must be Saleor 3.23's wherever it has Saleor's names.

"A Saleor storefront query that uses only features we have must run against
us unchanged": so every type we expose under a Saleor name must give each
Saleor field the very same type (nullability and list wrapping included),
accept Saleor's arguments with the same types and defaults, and use only
Saleor's enum values. Fields and arguments Saleor does not have are allowed only when listed
below as deliberate OCOP additions; anything else is a typo of a Saleor name
or an invention, and fails.
"""

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    print_ast,
)
from graphql.pyutils import Undefined
from graphql.utilities import ast_from_value

REPO_ROOT = Path(__file__).resolve().parents[2]
SALEOR_SCHEMA = REPO_ROOT / ".." / "shared" / "saleor" / "schema.graphql"

# Fields and arguments that Saleor's types do not have, added on purpose.
# "Type.field" for a field, "Type.field(argument)" for an argument.
OCOP_ADDITIONS = {
    # Vietnam's two-tier addresses: the unit codes behind countryArea/city, and a
    # district written before the July 2025 reform.
    "Address.provinceCode",
    "Address.wardCode",
    "Address.legacyDistrict",
    # OCOP: who makes the product, where, and its certificate.
    "Product.producer",
    "Product.craftVillage",
    "Product.ocopCertification",
    "Product.ocopCertifications",
    # GS1 barcode of a variant.
    "ProductVariant.gtin",
    # Product filters by OCOP data.
    "ProductFilterInput.producers",
    "ProductFilterInput.craftVillages",
    "ProductFilterInput.stars",
    "ProductWhereInput.producer",
    "ProductWhereInput.stars",
    # Accounts: sign-in by Vietnamese mobile number; addresses by 2025 unit codes.
    "User.phone",
    "AddressInput.provinceCode",
    "AddressInput.wardCode",
    # OCOP permissions ("Enum.VALUE" for an enum value).
    "PermissionEnum.MANAGE_PRODUCERS",
    "PermissionEnum.MANAGE_WAREHOUSES",
    # Queries of the OCOP types.
    "Query.producers",
    "Query.producer",
    "Query.craftVillages",
    "Query.craftVillage",
    # Orders: the producer of each line; click-and-collect handover at a centre's counter.
    "OrderLine.producerName",
    "Order.pickupCode",
    "Order.pickupQrCode",
    "Mutation.orderPickup",
    "OrderEventsEnum.PICKED_UP",
    "OrderEventsEnum.PICKUP_REFUSED",
}


def _saleor_schema():
    return build_schema(SALEOR_SCHEMA.read_text(encoding="utf-8"))


def _fields(graphql_type):
    return getattr(graphql_type, "fields", {})


def _compare_fields(name, ours, theirs, problems):
    for field_name, field in _fields(ours).items():
        key = f"{name}.{field_name}"
        their_field = _fields(theirs).get(field_name)
        if their_field is None:
            if key not in OCOP_ADDITIONS:
                problems.append(f"{key}: Saleor's {name} has no field {field_name} (not an allowed OCOP addition)")
            continue
        if str(field.type) != str(their_field.type):
            problems.append(f"{key}: type {field.type}, Saleor has {their_field.type}")
        for arg_name, argument in getattr(field, "args", {}).items():
            arg_key = f"{key}({arg_name})"
            their_arg = their_field.args.get(arg_name)
            if their_arg is None:
                if arg_key not in OCOP_ADDITIONS:
                    problems.append(f"{arg_key}: Saleor's {key} has no argument {arg_name}")
                continue
            if str(argument.type) != str(their_arg.type):
                problems.append(f"{arg_key}: type {argument.type}, Saleor has {their_arg.type}")
            elif _default(argument) != _default(their_arg):
                problems.append(f"{arg_key}: default {_default(argument)}, Saleor has {_default(their_arg)}")


def _default(argument) -> str | None:
    """An argument's default as GraphQL source text (None when it has none)."""
    if argument.default_value is Undefined:
        return None
    value = ast_from_value(argument.default_value, argument.type)
    return print_ast(value) if value is not None else None


def _kind(graphql_type) -> str:
    for kind in (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType,
                 GraphQLScalarType, GraphQLUnionType):
        if isinstance(graphql_type, kind):
            return kind.__name__.removeprefix("GraphQL")
    return type(graphql_type).__name__


def _compare_enum(name, ours, theirs, problems):
    for value in ours.values:
        if value not in theirs.values and f"{name}.{value}" not in OCOP_ADDITIONS:
            problems.append(f"{name}.{value}: not a value of Saleor's {name}")


def conformance_problems(our_schema, saleor_schema):
    problems = []
    for name, ours in sorted(our_schema.type_map.items()):
        if name.startswith("__"):
            continue
        theirs = saleor_schema.type_map.get(name)
        if theirs is None:
            continue
        if _kind(ours) != _kind(theirs):
            problems.append(f"{name}: {_kind(ours)}, Saleor's is {_kind(theirs)}")
            continue
        if isinstance(ours, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            _compare_fields(name, ours, theirs, problems)
        elif isinstance(ours, GraphQLEnumType):
            _compare_enum(name, ours, theirs, problems)
        if isinstance(ours, GraphQLObjectType):
            our_interfaces = {i.name for i in ours.interfaces}
            their_interfaces = {i.name for i in theirs.interfaces}
            for extra in sorted(our_interfaces - their_interfaces):
                problems.append(f"{name}: implements {extra}, Saleor's does not")
    for key in sorted(OCOP_ADDITIONS):
        type_name = key.split(".", 1)[0]
        if type_name not in our_schema.type_map:
            problems.append(f"allow-list entry {key}: we have no type {type_name}")
    return problems


@pytest.fixture(scope="module")
def saleor_schema():
    if not SALEOR_SCHEMA.exists():
        pytest.fail(f"Saleor's schema is missing at {SALEOR_SCHEMA.resolve()} (shared/ beside the repo).")
    return _saleor_schema()


def test_saleor_schema_parses(saleor_schema):
    assert "Product" in saleor_schema.type_map


def test_our_types_match_saleor(saleor_schema):
    from commerce.graphql.api import schema

    problems = conformance_problems(schema.graphql_schema, saleor_schema)
    assert not problems, "Schema differs from Saleor 3.23:\n" + "\n".join(problems)


def test_allow_list_has_no_stale_entries(saleor_schema):
    """Every allowed addition exists in our schema and is absent from Saleor's."""
    from commerce.graphql.api import schema

    ours = schema.graphql_schema
    stale = []
    for key in sorted(OCOP_ADDITIONS):
        type_name, _, rest = key.partition(".")
        field_name, _, argument = rest.partition("(")
        argument = argument.rstrip(")")
        if isinstance(ours.type_map.get(type_name), GraphQLEnumType):
            if field_name not in ours.type_map[type_name].values:
                stale.append(f"{key}: not in our schema")
            elif field_name in saleor_schema.type_map[type_name].values:
                stale.append(f"{key}: Saleor has it, so it is not an addition")
            continue
        field = _fields(ours.type_map.get(type_name)).get(field_name)
        if field is None or (argument and argument not in field.args):
            stale.append(f"{key}: not in our schema")
            continue
        their_field = _fields(saleor_schema.type_map.get(type_name)).get(field_name)
        if their_field is not None and (not argument or argument in their_field.args):
            stale.append(f"{key}: Saleor has it, so it is not an addition")
    assert not stale, "\n".join(stale)


def test_the_checker_catches_a_typo(saleor_schema):
    """A misspelt Saleor field is reported, not silently accepted."""
    typo = build_schema("type Query { product: Product } type Product { id: ID! nmae: String }")
    problems = conformance_problems(typo, saleor_schema)
    assert any("Product.nmae" in problem for problem in problems)
    wrong_type = build_schema("type Query { product: Product } type Product { id: ID! name: String }")
    assert any("Product.name: type String" in p for p in conformance_problems(wrong_type, saleor_schema))
