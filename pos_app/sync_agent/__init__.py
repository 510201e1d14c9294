"""Terminal side of sync: the agent (``agent``: outbox -> sync.client -> server, and the server's
state back) and the use cases that go online first, else by the offline rules (``online``).

No Qt here; the window reaches this package only through ``pos_app.ui.syncer``.
"""

from pos_app.sync_agent.agent import (
    MAX_SKEW,
    OP_ENVELOPE_BYTES,
    TOKEN_FILE,
    Backoff,
    NotRegistered,
    PushCounts,
    SyncAgent,
    SyncResult,
    backoff_delay,
    read_token,
    within_budget,
    write_token,
)
from pos_app.sync_agent.online import (
    Till,
    check_voucher,
    enroll_checked,
    redeem_confirmed,
    refund_anywhere,
    store_day,
    use_voucher_anywhere,
)

__all__ = [
    "MAX_SKEW", "OP_ENVELOPE_BYTES", "TOKEN_FILE", "Backoff", "NotRegistered", "PushCounts", "SyncAgent",
    "SyncResult", "Till", "backoff_delay", "check_voucher", "enroll_checked", "read_token",
    "redeem_confirmed", "refund_anywhere", "store_day", "use_voucher_anywhere", "within_budget",
    "write_token",
]
