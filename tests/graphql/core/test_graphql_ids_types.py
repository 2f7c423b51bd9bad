"""Global IDs, model-backed node types, shared scalars and LanguageCodeEnum."""

import base64
import decimal
import re
from pathlib import Path

import graphene
import pytest
from django.contrib.auth.models import Group
from graphql import GraphQLError, parse

from commerce.graphql.core import scalars
from commerce.graphql.core.context import RequestContext
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.execution import execute
from commerce.graphql.core.ids import from_global_id_or_error, to_global_id
from commerce.graphql.core.language_codes import LANGUAGE_CODES
from commerce.graphql.core.types import Error, ModelObjectType, NonNullList

SALEOR_SCHEMA = Path("/work/shared/saleor/schema.graphql")


# --- global IDs -------------------------------------------------------------------


def test_global_id_is_base64_of_type_and_pk():
    assert to_global_id("Product", 42) == base64.b64encode(b"Product:42").decode() == "UHJvZHVjdDo0Mg=="
    assert from_global_id_or_error("UHJvZHVjdDo0Mg==") == ("Product", "42")
    assert from_global_id_or_error("UHJvZHVjdDo0Mg==", "Product") == ("Product", "42")


@pytest.mark.parametrize(
    "bad", ["", "not-base64!", base64.b64encode(b"no separator").decode(), "UHJvZHVjdDo="]
)
def test_undecodable_id_is_a_graphql_error(bad):
    with pytest.raises(GraphQLError, match=re.escape(f"Couldn't resolve id: {bad}.")):
        from_global_id_or_error(bad)


def test_id_of_another_type():
    category_id = to_global_id("Category", 7)
    with pytest.raises(GraphQLError, match="^Must receive a Product id.$"):
        from_global_id_or_error(category_id, "Product")
    assert from_global_id_or_error(category_id, "Product", raise_error=False) == ("Category", None)


def test_id_whose_pk_is_neither_int_nor_uuid():
    bad = to_global_id("Product", "42; drop table")
    with pytest.raises(GraphQLError, match=re.escape(f"Error occurred during ID - {bad} validation.")):
        from_global_id_or_error(bad)
    uuid_id = to_global_id("Checkout", "5f0c3d3c-2b3c-4d8e-9a4a-0f0e7f3a1b2c")
    assert from_global_id_or_error(uuid_id)[1] == "5f0c3d3c-2b3c-4d8e-9a4a-0f0e7f3a1b2c"


# --- model types -------------------------------------------------------------------


class GroupType(ModelObjectType):
    name = graphene.String(required=True)

    class Meta:
        model = Group
        name = "PermissionGroup"


class Query(graphene.ObjectType):
    group = graphene.Field(GroupType)
    node_group = graphene.Field(graphene.relay.Node)

    def resolve_group(root, info):
        return Group(pk=5, name="Nhân viên kho")

    resolve_node_group = resolve_group


schema = graphene.Schema(query=Query, types=[GroupType])


def test_model_type_implements_node_with_saleor_ids():
    result = execute(
        schema.graphql_schema,
        parse("{ group { id name } nodeGroup { __typename id ... on PermissionGroup { name } } }"),
        context_value=RequestContext(user=object()),
    )
    assert result.errors is None
    expected_id = to_global_id("PermissionGroup", 5)
    assert result.data == {
        "group": {"id": expected_id, "name": "Nhân viên kho"},
        "nodeGroup": {"__typename": "PermissionGroup", "id": expected_id, "name": "Nhân viên kho"},
    }
    assert GroupType.pk_from_global_id(expected_id) == "5"
    with pytest.raises(GraphQLError):
        GroupType.pk_from_global_id(to_global_id("Product", 5))


def test_model_type_rejects_rows_of_other_models():
    assert GroupType.is_type_of(Group(pk=1), None)
    assert not GroupType.is_type_of(object(), None)


def test_model_type_requires_a_model():
    with pytest.raises(TypeError, match="Meta.model is required"):

        class NoModel(ModelObjectType):
            class Meta:
                name = "NoModel"


def test_error_base_and_non_null_list_shapes():
    class ThingErrorCode(graphene.Enum):
        INVALID = "invalid"

    class ThingError(Error):
        code = ThingErrorCode(required=True)
        values = NonNullList(graphene.ID)

    class Q(graphene.ObjectType):
        errors = NonNullList(ThingError, required=True)

    sdl = str(graphene.Schema(query=Q))
    assert "type ThingError {" in sdl
    assert "  field: String\n" in sdl
    assert "  message: String\n" in sdl
    assert "  code: ThingErrorCode!\n" in sdl
    assert "  values: [ID!]\n" in sdl
    assert "errors: [ThingError!]!" in sdl


# --- scalars -------------------------------------------------------------------------


class ScalarQuery(graphene.ObjectType):
    price = scalars.Decimal(value=scalars.Decimal())
    positive = scalars.PositiveDecimal(value=scalars.PositiveDecimal())
    count = scalars.PositiveInt(value=scalars.PositiveInt())
    weight = scalars.WeightScalar(value=scalars.WeightScalar())
    metadata = scalars.Metadata(value=scalars.Metadata())
    json = scalars.JSON(value=scalars.JSON())

    def resolve_price(root, info, value):
        assert isinstance(value, decimal.Decimal)
        return value

    resolve_positive = resolve_price
    resolve_weight = resolve_price

    def resolve_count(root, info, value):
        return value

    resolve_metadata = resolve_count
    resolve_json = resolve_count


scalar_schema = graphene.Schema(query=ScalarQuery)


def run_scalars(query, variables=None):
    return execute(
        scalar_schema.graphql_schema,
        parse(query),
        context_value=RequestContext(user=object()),
        variable_values=variables,
    )


def test_decimal_is_a_number_out_and_a_decimal_in():
    result = run_scalars("{ price(value: 125000.50) positive(value: 0) }")
    assert result.data == {"price": 125000.5, "positive": 0.0}
    result = run_scalars("query($v: Decimal) { price(value: $v) }", {"v": "19.99"})
    assert result.data == {"price": 19.99}


@pytest.mark.parametrize(
    "query",
    [
        "{ positive(value: -1) }",
        "{ count(value: 0) }",
        '{ price(value: "NaN") }',
        "{ metadata(value: {a: 1}) }",
    ],
)
def test_invalid_scalar_literals_are_rejected(query):
    from graphql import validate

    errors = validate(scalar_schema.graphql_schema, parse(query))
    assert errors, query


def test_invalid_scalar_variables_are_rejected():
    result = run_scalars("query($v: PositiveInt) { count(value: $v) }", {"v": -3})
    assert result.errors and "PositiveInt must be greater than 0" in result.errors[0].message


def test_weight_metadata_and_json():
    result = run_scalars(
        '{ weight(value: {value: 750, unit: "g"}) metadata(value: {origin: "Bát Tràng"}) '
        'json(value: {a: [1, "x", null]}) count(value: 3) }'
    )
    assert result.errors is None
    assert result.data == {
        "weight": 0.75,
        "metadata": {"origin": "Bát Tràng"},
        "json": {"a": [1, "x", None]},
        "count": 3,
    }


# --- LanguageCodeEnum --------------------------------------------------------------------


def test_language_codes_are_exactly_saleors():
    names = [name for name, _description in LANGUAGE_CODES]
    assert len(names) == 779 and len(set(names)) == 779
    assert {"VI", "VI_VN", "EN", "EN_US", "ZH_HANS_CN"} <= set(names)
    if SALEOR_SCHEMA.exists():  # the spec checkout is beside the repo on dev machines
        text = SALEOR_SCHEMA.read_text(encoding="utf-8")
        body = text.split("\nenum LanguageCodeEnum {\n", 1)[1].split("\n}", 1)[0]
        assert re.findall(r"^  ([A-Z_]+)$", body, re.M) == names


def test_language_code_enum_values_are_django_codes():
    assert LanguageCodeEnum.VI_VN.value == "vi-vn"
    assert LanguageCodeEnum.ZH_HANS.value == "zh-hans"

    class Q(graphene.ObjectType):
        echo = graphene.String(code=LanguageCodeEnum(required=True))

        def resolve_echo(root, info, code):
            return code.value

    result = graphene.Schema(query=Q).execute("{ echo(code: VI) }")
    assert result.data == {"echo": "vi"}
    sdl = str(graphene.Schema(query=Q))
    assert '"""Vietnamese (Vietnam)"""\n  VI_VN' in sdl
