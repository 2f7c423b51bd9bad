"""Per-request dataloaders: many `load(key)` calls, one `batch_load(keys)` call.

A resolver asks a loader for a key and gets a pending `Promise`. Nothing is
fetched until the executor runs out of other work; it then calls
`dispatch()` on every loader with queued keys, each loader makes one batch
call for all its keys, and the promises settle. Resolvers that ran on those
results may queue more keys, which make the next round. A query over N
products with a loader per relation therefore costs one query per relation
per level of the tree, not one per product.

Loaders live on the request context (`context.dataloaders[context_key]`), so
their cache lasts exactly one request and two resolvers asking for the same
key share one promise.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from .promise import Promise

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class DataLoader(Generic[K, V]):
    """Base class for batch loaders, created as `MyLoader(info.context)`.

    Subclasses set `context_key` (unique per loader class) and implement
    `batch_load(keys)`, returning the values in the order of `keys` (a
    missing value is `None`), or a mapping from key to value, or a promise of
    either (a loader built on top of another loader). A value that is an
    exception rejects only its own key; a raising `batch_load` rejects all the
    keys of that batch.

    Calling the class again with the same context returns the same instance,
    so keys queued from different resolvers end up in one batch.
    """

    context_key: ClassVar[str]

    def __new__(cls, context: Any) -> DataLoader:
        key = getattr(cls, "context_key", None)
        if not key:
            raise TypeError(f"{cls.__name__} must set `context_key`.")
        loaders = context.dataloaders
        loader = loaders.get(key)
        if loader is None:
            loader = super().__new__(cls)
            loader.context = context
            loader._cache = {}
            loader._queue = []
            loaders[key] = loader
        elif type(loader) is not cls:
            raise TypeError(f"{cls.__name__} and {type(loader).__name__} share context_key {key!r}.")
        return loader

    def __init__(self, context: Any) -> None:
        # State is set up once in __new__; calling the class again must not
        # reset the queue or the cache of the shared instance.
        pass

    def batch_load(self, keys: Sequence[K]) -> Sequence[V | None] | Mapping[K, V] | Promise:
        raise NotImplementedError

    # --- loading --------------------------------------------------------------

    def load(self, key: K) -> Promise:
        promise = self._cache.get(key)
        if promise is None:
            promise = Promise()
            self._cache[key] = promise
            self._queue.append(key)
        return promise

    def load_many(self, keys: Iterable[K]) -> Promise:
        return Promise.all([self.load(key) for key in keys])

    def prime(self, key: K, value: V) -> None:
        """Cache a value fetched some other way, so loading it costs nothing."""
        if key not in self._cache:
            self._cache[key] = Promise.resolve(value)

    def clear(self, key: K) -> None:
        """Forget a key, e.g. after a mutation changed the row behind it."""
        promise = self._cache.get(key)
        if promise is not None and not promise.is_pending:
            del self._cache[key]

    def clear_all(self) -> None:
        self._cache = {k: p for k, p in self._cache.items() if p.is_pending}

    # --- dispatching ----------------------------------------------------------

    @property
    def has_queued_keys(self) -> bool:
        return bool(self._queue)

    def dispatch(self) -> None:
        """Run one batch for every queued key and settle their promises."""
        keys, self._queue = self._queue, []
        if not keys:
            return
        try:
            values = self.batch_load(keys)
        except Exception as error:  # noqa: BLE001 - rejects the batch
            self._fail(keys, error)
            return
        if isinstance(values, Promise):
            values.then(
                lambda settled: self._fulfil(keys, settled),
                lambda error: self._fail(keys, error),
            )
        else:
            self._fulfil(keys, values)

    def _fulfil(self, keys: list[K], values: Any) -> None:
        if isinstance(values, Mapping):
            values = [values.get(key) for key in keys]
        elif isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            self._fail(
                keys,
                TypeError(
                    f"{type(self).__name__}.batch_load must return a list or a mapping, "
                    f"not {type(values).__name__}."
                ),
            )
            return
        elif not isinstance(values, Sequence):
            values = list(values)
        if len(values) != len(keys):
            self._fail(
                keys,
                TypeError(
                    f"{type(self).__name__}.batch_load returned {len(values)} values for {len(keys)} keys."
                ),
            )
            return
        cache = self._cache
        for key, value in zip(keys, values):
            promise = cache[key]
            if isinstance(value, Exception):
                del cache[key]
                promise.set_exception(value)
            else:
                promise.set_result(value)

    def _fail(self, keys: list[K], error: Exception) -> None:
        cache = self._cache
        for key in keys:
            # Failed keys leave the cache so a later load may try again.
            promise = cache.pop(key)
            promise.set_exception(error)


def dispatch_queued(context: Any) -> bool:
    """Dispatch every loader of the request that has queued keys.

    Loaders are dispatched in the order they were created; keys a loader
    queues while an earlier one settles join its batch in this same round.
    Returns whether anything was dispatched.
    """
    dispatched = False
    loaders = getattr(context, "dataloaders", None)
    if not loaders:
        return False
    for loader in list(loaders.values()):
        if loader.has_queued_keys:
            loader.dispatch()
            dispatched = True
    return dispatched


def wait_for(promise: Any, context: Any) -> Any:
    """Dispatch the request's loaders until `promise` settles; its result.

    For code outside the executor (a mutation that needs a loaded value now).
    Raises the rejection, or RuntimeError if nothing can settle the promise.
    """
    if not isinstance(promise, Promise):
        return promise
    while promise.is_pending:
        if not dispatch_queued(context):
            raise RuntimeError(
                "A promise is pending but no dataloader has queued keys: "
                "something returned a Promise that nothing will settle."
            )
    return promise.get()
