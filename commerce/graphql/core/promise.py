"""A small synchronous promise: a value that a dataloader will supply later.

Resolvers return a `Promise` when their value depends on a batched load. The
executor (see `execution.py`) keeps walking the query while promises are
pending and dispatches the loaders when it has nothing else to do, so every
load queued at one level of the tree becomes one batch.

Why our own class and not asyncio futures or the `promise` package: asyncio
costs a task per field and Django's ORM refuses to run inside an event loop;
the `promise` package is unmaintained and schedules callbacks on its own
queue. Here callbacks run synchronously, at the moment the promise settles,
in the order they were attached, which keeps execution easy to follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_PENDING = 0
_FULFILLED = 1
_REJECTED = 2


class Promise:
    """A value that is pending, fulfilled with a result or rejected with an error.

    `then(on_ok, on_err)` returns a new promise for the handler's return value
    (a handler that returns a promise is followed, a handler that raises
    rejects). Settling twice is ignored, as in JavaScript.
    """

    __slots__ = ("_state", "_value", "_callbacks")

    def __init__(self) -> None:
        self._state = _PENDING
        self._value: Any = None
        # (on_ok, on_err, derived): derived is the promise `then` returned, or
        # None for internal subscribers, which must not raise.
        self._callbacks: list[tuple] | None = []

    # --- constructors ---------------------------------------------------------

    @classmethod
    def resolve(cls, value: Any) -> Promise:
        """A promise for `value`; a promise is returned as it is."""
        if isinstance(value, Promise):
            return value
        promise = cls()
        promise._settle(_FULFILLED, value)
        return promise

    @classmethod
    def reject(cls, error: Exception) -> Promise:
        promise = cls()
        promise._settle(_REJECTED, error)
        return promise

    @classmethod
    def all(cls, values: Iterable[Any]) -> Promise:
        """A promise for the list of results, rejected by the first rejection.

        Plain values in `values` are taken as they are, so callers need not wrap
        the items that happen to be known already.
        """
        items = list(values)
        results = [None] * len(items)
        combined = cls()
        remaining = 0

        def fulfil_at(index: int) -> Callable[[Any], None]:
            def on_ok(value: Any) -> None:
                nonlocal remaining
                results[index] = value
                remaining -= 1
                if remaining == 0:
                    combined._settle(_FULFILLED, results)

            return on_ok

        def on_err(error: Exception) -> None:
            combined._settle(_REJECTED, error)

        for index, item in enumerate(items):
            if not isinstance(item, Promise):
                results[index] = item
            elif item._state == _FULFILLED:
                results[index] = item._value
            elif item._state == _REJECTED:
                combined._settle(_REJECTED, item._value)
                return combined
            else:
                remaining += 1
                item._subscribe(fulfil_at(index), on_err)
        if remaining == 0:
            combined._settle(_FULFILLED, results)
        return combined

    @classmethod
    def fill(
        cls,
        container: Any,
        keys: Iterable[Any],
        recover: Callable[[Any, Exception], Any] | None = None,
    ) -> Promise:
        """A promise for `container` once each `container[key]` (a promise) has
        settled and been replaced by its result; rejected by the first rejection.

        With `recover`, a rejected item is replaced by `recover(key, error)`
        instead, and only an error that `recover` raises rejects the whole.
        That is `Promise.all([container[k].then(None, lambda e: recover(k, e))
        for k in keys]).then(<store them>)` without the intermediate promises
        and list: the executor gathers every object's pending fields, and a
        list's pending items, this way.
        """
        combined = cls()
        remaining = 0

        def settle_at(key: Any) -> tuple[Callable[[Any], None], Callable[[Exception], None]]:
            def on_ok(value: Any) -> None:
                nonlocal remaining
                container[key] = value
                remaining -= 1
                if remaining == 0:
                    combined._settle(_FULFILLED, container)

            if recover is None:
                return on_ok, on_err

            def on_item_err(error: Exception) -> None:
                try:
                    value = recover(key, error)
                except Exception as raised:  # noqa: BLE001 - rejects the whole
                    combined._settle(_REJECTED, raised)
                else:
                    on_ok(value)

            return on_ok, on_item_err

        def on_err(error: Exception) -> None:
            combined._settle(_REJECTED, error)

        for key in keys:
            item = container[key]
            if not isinstance(item, Promise):
                continue
            if item._state == _FULFILLED:
                container[key] = item._value
            elif item._state == _REJECTED:
                if recover is None:
                    combined._settle(_REJECTED, item._value)
                    return combined
                try:
                    container[key] = recover(key, item._value)
                except Exception as raised:  # noqa: BLE001 - rejects the whole
                    combined._settle(_REJECTED, raised)
                    return combined
            else:
                remaining += 1
                item._subscribe(*settle_at(key))
        if remaining == 0:
            combined._settle(_FULFILLED, container)
        return combined

    # --- settling -------------------------------------------------------------

    def set_result(self, value: Any) -> None:
        """Fulfil with `value`, or follow it if it is itself a promise."""
        if isinstance(value, Promise):
            if value is self:
                self._settle(_REJECTED, TypeError("A promise cannot resolve to itself."))
            else:
                value._subscribe(self.set_result, self.set_exception)
            return
        self._settle(_FULFILLED, value)

    def set_exception(self, error: Exception) -> None:
        self._settle(_REJECTED, error)

    def _settle(self, state: int, value: Any) -> None:
        if self._state != _PENDING:
            return
        self._state = state
        self._value = value
        callbacks, self._callbacks = self._callbacks, None
        for callback in callbacks:
            _run_callback(callback, state, value)

    def _subscribe(self, on_ok: Callable[[Any], Any], on_err: Callable[[Exception], Any]) -> None:
        """Attach raw callbacks (they must not raise); no derived promise is made."""
        self._add((on_ok, on_err, None))

    def _add(self, callback: tuple) -> None:
        if self._state == _PENDING:
            self._callbacks.append(callback)
        else:
            _run_callback(callback, self._state, self._value)

    # --- chaining -------------------------------------------------------------

    def then(
        self,
        on_ok: Callable[[Any], Any] | None = None,
        on_err: Callable[[Exception], Any] | None = None,
    ) -> Promise:
        derived = Promise()
        self._add((on_ok, on_err, derived))
        return derived

    def catch(self, on_err: Callable[[Exception], Any]) -> Promise:
        return self.then(None, on_err)

    # --- inspection -----------------------------------------------------------

    @property
    def is_pending(self) -> bool:
        return self._state == _PENDING

    @property
    def is_fulfilled(self) -> bool:
        return self._state == _FULFILLED

    @property
    def is_rejected(self) -> bool:
        return self._state == _REJECTED

    def get(self) -> Any:
        """The result, or raise the rejection; a pending promise is an error.

        Outside the executor, settle loads first with
        `dataloaders.wait_for(promise, context)`.
        """
        if self._state == _FULFILLED:
            return self._value
        if self._state == _REJECTED:
            raise self._value
        raise RuntimeError("The promise is still pending; dispatch its dataloaders first.")

    def __repr__(self) -> str:
        state = {_PENDING: "pending", _FULFILLED: "fulfilled", _REJECTED: "rejected"}[self._state]
        if self._state == _PENDING:
            return f"<Promise {state}>"
        return f"<Promise {state}: {self._value!r}>"


def _run_callback(callback: tuple, state: int, value: Any) -> None:
    on_ok, on_err, derived = callback
    handler = on_ok if state == _FULFILLED else on_err
    if derived is None:
        handler(value)
    elif handler is None:
        derived._settle(state, value)  # pass the result or the rejection through
    else:
        try:
            result = handler(value)
        except Exception as error:  # noqa: BLE001 - becomes the rejection
            derived._settle(_REJECTED, error)
        else:
            derived.set_result(result)
