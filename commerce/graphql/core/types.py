"""Base types that domain types build on: model-backed nodes and error shapes."""

from __future__ import annotations

from typing import Any

import graphene
from graphene.types.objecttype import ObjectTypeOptions

from .ids import from_global_id_or_error, to_global_id


def NonNullList(of_type: Any, **kwargs: Any) -> graphene.List:  # noqa: N802 - reads like a type
    """`[T!]`, Saleor's most common list shape (add `required=True` for `[T!]!`)."""
    return graphene.List(graphene.NonNull(of_type), **kwargs)


class ModelObjectTypeOptions(ObjectTypeOptions):
    model: Any = None


class ModelObjectType(graphene.ObjectType):
    """A type backed by a Django model, implementing Relay's `Node`.

        class Product(ModelObjectType):
            name = graphene.String(required=True)

            class Meta:
                model = models.Product
                description = "Represents an individual item for sale in the storefront."

    `id` is the Saleor global ID (`base64("Product:42")`) built from the
    row's pk. `is_type_of` recognises instances of the model, so the type is
    found when a row is returned through an interface or a union (`Node`,
    `ObjectWithMetadata`, search results). Rows that travel wrapped (e.g. a
    row with the channel it was read for) override `get_model_instance`.
    """

    id = graphene.ID(required=True, description="The ID of the object.")

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls, model: Any = None, interfaces: tuple = (), _meta: Any = None, **options: Any
    ) -> None:
        if model is None:
            raise TypeError(f"{cls.__name__}.Meta.model is required.")
        if not _meta:
            _meta = ModelObjectTypeOptions(cls)
        _meta.model = model
        if graphene.relay.Node not in interfaces:
            interfaces = (graphene.relay.Node, *interfaces)
        super().__init_subclass_with_meta__(interfaces=interfaces, _meta=_meta, **options)

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        return to_global_id(info.parent_type.name, root.pk)

    @classmethod
    def get_model_instance(cls, root: Any) -> Any:
        return root

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        if isinstance(root, cls):
            return True
        return isinstance(cls.get_model_instance(root), cls._meta.model)

    @classmethod
    def get_node(cls, info: Any, pk: Any) -> Any:
        """The row for `pk`, for graphene's `Node.Field` (one query; resolvers
        that may see many IDs at once should use a dataloader instead)."""
        return cls._meta.model._default_manager.filter(pk=pk).first()

    @classmethod
    def to_global_id(cls, pk: Any) -> str:
        return to_global_id(cls._meta.name, pk)

    @classmethod
    def pk_from_global_id(cls, global_id: str) -> str:
        """The pk from a global ID that must be of this type (else a GraphQLError)."""
        _type, pk = from_global_id_or_error(global_id, cls._meta.name)
        return pk


class Error(graphene.ObjectType):
    """Base of Saleor's mutation error types (`ProductError`, `AccountError`, ...).

    Subclasses add `code` with their own enum, and whatever else Saleor's
    type has:

        class ProductError(Error):
            code = ProductErrorCode(required=True, description="The error code.")
            attributes = NonNullList(graphene.ID, description="List of attributes IDs which causes the error.")
    """

    field = graphene.String(
        description=(
            "Name of a field that caused the error. A value of `null` indicates that "
            "the error isn't associated with a particular field."
        )
    )
    message = graphene.String(description="The error message.")

    class Meta:
        abstract = True


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")
