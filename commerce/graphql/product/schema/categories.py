"""`categories` and `category`: the public category tree."""

import graphene
from django.db.models import Count, Q

from commerce.graphql.core.connection import ConnectionField, create_connection_slice
from commerce.graphql.core.ids import from_global_id_or_error
from commerce.graphql.core.types import NonNullList
from commerce.product.models import Category as CategoryModel

from ..enums import CategorySortField, OrderDirection, enum_value
from ..filter_inputs import DateTimeRangeInput, MetadataFilter, filter_metadata, filter_range, pks_from_global_ids
from ..types import Category, CategoryCountableConnection
from .arguments import one_of


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = NonNullList(MetadataFilter)
    ids = NonNullList(graphene.ID)
    slugs = NonNullList(graphene.String)
    updated_at = graphene.InputField(DateTimeRangeInput, description="Filter by when was the most recent update.")


class CategoryWhereInput(graphene.InputObjectType):
    metadata = NonNullList(MetadataFilter)
    ids = NonNullList(graphene.ID)
    AND = NonNullList(lambda: CategoryWhereInput, description="List of conditions that must be met.")
    OR = NonNullList(lambda: CategoryWhereInput, description="A list of conditions of which at least one must be met.")


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.InputField(
        OrderDirection, required=True, description="Specifies the direction in which to sort categories."
    )
    channel = graphene.String(description="Specifies the channel in which to sort the data.")
    field = graphene.InputField(CategorySortField, required=True, description="Sort categories by the selected field.")


def apply_category_filter(queryset, value):
    if not value:
        return queryset
    if value.get("search"):
        text = value["search"]
        queryset = queryset.filter(Q(name__icontains=text) | Q(slug__icontains=text) | Q(description_plaintext__icontains=text))
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if value.get("ids"):
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"], "Category"))
    if value.get("slugs"):
        queryset = queryset.filter(slug__in=value["slugs"])
    if value.get("updated_at"):
        queryset = filter_range(queryset, "updated_at", value["updated_at"])
    return queryset


def apply_category_where(queryset, value):
    if not value:
        return queryset
    if value.get("metadata"):
        queryset = filter_metadata(queryset, value["metadata"])
    if "ids" in value:
        queryset = queryset.filter(pk__in=pks_from_global_ids(value["ids"] or [], "Category"))
    for part in value.get("AND") or ():
        queryset = queryset.filter(pk__in=apply_category_where(CategoryModel.objects.all(), part).values("pk"))
    if value.get("OR"):
        alternatives = Q(pk__in=[])
        for part in value["OR"]:
            alternatives |= Q(pk__in=apply_category_where(CategoryModel.objects.all(), part).values("pk"))
        queryset = queryset.filter(alternatives)
    return queryset


def sort_categories(queryset, sort_by):
    if not sort_by:
        return queryset, ["tree_id", "lft"]
    prefix = enum_value(sort_by.get("direction")) or ""
    field = enum_value(sort_by.get("field"))
    if field == CategorySortField.PRODUCT_COUNT.value:
        queryset = queryset.annotate(sort_product_count=Count("products", distinct=True))
        return queryset, [f"{prefix}sort_product_count", f"{prefix}name", f"{prefix}slug"]
    if field == CategorySortField.SUBCATEGORY_COUNT.value:
        queryset = queryset.annotate(sort_subcategory_count=Count("children", distinct=True))
        return queryset, [f"{prefix}sort_subcategory_count", f"{prefix}name", f"{prefix}slug"]
    return queryset, [f"{prefix}name", f"{prefix}slug"]


class CategoryQueries(graphene.ObjectType):
    categories = ConnectionField(
        CategoryCountableConnection,
        filter=CategoryFilterInput(description="Filtering options for categories."),
        where=CategoryWhereInput(description="Where filtering options."),
        sort_by=CategorySortingInput(description="Sort categories."),
        level=graphene.Argument(graphene.Int, description="Filter categories by the nesting level in the category tree."),
        description="List of the shop's categories.",
    )
    category = graphene.Field(
        Category,
        id=graphene.Argument(graphene.ID, description="ID of the category."),
        slug=graphene.Argument(graphene.String, description="Slug of the category"),
        description="Look up a category by ID or slug.",
    )

    @staticmethod
    def resolve_categories(_root, info, *, level=None, **kwargs):
        queryset = CategoryModel.objects.all()
        if level is not None:
            queryset = queryset.filter(level=level)
        queryset = apply_category_filter(queryset, kwargs.get("filter"))
        queryset = apply_category_where(queryset, kwargs.get("where"))
        queryset, sort_fields = sort_categories(queryset, kwargs.get("sort_by"))
        return create_connection_slice(queryset, info, kwargs, CategoryCountableConnection, sort_fields)

    @staticmethod
    def resolve_category(_root, info, *, id=None, slug=None):
        one_of(id=id, slug=slug)
        if id:
            _type, pk = from_global_id_or_error(id, "Category")
            return CategoryModel.objects.filter(pk=pk).first()
        return CategoryModel.objects.filter(slug=slug).first()
