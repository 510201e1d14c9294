"""The agent cuts a push batch so that its body stays under the server's MAX_PUSH_BYTES."""

from __future__ import annotations

from datetime import UTC, datetime

from pos_app.store.syncstore import QueuedOp
from pos_app.sync_agent import OP_ENVELOPE_BYTES, within_budget
from sync.protocol import MAX_PUSH_BYTES

AT = datetime(2026, 12, 1, tzinfo=UTC)


def queued(seq: int, size: int) -> QueuedOp:
    return QueuedOp(seq, f"op-{seq}", "sale", "x" * size, AT)


def test_a_batch_of_ordinary_ops_goes_whole() -> None:
    batch = [queued(i, 700) for i in range(1, 501)]
    assert within_budget(batch) == batch


def test_a_batch_of_large_ops_is_cut_before_the_budget() -> None:
    batch = [queued(i, 20_000) for i in range(1, 501)]
    kept = within_budget(batch)
    assert 0 < len(kept) < len(batch) and kept == batch[:len(kept)]
    assert sum(len(q.payload) + OP_ENVELOPE_BYTES for q in kept) <= MAX_PUSH_BYTES
    assert sum(len(q.payload) + OP_ENVELOPE_BYTES for q in batch[:len(kept) + 1]) > MAX_PUSH_BYTES - 400


def test_one_op_always_goes() -> None:
    huge = [queued(1, MAX_PUSH_BYTES * 2), queued(2, 10)]
    assert within_budget(huge) == huge[:1]
