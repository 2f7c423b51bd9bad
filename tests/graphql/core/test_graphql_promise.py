"""The synchronous Promise: settling, chaining and combining."""

import pytest

from commerce.graphql.core.promise import Promise


def test_then_runs_when_settled_and_chains_values():
    source = Promise()
    seen = []
    derived = source.then(lambda v: v + 1).then(lambda v: seen.append(v) or v * 10)
    assert derived.is_pending and seen == []
    source.set_result(1)
    assert seen == [2]
    assert derived.get() == 20


def test_then_on_a_settled_promise_runs_at_once():
    assert Promise.resolve(3).then(lambda v: v * 2).get() == 6


def test_handler_returning_a_promise_is_followed():
    inner = Promise()
    outer = Promise.resolve(1).then(lambda _v: inner)
    assert outer.is_pending
    inner.set_result("late")
    assert outer.get() == "late"


def test_raising_handler_rejects_and_on_err_recovers():
    boom = ValueError("boom")

    def fail(_value):
        raise boom

    rejected = Promise.resolve(1).then(fail)
    assert rejected.is_rejected
    with pytest.raises(ValueError, match="boom"):
        rejected.get()
    assert rejected.then(lambda v: "skipped").catch(lambda e: f"caught {e}").get() == "caught boom"


def test_rejection_passes_through_then_without_on_err():
    source = Promise()
    derived = source.then(lambda v: v)
    source.set_exception(KeyError("k"))
    assert derived.is_rejected


def test_all_keeps_order_and_accepts_plain_values():
    first, second = Promise(), Promise()
    combined = Promise.all([first, 2, second, Promise.resolve(4)])
    second.set_result(3)
    assert combined.is_pending
    first.set_result(1)
    assert combined.get() == [1, 2, 3, 4]
    assert Promise.all([]).get() == []


def test_all_rejects_with_the_first_rejection():
    first, second = Promise(), Promise()
    combined = Promise.all([first, second])
    second.set_exception(ValueError("second"))
    first.set_exception(ValueError("first"))
    with pytest.raises(ValueError, match="second"):
        combined.get()


def test_settling_twice_is_ignored_and_pending_get_is_an_error():
    promise = Promise()
    with pytest.raises(RuntimeError):
        promise.get()
    promise.set_result(1)
    promise.set_result(2)
    promise.set_exception(ValueError())
    assert promise.get() == 1


def test_resolving_with_itself_rejects():
    promise = Promise()
    promise.set_result(promise)
    assert promise.is_rejected


def test_fill_replaces_promises_in_place_and_settles_once_all_have():
    first, second = Promise(), Promise()
    container = {"a": first, "b": 2, "c": second, "d": Promise.resolve(4)}
    filled = Promise.fill(container, ["a", "c", "d"])
    second.set_result(3)
    assert filled.is_pending
    first.set_result(1)
    assert filled.get() is container
    assert list(container.items()) == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    assert Promise.fill([], []).get() == []


def test_fill_rejects_with_the_first_rejection():
    first, second = Promise(), Promise()
    filled = Promise.fill([first, second], [0, 1])
    second.set_exception(ValueError("second"))
    first.set_exception(ValueError("first"))
    with pytest.raises(ValueError, match="second"):
        filled.get()
    assert Promise.fill([Promise.reject(KeyError("at once"))], [0]).is_rejected


def test_fill_with_recover_replaces_rejected_items():
    pending, failing = Promise(), Promise()
    items = [pending, Promise.reject(ValueError("early")), failing]
    seen = []

    def recover(index, error):
        seen.append((index, str(error)))
        if str(error) == "fatal":
            raise RuntimeError("list fails")
        return None

    filled = Promise.fill(items, [0, 1, 2], recover)
    assert filled.is_pending and seen == [(1, "early")]
    failing.set_exception(ValueError("late"))
    pending.set_result("ok")
    assert filled.get() == ["ok", None, None]
    assert seen == [(1, "early"), (2, "late")]

    doomed = Promise()
    fatal = Promise.fill([doomed], [0], recover)
    doomed.set_exception(ValueError("fatal"))
    with pytest.raises(RuntimeError, match="list fails"):
        fatal.get()
