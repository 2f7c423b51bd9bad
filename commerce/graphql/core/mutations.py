"""Saleor's mutation shape: a payload with the changed objects and `errors`.

Every mutation of the API derives from `BaseMutation`:

    class CheckoutLinesAdd(BaseMutation):
        checkout = graphene.Field(Checkout)

        class Arguments:
            id = graphene.ID()
            lines = NonNullList(CheckoutLineInput, required=True)

        class Meta:
            description = "Adds a checkout line to the existing checkout."
            error_type_class = CheckoutError      # Saleor's error type, with its code enum
            permissions = ()                      # Saleor's permission names, checked first

        @classmethod
        def perform_mutation(cls, root, info, /, **data):
            ...  # call the domain's actions; raise ValidationError on bad input
            return CheckoutLinesAdd(checkout=checkout)

Bad input is raised as Django's `ValidationError` with a `code` from the
domain's error-code enum (and `params` for the extra fields Saleor's error
types carry: `variants`, `lines`, `address_type`, `warehouse`, ...). The whole
mutation runs in one database transaction, so an error anywhere leaves
nothing half-written; the client gets `errors: [{field, message, code}]` and
null objects. A missing permission is a top-level `PermissionDenied` error, as
in Saleor.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from graphene.types.mutation import MutationOptions

from commerce.graphql.account.permissions import check_permissions, saleor_permissions

from .ids import from_global_id


class BaseMutationOptions(MutationOptions):
    error_type_class: Any = None
    error_type_field: str = "errors"
    permissions: tuple = ()
    atomic: bool = True


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# ValidationError params that Saleor's error types expose as their own fields.
ERROR_PARAM_FIELDS = ("variants", "lines", "address_type", "warehouse", "order_lines", "values", "channels")


class BaseMutation(graphene.Mutation):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls,
        error_type_class: Any = None,
        error_type_field: str = "errors",
        permissions: tuple | list = (),
        atomic: bool = True,
        _meta: Any = None,
        **options: Any,
    ) -> None:
        if not _meta:
            _meta = BaseMutationOptions(cls)
        if error_type_class is None:
            raise TypeError(f"{cls.__name__}.Meta.error_type_class is required.")
        _meta.error_type_class = error_type_class
        _meta.error_type_field = error_type_field
        # Saleor's names ("MANAGE_ORDERS"); unknown names are an error here,
        # not a silently open mutation.
        resolved = saleor_permissions(*permissions)
        if len(resolved) != len(permissions):
            raise TypeError(f"{cls.__name__}: unknown permission in {permissions}.")
        _meta.permissions = resolved
        _meta.atomic = atomic
        super().__init_subclass_with_meta__(_meta=_meta, **options)
        cls._meta.fields[error_type_field] = graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(error_type_class))),
            required=False,
            description="List of errors that occurred executing the mutation.",
        )

    @classmethod
    def check_permissions(cls, context: Any) -> None:
        if cls._meta.permissions:
            check_permissions(context, cls._meta.permissions)

    @classmethod
    def mutate(cls, root: Any, info: Any, **data: Any) -> Any:
        cls.check_permissions(info.context)
        try:
            if cls._meta.atomic:
                with transaction.atomic():
                    response = cls.perform_mutation(root, info, **data)
            else:
                response = cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            return cls.handle_errors(error)
        if getattr(response, cls._meta.error_type_field, None) is None:
            setattr(response, cls._meta.error_type_field, [])
        return response

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, /, **data: Any) -> Any:
        raise NotImplementedError

    @classmethod
    def handle_errors(cls, error: ValidationError, **extra: Any) -> Any:
        errors = validation_error_to_error_types(error, cls._meta.error_type_class)
        return cls(**{cls._meta.error_type_field: errors}, **extra)


def validation_error_to_error_types(error: ValidationError, error_type_class: Any) -> list:
    """Saleor-shaped error objects from a (possibly nested) ValidationError."""
    allowed = set(error_type_class._meta.fields)
    result = []
    if hasattr(error, "error_dict"):
        items = error.error_dict.items()
    else:
        items = [(None, error.error_list)]
    for field, field_errors in items:
        for item in field_errors:
            kwargs: dict[str, Any] = {
                "field": None if field in (None, NON_FIELD_ERRORS) else _camel(field),
                "message": " ".join(item.messages),
            }
            if "code" in allowed:
                kwargs["code"] = item.code or "INVALID"
            for param in ERROR_PARAM_FIELDS:
                name = _camel(param)
                if item.params and param in item.params and param in allowed:
                    kwargs[param] = item.params[param]
                elif item.params and name in item.params and param in allowed:
                    kwargs[param] = item.params[name]
            result.append(error_type_class(**kwargs))
    return result


def decode_id(global_id: Any, expected_type: str, field: str, code: str = "GRAPHQL_ERROR") -> int:
    """The integer pk behind a global ID that must be of `expected_type`, or a
    ValidationError on `field` saying what was wrong (Saleor's message)."""
    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        raise ValidationError({field: ValidationError(f"Couldn't resolve id: {global_id}.", code=code)})
    if type_name != expected_type:
        raise ValidationError({field: ValidationError(f"Must receive a {expected_type} id.", code=code)})
    try:
        return int(pk)
    except ValueError:
        raise ValidationError({field: ValidationError(f"Couldn't resolve id: {global_id}.", code=code)})
