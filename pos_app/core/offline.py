"""Offline redemption policy.

While a terminal's redemptions are not yet acknowledged by the server, two
terminals could spend the same points. The exposure is bounded per member and
day by the program's ``offline_daily_redeem_limit``.
"""

from __future__ import annotations

from pos_app.core.errors import OfflineLimitReached


def check_offline_redeem(cost: int, unacknowledged_today: int, daily_limit: int) -> None:
    if unacknowledged_today + cost > daily_limit:
        left = max(daily_limit - unacknowledged_today, 0)
        raise OfflineLimitReached(left=left, limit=daily_limit)
