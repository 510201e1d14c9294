"""The member panel: who this is, their tier and how far to the next, their points, recent visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QListWidget, QProgressBar, QVBoxLayout, QWidget

from pos_app.core.cards import masked
from pos_app.core.rewards import Eligibility
from pos_app.ui import fmt
from pos_app.ui.context import Context
from pos_app.ui.widgets import label

if TYPE_CHECKING:
    from pos_app.terminal import MemberView, Terminal


@dataclass(frozen=True)
class Visit:
    at: datetime
    kind: str
    points: int
    amount: int | None
    receipt: str | None


@dataclass(frozen=True)
class MemberData:
    view: MemberView
    rewards: list[Eligibility]
    visits: list[Visit]


def load(terminal: Terminal, card_or_phone: str) -> MemberData:
    """Worker side: everything the member panel and the rewards list show, in one job."""
    view = terminal.member(card_or_phone)
    visits = [Visit(e.created_at, e.kind, e.points, e.amount, e.receipt)
              for e in terminal.recent_visits(view.card, limit=5)]
    return MemberData(view, terminal.rewards_for(view.card), visits)


class MemberPanel(QFrame):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: MemberData | None = None
        self.setObjectName("memberPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.name = label(role="title")
        self.card = label(role="muted")
        self.blocked = label(self.tr("Blocked: ask a manager before any sale or reward."), role="error")
        self.tier = label(role="tier")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)
        self.next_tier = label(role="muted")
        layout.addWidget(self.name)
        layout.addWidget(self.card)
        layout.addWidget(self.blocked)
        layout.addWidget(self.tier)
        layout.addWidget(self.progress)
        layout.addWidget(self.next_tier)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.spendable = label(role="big", wrap=False)
        self.pending = label(role="value", wrap=False)
        self.expiring = label(role="value", wrap=False)
        grid.addWidget(label(self.tr("Points to spend")), 0, 0)
        grid.addWidget(self.spendable, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(label(self.tr("Pending points")), 1, 0)
        grid.addWidget(self.pending, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(label(self.tr("Expiring within 30 days")), 2, 0)
        grid.addWidget(self.expiring, 2, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)

        layout.addWidget(label(self.tr("Recent visits"), role="section"))
        self.visits = QListWidget()
        self.visits.setObjectName("visits")
        self.visits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.visits.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        layout.addWidget(self.visits, 1)

    def show_member(self, data: MemberData) -> None:
        self.data = data
        view = data.view
        status = view.tier_status
        self.name.setText(view.name)
        contact = view.phone or view.email or ""
        card = self.tr("Card %1").replace("%1", masked(view.card))
        self.card.setText("  ·  ".join(p for p in (card, contact) if p))
        self.blocked.setVisible(view.blocked)
        self.tier.setText(self.tr("%1 tier").replace("%1", view.tier_name))
        self.progress.setValue(status.progress_percent)
        if status.next_tier is None:
            self.next_tier.setText(self.tr("Top tier reached"))
        else:
            self.next_tier.setText(self.tr("%1 more to spend for %2")
                                   .replace("%1", fmt.money(status.missing, self.ctx.currency))
                                   .replace("%2", status.next_tier.name))
        self.spendable.setText(fmt.points(view.spendable))
        self.spendable.setProperty("negative", view.spendable < 0)
        self.pending.setText(fmt.points(view.pending))
        self.expiring.setText(fmt.points(view.expiring_soon))
        self.expiring.setProperty("warn", view.expiring_soon > 0)
        for widget in (self.spendable, self.expiring):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.visits.clear()
        for visit in data.visits:
            self.visits.addItem(self._visit_text(visit))
        if not data.visits:
            self.visits.addItem(self.tr("No visits yet"))

    def _visit_text(self, visit: Visit) -> str:
        kinds = {
            "earn": self.tr("Sale"), "redeem": self.tr("Reward"), "reverse": self.tr("Refund"),
            "adjust": self.tr("Correction"), "expire": self.tr("Expired"), "bonus": self.tr("Bonus"),
        }
        sign = "+" if visit.points > 0 else ""
        parts = [fmt.day(visit.at), kinds.get(visit.kind, visit.kind), f"{sign}{fmt.points(visit.points)}"]
        if visit.amount:
            parts.append(fmt.money(visit.amount, self.ctx.currency))
        return "   ".join(parts)
