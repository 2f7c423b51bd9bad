"""What every domain's GraphQL types build on.

- `promise`, `dataloaders`, `execution`: batched loading without asyncio;
- `context`: the per-request `info.context`;
- `types`, `connection`, `ids`: Relay nodes, Saleor global IDs and keyset-paged
  connections;
- `scalars`, `enums`: Saleor's shared scalars and LanguageCodeEnum;
- `errors`, `validation`, `cost`, `documents`: limits and error reporting
  used by the view.
"""

from .connection import ConnectionField, CountableConnection, create_connection_slice
from .context import RequestContext
from .cost import register_cost
from .dataloaders import DataLoader, wait_for
from .enums import LanguageCodeEnum
from .errors import PermissionDenied
from .execution import DeferredExecutionContext, execute
from .ids import from_global_id_or_error, to_global_id
from .promise import Promise
from .types import Error, ModelObjectType, NonNullList

__all__ = [
    "ConnectionField",
    "CountableConnection",
    "DataLoader",
    "DeferredExecutionContext",
    "Error",
    "LanguageCodeEnum",
    "ModelObjectType",
    "NonNullList",
    "PermissionDenied",
    "Promise",
    "RequestContext",
    "create_connection_slice",
    "execute",
    "from_global_id_or_error",
    "register_cost",
    "to_global_id",
    "wait_for",
]
